# Email addresses are unique whatever their letter case: a unique index on LOWER(email) replaces
# the case-sensitive one. It fails where two users share an address in different cases; merge or
# change those accounts first.

import django.db.models.functions.text
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("users", "0001_initial"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="user",
            constraint=models.UniqueConstraint(
                django.db.models.functions.text.Lower("email"),
                name="users_user_email_ci_unique",
                violation_error_message="A user with that email address already exists.",
            ),
        ),
        migrations.AlterField(
            model_name="user",
            name="email",
            field=models.EmailField(max_length=254, verbose_name="email address"),
        ),
    ]

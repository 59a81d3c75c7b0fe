"""Users: the custom user model, its admin{% if cookiecutter.__account_pages %}, sign-up and the account pages{% endif %}{% if cookiecutter.use_drf %}, and its API{% endif %}."""

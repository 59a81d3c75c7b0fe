import pytest


@pytest.mark.django_db
def test_no_users_yet(django_user_model):
    assert django_user_model.objects.count() == 0

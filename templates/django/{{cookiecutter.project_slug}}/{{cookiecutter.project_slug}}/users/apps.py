from django.apps import AppConfig


class UsersConfig(AppConfig):
    name = "{{ cookiecutter.project_slug }}.users"
    label = "users"
    verbose_name = "Users"

    def ready(self) -> None:
        # Connects the receiver that counts failed log-ins.
        from . import throttle  # noqa: F401

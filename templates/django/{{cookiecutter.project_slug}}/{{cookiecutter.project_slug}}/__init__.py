"""{{ cookiecutter.project_slug }}: the project's own Django apps."""

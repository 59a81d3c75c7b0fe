"""Users: the custom user model, its admin{% if cookiecutter.frontend == "html" %}, signup and the account pages{% endif %}{% if cookiecutter.use_drf %}, and its API{% endif %}."""

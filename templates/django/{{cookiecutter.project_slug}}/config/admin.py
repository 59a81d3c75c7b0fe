"""The admin site: named after the project, with the throttled log-in form."""

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.forms import AdminAuthenticationForm

from {{ cookiecutter.project_slug }}.users.throttle import ThrottledAuthenticationForm


class AdminLoginForm(ThrottledAuthenticationForm, AdminAuthenticationForm):
    """The admin's log-in form (staff only), counted and limited like every other log-in."""


class AdminSite(admin.AdminSite):
    site_header = f"{settings.PROJECT_NAME} administration"
    site_title = f"{settings.PROJECT_NAME} admin"
    index_title = "Site administration"
    login_form = AdminLoginForm

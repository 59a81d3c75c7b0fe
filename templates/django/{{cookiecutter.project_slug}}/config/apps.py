"""The admin as an app whose default site is the project's own (config/admin.py)."""

from django.contrib.admin.apps import AdminConfig


class ProjectAdminConfig(AdminConfig):
    default_site = "config.admin.AdminSite"

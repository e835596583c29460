from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def create_roles(sender, using, **kwargs):
    # The groups carry permissions of several apps, which Django creates after
    # each app migrates; make sure all of them exist before the groups do.
    from django.apps import apps as installed_apps
    from django.contrib.auth.management import create_permissions

    from .roles import ensure_roles

    for app_config in installed_apps.get_app_configs():
        create_permissions(app_config, verbosity=0, using=using)
    ensure_roles()


class FilingConfig(AppConfig):
    name = "filing"
    verbose_name = _("Filing")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Importing the module registers the system checks.
        from . import checks  # noqa: F401

        post_migrate.connect(create_roles, sender=self)

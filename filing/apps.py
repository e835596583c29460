from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FilingConfig(AppConfig):
    name = "filing"
    verbose_name = _("Filing")
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # Importing the module registers the system checks.
        from . import checks  # noqa: F401

"""Site-wide form tweaks."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm


class TranslatedLoginForm(LoginForm):
    """Wagtail's login form, whose password field otherwise has no translated label."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Password")

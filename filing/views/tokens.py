"""API tokens in the admin: created with their key shown once, revoked at once."""

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm
from wagtail.admin.ui.tables import Column, DateColumn
from wagtail.admin.utils import get_user_display_name
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.permission_policies.base import ModelPermissionPolicy

from .. import actions
from ..models import ApiToken
from ..permissions import administered_units

SCOPE_FIELDS = list(ApiToken.SCOPE_FIELDS.values())


class ApiTokenForm(WagtailAdminModelForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "acting_user" in self.fields:
            # Only filing administrators can be acted as; which unit's is
            # checked in clean().
            field = self.fields["acting_user"]
            field.queryset = (
                get_user_model()
                .objects.filter(administered_units__isnull=False, is_active=True)
                .distinct()
                .order_by("username")
            )
            field.label_from_instance = person_and_username

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("organizing_unit", self.instance.organizing_unit)
        portal = cleaned.get("portal", self.instance.portal)
        if bool(unit) == bool(portal):
            raise ValidationError(
                _("Bind the token to one organizing unit or to one portal."),
                code="unit_or_portal",
            )
        if cleaned.get("may_file"):
            self._check_acting_user(unit, cleaned.get("acting_user"))
        return cleaned

    def _check_acting_user(self, unit, user):
        if not unit:
            self.add_error(
                "may_file", _("Only a unit's token can create and submit filings.")
            )
        elif user is None:
            self.add_error(
                "acting_user",
                _("Name the filing administrator the token acts as."),
            )
        elif not administered_units(user).filter(pk=unit.pk).exists():
            self.add_error(
                "acting_user",
                _("This user is not a filing administrator of the unit."),
            )


def person_and_username(user):
    """A user by name with the username beside it: two people may share a name."""
    name = get_user_display_name(user)
    return name if name == user.username else f"{name} ({user.username})"


class CreateForm(ApiTokenForm):
    class Meta:
        model = ApiToken
        fields = ["name", "organizing_unit", "portal", "acting_user", *SCOPE_FIELDS]


class EditForm(ApiTokenForm):
    revoke = forms.BooleanField(
        label=_("Revoke"),
        required=False,
        help_text=_("The key stops working at once; this cannot be undone."),
    )

    class Meta:
        model = ApiToken
        fields = ["name", "acting_user", *SCOPE_FIELDS]


class CreateView(generic.CreateView):
    def save_instance(self):
        data = {
            name: value
            for name, value in self.form.cleaned_data.items()
            if name in CreateForm.Meta.fields
        }
        token, self.key = actions.create_api_token(self.request.user, **data)
        return token

    def save_action(self):
        # The key is on this page and nowhere else: not in a message kept in
        # the session, not in a URL.
        response = TemplateResponse(
            self.request,
            "filing/api_token_created.html",
            {
                **self.get_context_data(),
                "token": self.object,
                "key": self.key,
                "index_url": reverse(self.index_url_name),
            },
        )
        response["Cache-Control"] = "no-store"
        return response


class EditView(generic.EditView):
    def save_instance(self):
        token = super().save_instance()
        if self.form.cleaned_data.get("revoke"):
            token = actions.revoke_api_token(self.request.user, token)
        return token


class ApiTokenPermissionPolicy(ModelPermissionPolicy):
    """The model's permissions, except that nobody deletes a token.

    A token is revoked instead: its row stays, so the audit history and the
    applications it pushed still name it.
    """

    def user_has_permission(self, user, action):
        return action != "delete" and super().user_has_permission(user, action)


class ApiTokenViewSet(ModelViewSet):
    """Settings → API tokens, for administrators (the model's permissions) only."""

    model = ApiToken
    name = "api_tokens"
    url_prefix = "api-tokens"
    icon = "key"
    add_to_settings_menu = True
    menu_label = _("API tokens")
    add_view_class = CreateView
    edit_view_class = EditView
    inspect_view_enabled = True
    copy_view_enabled = False
    list_display = [
        "name",
        Column("prefix", label=_("key prefix")),
        "organizing_unit",
        "portal",
        Column("scopes_display", label=_("scopes")),
        DateColumn("last_used_at", label=_("last used")),
        DateColumn("revoked_at", label=_("revoked at")),
    ]
    list_filter = ["organizing_unit"]
    inspect_view_fields = [
        "name",
        "prefix",
        "organizing_unit",
        "portal",
        "acting_user",
        *SCOPE_FIELDS,
        "created_by",
        "created_at",
        "last_used_at",
        "revoked_at",
    ]

    def get_form_class(self, for_update=False):
        return EditForm if for_update else CreateForm

"""Who is calling the API: a token of a unit or a portal, or an admin session.

A token authenticates as the user it acts as (or an anonymous user when it
acts as nobody), with the token itself as `request.auth`; what it reaches is
decided by the token's unit or portal and its scopes, never by that user's
other roles.
"""

import datetime

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions, permissions

from ..models import ApiToken
from ..tokens import find_token

# Writing the last-used time on every request would turn each read into a
# write; once a minute is exact enough to tell a live token from a dead one.
LAST_USED_PRECISION = datetime.timedelta(minutes=1)


class InvalidToken(exceptions.AuthenticationFailed):
    default_detail = _("The API token is unknown or has been revoked.")
    default_code = "invalid_token"


class MalformedAuthorization(exceptions.AuthenticationFailed):
    default_detail = _("Send the API token as “Authorization: Bearer <key>”.")
    default_code = "malformed_authorization"


class ApiTokenAuthentication(authentication.BaseAuthentication):
    keyword = "Bearer"

    def authenticate(self, request):
        words = authentication.get_authorization_header(request).split()
        if not words or words[0].lower() != self.keyword.lower().encode():
            return None
        if len(words) != 2:
            raise MalformedAuthorization
        try:
            key = words[1].decode("ascii")
        except UnicodeDecodeError:
            raise MalformedAuthorization from None

        token = find_token(key)
        if token is None:
            raise InvalidToken
        _note_use(token)
        return (token.acting_user or AnonymousUser(), token)

    def authenticate_header(self, request):
        return self.keyword


def _note_use(token):
    now = timezone.now()
    if token.last_used_at and now - token.last_used_at < LAST_USED_PRECISION:
        return
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
    token.last_used_at = now


class ApiTokenScheme(OpenApiAuthenticationExtension):
    target_class = ApiTokenAuthentication
    name = "apiToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": str(
                _(
                    "A key an administrator creates under Settings → API tokens; "
                    "it is shown once."
                )
            ),
        }


def token_of(request):
    """The API token of the request, or None for a session."""
    return request.auth if isinstance(request.auth, ApiToken) else None


class MissingScope(exceptions.PermissionDenied):
    default_detail = _("The API token does not have the scope this needs.")
    default_code = "missing_scope"


class TokenScope(permissions.BasePermission):
    """A token needs `scope`; a logged-in admin user passes, scoped by their roles.

    Subclasses name the scope; `sessions` False keeps a view to tokens alone.
    """

    scope = None
    sessions = True

    def has_permission(self, request, view):
        token = token_of(request)
        if token is None:
            return self.sessions and bool(
                request.user and request.user.is_authenticated
            )
        if self.scope not in token.scopes:
            raise MissingScope
        return True


class ReadsProgress(TokenScope):
    scope = ApiToken.Scope.READ_PROGRESS


class Files(TokenScope):
    scope = ApiToken.Scope.FILE


class PushesApplications(TokenScope):
    scope = ApiToken.Scope.PUSH_APPLICATIONS
    sessions = False

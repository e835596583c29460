"""The guides through Wagtail's API v2, for portals: /api/v2/pages/?locale=ug.

Only guide pages are served, to anyone, read-only. `?locale=` names a content
language in any case, with `-` or `_` and spaces around it (ZH-HANS, zh_Hans,
" ug "). Anything else is a 400 `unknown_locale`, never quietly the default
language: an empty value, a regional variant (ug-CN, zh-CN: portals name the
language we publish, not a region), a language we do not publish. The
answers are pinned in tests/guides/expected/.
"""

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext_lazy as _
from rest_framework import status
from rest_framework.filters import BaseFilterBackend
from rest_framework.permissions import AllowAny
from rest_framework.response import Response
from wagtail.api.v2.filters import LocaleFilter
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.models import Locale, Page, PageViewRestriction

from .models import GuideIndexPage, GuidePage


class UnknownLocale(BadRequestError):
    code = "unknown_locale"
    message = _(
        "Unknown locale %(locale)s: use one of %(choices)s (upper or lower case)."
    )

    def __init__(self, value):
        choices = ", ".join(content_languages())
        super().__init__(self.message % {"locale": repr(value), "choices": choices})


def content_languages():
    return [code for code, _name in settings.WAGTAIL_CONTENT_LANGUAGES]


def normalise_locale(value):
    """The content language `value` names, e.g. 'ZH_Hans' -> 'zh-hans'."""
    code = value.strip().lower().replace("_", "-")
    if code not in content_languages():
        raise UnknownLocale(value)
    return code


class GuideLocaleFilter(BaseFilterBackend):
    def filter_queryset(self, request, queryset, view):
        if "locale" not in request.GET:
            return queryset
        code = normalise_locale(request.GET["locale"])
        locale = Locale.objects.filter(language_code=code).first()
        if locale is None:
            raise UnknownLocale(request.GET["locale"])
        # By the locale itself, not its code: search results can only be
        # filtered on indexed fields, and the page's locale is one.
        return queryset.filter(locale=locale)


class GuidePagesAPIViewSet(PagesAPIViewSet):
    """Published guides and their index, in every content language."""

    permission_classes = [AllowAny]
    # Portals read without a session; none is needed, so no CSRF either.
    authentication_classes = []
    filter_backends = [
        GuideLocaleFilter if backend is LocaleFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]

    def get_base_queryset(self):
        # Guides hang below the root page, outside any site, so the default
        # per-site scoping would hide them.
        restricted = PageViewRestriction.objects.values_list("page__path", flat=True)
        queryset = Page.objects.live().type(GuideIndexPage, GuidePage)
        for path in restricted:
            queryset = queryset.exclude(path__startswith=path)
        return queryset

    def find_object(self, queryset, request):
        # Wagtail passes ?id= to the database as it comes: "abc" would be a 500.
        if "id" in request.GET and not request.GET["id"].isdigit():
            raise BadRequestError("id must be a positive integer")
        return super().find_object(queryset, request)

    def handle_exception(self, exc):
        # The same body as every /api/v1/ error: a stable code and a sentence.
        if isinstance(exc, Http404):
            body = {"code": "not_found", "detail": str(_("Not found."))}
            return Response(body, status=status.HTTP_404_NOT_FOUND)
        if isinstance(exc, BadRequestError):
            code = getattr(exc, "code", "bad_request")
            return Response(
                {"code": code, "detail": str(exc)}, status=status.HTTP_400_BAD_REQUEST
            )
        return super().handle_exception(exc)


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", GuidePagesAPIViewSet)

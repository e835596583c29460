from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.images.views.serve import ServeView

from guides.api import api_router

urlpatterns = [
    # The admin is the whole user interface.
    path("", RedirectView.as_view(pattern_name="wagtailadmin_home", permanent=False)),
    path("admin/", include(wagtailadmin_urls)),
    path("api/v1/", include("config.api_urls")),
    # Wagtail's read API, for the guides only.
    path("api/v2/", api_router.urls),
    # The guides' screenshots, served by Django with a signed URL: they live
    # in MEDIA_ROOT, which no web server in front of us is set up to serve.
    re_path(
        r"^images/([^/]*)/(\d*)/([^/]*)/[^/]*$",
        ServeView.as_view(),
        name="wagtailimages_serve",
    ),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

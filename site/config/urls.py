from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail.admin import urls as wagtailadmin_urls

from guides.api import api_router

urlpatterns = [
    # The admin is the whole user interface.
    path("", RedirectView.as_view(pattern_name="wagtailadmin_home", permanent=False)),
    path("admin/", include(wagtailadmin_urls)),
    path("api/v1/", include("config.api_urls")),
    # Wagtail's read API, for the guides only.
    path("api/v2/", api_router.urls),
]

if settings.DEBUG:
    from django.contrib.staticfiles.urls import staticfiles_urlpatterns

    urlpatterns += staticfiles_urlpatterns()

"""The REST API, mounted at /api/v1/."""

from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from approvals.api import CertificateVerificationView, ReviewOfficeViewSet
from filing.api.applications import ApplicationPushView
from filing.api.views import FilingViewSet

app_name = "api"

router = SimpleRouter()
router.register("offices", ReviewOfficeViewSet, basename="office")
router.register("filings", FilingViewSet, basename="filing")

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api:schema"), name="docs"),
    path(
        "certificates/verify/",
        CertificateVerificationView.as_view(),
        name="certificate_verification",
    ),
    path("applications/", ApplicationPushView.as_view(), name="application_push"),
    path("", include(router.urls)),
]

"""The REST API, mounted at /api/v1/."""

from django.urls import path

from approvals.api import CertificateVerificationView

app_name = "api"

urlpatterns = [
    path(
        "certificates/verify/",
        CertificateVerificationView.as_view(),
        name="certificate_verification",
    ),
]

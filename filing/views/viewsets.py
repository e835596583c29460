"""Admin viewsets of the filing app: the wizard and file downloads."""

from django.urls import path
from wagtail.admin.viewsets.base import ViewSet

from . import files, wizard


class FilingWizardViewSet(ViewSet):
    """The filing wizard: one URL per step, the draft saved after each."""

    name = "filing_wizard"
    url_prefix = "filing/wizard"

    def get_urlpatterns(self):
        return [
            path("new/", wizard.CreateFilingView.as_view(), name="new"),
            path(
                "new/pre-review/",
                wizard.CreatePreReviewFilingView.as_view(),
                name="new_pre_review",
            ),
            path("<int:pk>/", wizard.ResumeView.as_view(), name="resume"),
            path("<int:pk>/basic/", wizard.FirstStepView.as_view(), name="basic"),
            path(
                "<int:pk>/applications/",
                wizard.ApplicationsView.as_view(),
                name="applications",
            ),
            path(
                "<int:pk>/applications/results/",
                wizard.ApplicationsResultsView.as_view(),
                name="applications_results",
            ),
            path(
                "<int:pk>/attachments/",
                wizard.AttachmentsView.as_view(),
                name="attachments",
            ),
            path(
                "<int:pk>/documents/<str:kind>/",
                wizard.DocumentView.as_view(),
                name="document",
            ),
            path(
                "<int:pk>/applications/<int:application_pk>/id-number/",
                wizard.RevealIdNumberView.as_view(),
                name="reveal_id_number",
            ),
            path("<int:pk>/notice/", wizard.NoticeView.as_view(), name="notice"),
            path("<int:pk>/confirm/", wizard.ConfirmView.as_view(), name="confirm"),
            path("<int:pk>/delete/", wizard.DeleteDraftView.as_view(), name="delete"),
        ]


class FilingFilesViewSet(ViewSet):
    """Downloads of scans and generated documents, checked against the user's scope."""

    name = "filing_files"
    url_prefix = "filing/files"

    def get_urlpatterns(self):
        return [
            path(
                "<int:pk>/attachments/<int:attachment_pk>/",
                files.attachment,
                name="attachment",
            ),
            path("<int:pk>/documents/<str:kind>/", files.document, name="document"),
        ]

"""Admin viewsets of the filing app: the wizard and file downloads."""

from django.urls import path
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy
from wagtail.admin.menu import MenuItem
from wagtail.admin.viewsets.base import ViewSet

from ..permissions import importing_units
from . import files, imports, wizard


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


class ApplicationImportViewSet(ViewSet):
    """Importing applications from a spreadsheet, in the "Filing work" menu group."""

    name = "filing_import"
    url_prefix = "filing/import"
    icon = "upload"
    menu_label = gettext_lazy("Import applications")
    menu_name = "import-applications"
    menu_order = 120
    add_to_admin_menu = False

    def get_urlpatterns(self):
        return [
            path("", imports.UploadView.as_view(), name="upload"),
            path("preview/<str:token>/", imports.PreviewView.as_view(), name="preview"),
            path("confirm/<str:token>/", imports.ConfirmView.as_view(), name="confirm"),
            path(
                "template/<str:language>/",
                imports.TemplateDownloadView.as_view(),
                name="template",
            ),
        ]

    @cached_property
    def menu_item_class(self):
        class ImportMenuItem(MenuItem):
            def is_shown(self, request):
                return importing_units(request.user).exists()

        return ImportMenuItem

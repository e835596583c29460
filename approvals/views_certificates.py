"""Certificates in the admin: issuing them, downloading one or all, revoking one.

The filer (administrators of the filing's unit) and the reviewers of the
issuing office may download; only the issuing office's reviewers with the
permission may revoke. Every view looks the object up among those the user
may reach, so anything else is a 404. The rules live in approvals.certificates.
"""

import datetime
import re
import zipfile

from django import forms
from django.conf import settings
from django.contrib import messages
from django.db.models import Exists, OuterRef, Q
from django.http import Http404, StreamingHttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import path, reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.html import conditional_escape
from django.utils.http import content_disposition_header
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View
from django.views.generic import FormView
from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin
from wagtail.admin.viewsets.base import ViewSet

from filing.actions import FilingError
from filing.models import Filing
from filing.permissions import filings_of_units, visible_filings
from filing.templatetags.bidi import ltr
from filing.validators import CHINA_TIME
from filing.views.files import pdf_attachment
from guides import blocks as guide_places
from guides.views import GuideHelpMixin

from . import certificates
from .models import Certificate

# Read from storage and sent on in pieces of this size.
ARCHIVE_CHUNK_BYTES = 64 * 1024

# After this, PDFs still missing are taken to be lost with a failed task:
# django-q2 hands a stuck task to another worker once `retry` seconds pass.
RENDERS_OVERDUE_AFTER = datetime.timedelta(
    seconds=2 * settings.Q_CLUSTER.get("retry", 360)
)


# Scopes


def downloadable_certificates(user):
    """The certificates of the user's units' filings and of their offices."""
    if not user.is_active:
        return Certificate.objects.none()
    if user.is_superuser:
        return Certificate.objects.all()
    return Certificate.objects.filter(
        Q(filing__in=filings_of_units(user).values("pk"))
        | Q(issuing_office__in=user.review_offices.values("pk"))
    )


def revocable_certificates(user):
    if not user.is_active or not user.has_perm("approvals.revoke_certificate"):
        return Certificate.objects.none()
    return Certificate.objects.filter(
        issuing_office__in=user.review_offices.values("pk")
    )


def filings_with_downloadable_certificates(user):
    return Filing.objects.filter(
        Exists(downloadable_certificates(user).filter(filing=OuterRef("pk")))
    )


# The panel on the filing's detail page


def certificates_panel_context(request, filing):
    """What templates/approvals/includes/certificates_panel.html shows.

    Returns {"certificates_panel": …}, None when the user has nothing to see
    or do there, so that the detail view can merge it into its context.
    """
    user = request.user
    can_issue = filing.status == Filing.Status.APPROVED and _may(
        certificates.can_issue_certificates, user, filing
    )
    rows = list(
        downloadable_certificates(user)
        .filter(filing=filing)
        .select_related("application")
        .order_by("number")
    )
    if not rows and not can_issue:
        return {"certificates_panel": None}

    ready = sum(1 for certificate in rows if certificate.file)
    revocable = set(
        revocable_certificates(user)
        .filter(filing=filing, revoked_at__isnull=True)
        .values_list("pk", flat=True)
    )
    return {
        "certificates_panel": {
            "can_issue": can_issue,
            "issue_url": reverse("certificates:issue", args=[filing.pk]),
            "certificates": [
                {
                    "certificate": certificate,
                    # A revoked certificate's PDF would still pass for a
                    # valid one on paper: it is not handed out again.
                    "download_url": (
                        reverse("certificates:download", args=[certificate.pk])
                        if certificate.file and not certificate.revoked_at
                        else None
                    ),
                    "revoke_url": (
                        reverse("certificates:revoke", args=[certificate.pk])
                        if certificate.pk in revocable
                        else None
                    ),
                }
                for certificate in rows
            ],
            "ready": ready,
            "total": len(rows),
            "downloadable": sum(
                1
                for certificate in rows
                if certificate.file and not certificate.revoked_at
            ),
            "archive_url": reverse("certificates:archive", args=[filing.pk]),
            "can_prepare": ready < len(rows)
            and _renders_overdue(rows)
            and _may(certificates.can_prepare_pdfs, user, filing),
            "prepare_url": reverse("certificates:prepare", args=[filing.pk]),
        }
    }


def _may(guard, user, filing):
    try:
        guard(user, filing)
    except FilingError:
        return False
    return True


def _renders_overdue(rows):
    """Whether the renders had time enough to finish, even after a retry.

    Before then the button to prepare the missing PDFs would only queue
    renders that are on their way already.
    """
    issued_at = max(certificate.issued_at for certificate in rows)
    return timezone.now() - issued_at > RENDERS_OVERDUE_AFTER


# Issuing


class IssueView(View):
    """The button on an approved filing's page: number its certificates."""

    http_method_names = ["post"]

    def post(self, request, filing_pk):
        filing = get_object_or_404(visible_filings(request.user), pk=filing_pk)
        try:
            issued = certificates.issue_certificates(request.user, filing)
        except FilingError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _(
                    "%(count)d certificates issued. Their PDFs are being "
                    "prepared; this page shows how many are ready."
                )
                % {"count": len(issued)},
            )
        return redirect(filing.details_url)


class PrepareView(View):
    """The button on the panel when PDFs are overdue: queue their renders again."""

    http_method_names = ["post"]

    def post(self, request, filing_pk):
        filing = get_object_or_404(visible_filings(request.user), pk=filing_pk)
        try:
            missing = certificates.prepare_missing_pdfs(request.user, filing)
        except FilingError as error:
            messages.error(request, str(error.message))
        else:
            messages.success(
                request,
                _("The %(count)d missing PDFs are being prepared again.")
                % {"count": missing},
            )
        return redirect(filing.details_url)


# Downloading


def download(request, pk):
    certificate = get_object_or_404(
        downloadable_certificates(request.user).filter(revoked_at__isnull=True), pk=pk
    )
    if not certificate.file:
        raise Http404
    return pdf_attachment(certificate.file, f"{certificate.number}.pdf")


def download_archive(request, filing_pk):
    """Every ready PDF of a filing in one zip archive, streamed as it is read."""
    filing = get_object_or_404(
        filings_with_downloadable_certificates(request.user), pk=filing_pk
    )
    ready = (
        downloadable_certificates(request.user)
        .filter(filing=filing, revoked_at__isnull=True)
        .exclude(file="")
        .select_related("application")
        .order_by("number")
    )
    if not ready.exists():
        raise Http404

    response = StreamingHttpResponse(zip_stream(ready), content_type="application/zip")
    # Named after the notice, as people file it; the id only if it has none.
    name = _("certificates-%(filing)s.zip") % {
        "filing": filing.notice_number or filing.pk
    }
    response["Content-Disposition"] = content_disposition_header(True, name)
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


class _Sink:
    """A write-only file that hands over what was written, for streaming."""

    def __init__(self):
        self.pieces = []

    def write(self, data):
        self.pieces.append(bytes(data))
        return len(data)

    def flush(self):
        pass

    def take(self):
        data = b"".join(self.pieces)
        self.pieces.clear()
        return data


def zip_stream(certificates_with_files):
    """Yield a zip archive of the certificates' PDFs, one piece at a time.

    The archive is written to a sink that cannot seek, so zipfile puts each
    entry's size after its data; memory holds one piece, not the archive.
    PDFs are compressed already: the entries are stored as they are.
    """
    sink = _Sink()
    with zipfile.ZipFile(sink, "w", compression=zipfile.ZIP_STORED) as archive:
        for certificate in certificates_with_files.iterator(chunk_size=200):
            with (
                certificate.file.open("rb") as source,
                archive.open(archive_entry(certificate), "w") as entry,
            ):
                while piece := source.read(ARCHIVE_CHUNK_BYTES):
                    entry.write(piece)
                    yield sink.take()
            yield sink.take()
    yield sink.take()


def archive_entry(certificate):
    holder = re.sub(r"[^\w·-]+", "_", certificate.application.applicant_name)
    issued = timezone.localtime(certificate.issued_at, CHINA_TIME)
    return zipfile.ZipInfo(
        f"{certificate.number}-{holder}.pdf", date_time=issued.timetuple()[:6]
    )


# Revoking


class RevokeForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason for revoking"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4, "dir": "auto"}),
        help_text=gettext_lazy(
            "Kept with the certificate. Whoever verifies it learns only that it "
            "was revoked, and when."
        ),
        error_messages={"required": certificates.ReasonRequired.message},
    )


class RevokeView(GuideHelpMixin, WagtailAdminTemplateMixin, FormView):
    form_class = RevokeForm
    template_name = "approvals/certificate_revoke.html"
    header_icon = "clipboard-list"
    help_places = [guide_places.REVOKE]

    def setup(self, request, *args, **kwargs):
        super().setup(request, *args, **kwargs)
        self.certificate = get_object_or_404(
            revocable_certificates(request.user).select_related(
                "application", "filing"
            ),
            pk=kwargs["pk"],
        )

    def dispatch(self, request, *args, **kwargs):
        if self.certificate.revoked_at is not None:
            messages.error(request, str(certificates.AlreadyRevoked.message))
            return redirect(self.filing_url)
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def filing_url(self):
        return self.certificate.filing.details_url

    def get_page_title(self):
        return _("Revoke certificate")

    def get_page_subtitle(self):
        return self.certificate.number

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {"url": self.filing_url, "label": str(self.certificate.filing)},
            {"url": "", "label": self.get_page_title()},
        ]

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["certificate"] = self.certificate
        context["cancel_url"] = self.filing_url
        return context

    def form_valid(self, form):
        try:
            certificates.revoke_certificate(
                self.request.user, self.certificate, form.cleaned_data["reason"]
            )
        except FilingError as error:
            field = error.field if error.field in form.fields else None
            form.add_error(field, str(error.message))
            return self.form_invalid(form)
        revoked = conditional_escape(_("Certificate %(number)s revoked."))
        messages.success(
            self.request, mark_safe(revoked % {"number": ltr(self.certificate.number)})
        )
        return redirect(self.filing_url)


class CertificateViewSet(ViewSet):
    """The URLs behind the certificates panel of a filing's detail page."""

    name = "certificates"
    url_prefix = "approvals/certificates"

    def get_urlpatterns(self):
        return [
            path("filing/<int:filing_pk>/issue/", IssueView.as_view(), name="issue"),
            path(
                "filing/<int:filing_pk>/prepare/",
                PrepareView.as_view(),
                name="prepare",
            ),
            path(
                "filing/<int:filing_pk>/archive/",
                download_archive,
                name="archive",
            ),
            path("<int:pk>/", download, name="download"),
            path("<int:pk>/revoke/", RevokeView.as_view(), name="revoke"),
        ]

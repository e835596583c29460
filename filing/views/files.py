"""Serves a filing's scans and generated PDFs to those who may see the filing.

Files live in private storage with no public URL. They are sent as
attachments, never rendered inline, under the name the user gave them.
"""

from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404

from ..models import DocumentKind, GeneratedDocument
from ..permissions import visible_filings


def pdf_attachment(stored_file, filename):
    response = FileResponse(
        stored_file.open("rb"),
        as_attachment=True,
        filename=filename,
        content_type="application/pdf",
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def attachment(request, pk, attachment_pk):
    filing = get_object_or_404(visible_filings(request.user), pk=pk)
    scan = get_object_or_404(filing.attachments, pk=attachment_pk)
    return pdf_attachment(scan.file, scan.original_name)


def document(request, pk, kind):
    filing = get_object_or_404(visible_filings(request.user), pk=pk)
    if kind not in DocumentKind.values:
        raise Http404
    generated = get_object_or_404(
        filing.documents, kind=kind, status=GeneratedDocument.Status.READY
    )
    filename = f"{generated.get_kind_display()}-{filing.pk}.pdf"
    return pdf_attachment(generated.file, filename)

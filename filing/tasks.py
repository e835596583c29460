"""Background work of the filing app, run by django-q2 workers."""

import hashlib
import logging

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from .documents import DOCUMENTS, fingerprint_of, render_document_pdf
from .models import GeneratedDocument

logger = logging.getLogger(__name__)

Status = GeneratedDocument.Status


def render_document(document_id):
    """Render a generated document of a filing and store it in private storage.

    Safe to run twice: a document that is ready for the current data is left
    alone, and a render overtaken by a newer request is thrown away instead of
    being saved over it. The row is locked only to read and to write it, never
    while WeasyPrint works.
    """
    claim = _claim(document_id)
    if claim is None:
        return "unchanged"
    document, context, fingerprint = claim

    if not context["count"]:
        _fail(document_id, fingerprint, "nothing_selected")
        return "failed"

    try:
        rendered = render_document_pdf(document.kind, context)
    except Exception:
        logger.exception("Rendering generated document %s failed", document_id)
        _fail(document_id, fingerprint, "render_failed")
        return "failed"

    return _store(document_id, fingerprint, rendered)


def _locked(document_id):
    return (
        GeneratedDocument.objects.select_for_update(of=("self",))
        .select_related("filing__organizing_unit", "requested_by")
        .filter(pk=document_id)
        .first()
    )


def _claim(document_id):
    """Mark the document as rendering and return what to render, or None."""
    with transaction.atomic():
        document = _locked(document_id)
        if document is None:
            logger.info("Generated document %s no longer exists", document_id)
            return None

        # The data may have changed since the request: render what the filing
        # holds now, and record the fingerprint of exactly that.
        context = DOCUMENTS[document.kind].build_context(document.filing)
        fingerprint = fingerprint_of(context, document.kind)
        if (
            document.status == Status.READY
            and document.fingerprint == fingerprint
            and document.file
        ):
            return None

        document.status = Status.RENDERING
        document.fingerprint = fingerprint
        document.started_at = timezone.now()
        document.finished_at = None
        document.error = ""
        document.save(
            update_fields=[
                "status",
                "fingerprint",
                "started_at",
                "finished_at",
                "error",
            ]
        )
    return document, context, fingerprint


def _store(document_id, fingerprint, rendered):
    sha256 = hashlib.sha256(rendered.content).hexdigest()

    with transaction.atomic():
        document = _locked(document_id)
        if document is None or document.fingerprint != fingerprint:
            logger.info(
                "Discarded a render of generated document %s: a newer request "
                "replaced it",
                document_id,
            )
            return "stale"

        storage = document.file.storage
        previous = document.file.name
        # The name depends on the fingerprint only, so a second run of the
        # same render replaces the file instead of adding a suffixed copy.
        name = document.file.field.generate_filename(document, "document.pdf")
        if storage.exists(name):
            storage.delete(name)
        document.file.save(name, ContentFile(rendered.content), save=False)
        if previous and previous != document.file.name and storage.exists(previous):
            storage.delete(previous)

        document.size = len(rendered.content)
        document.sha256 = sha256
        document.page_count = rendered.page_count
        document.status = Status.READY
        document.finished_at = timezone.now()
        document.error = ""
        document.save()

    logger.info(
        "Rendered generated document %s: %s pages, %s bytes",
        document_id,
        rendered.page_count,
        len(rendered.content),
    )
    return "ready"


def _fail(document_id, fingerprint, error):
    with transaction.atomic():
        document = _locked(document_id)
        if document is None or document.fingerprint != fingerprint:
            return

        document.error = error
        document.status = Status.FAILED
        document.finished_at = timezone.now()
        document.save(update_fields=["status", "error", "finished_at"])

"""Background work of the approvals app: rendering certificate PDFs.

Issuing certificates queues one task per chunk of CERTIFICATES_PER_TASK, so
that every worker process takes its share of a large filing. A task renders
only those of its certificates that have no file yet: run twice, it does
nothing the second time; stopped midway, the next run picks up where it
stopped, since each PDF is recorded as soon as it is written.

One chunk renders in a few seconds (about 30 certificates a second per
process), well inside django-q2's `timeout`, which stays below its `retry`
(settings.Q_CLUSTER): no chunk is handed to a second worker while the first
still works on it.
"""

import hashlib
import logging

from django.core.files.base import ContentFile
from django_q.tasks import async_task

from .certificate_pdf import render_certificate
from .models import Certificate, certificate_path

logger = logging.getLogger(__name__)

CERTIFICATES_PER_TASK = 50


def queue_renders(filing_id):
    """Queue render tasks for the filing's certificates that have no PDF yet."""
    missing = list(
        Certificate.objects.filter(filing_id=filing_id, file="")
        .order_by("pk")
        .values_list("pk", flat=True)
    )
    for start in range(0, len(missing), CERTIFICATES_PER_TASK):
        async_task(
            "approvals.tasks.render_certificates",
            missing[start : start + CERTIFICATES_PER_TASK],
            group=f"certificates-{filing_id}",
        )


def render_certificates(certificate_ids):
    """Task: render and store the PDF of each listed certificate that lacks one.

    A certificate that fails is logged and left for the next run; the others
    go on. The task then fails, so that django-q2 lists it among its failed
    tasks, where an administrator sees it.
    """
    pending = (
        Certificate.objects.filter(pk__in=certificate_ids, file="")
        .select_related(
            "filing",
            "issuing_office",
            "application__qualification__series",
        )
        .order_by("pk")
    )
    rendered, failed = 0, []
    for certificate in pending:
        try:
            store_pdf(certificate, render_certificate(certificate))
        except Exception:
            logger.exception("Rendering certificate %s failed", certificate.pk)
            failed.append(certificate.pk)
        else:
            rendered += 1

    if failed:
        raise RuntimeError(f"certificates not rendered: {failed}")
    return rendered


def store_pdf(certificate, rendered):
    """Write the PDF and record it, unless another run recorded one first."""
    content = rendered.content
    storage = Certificate._meta.get_field("file").storage
    name = certificate_path(certificate, "certificate.pdf")
    # A run stopped between writing and recording left this file: replace it.
    if storage.exists(name):
        storage.delete(name)
    stored = storage.save(name, ContentFile(content))

    recorded = Certificate.objects.filter(pk=certificate.pk, file="").update(
        file=stored, sha256=hashlib.sha256(content).hexdigest()
    )
    if not recorded:
        logger.info("Certificate %s was rendered twice; kept the first", certificate.pk)
        if stored != name:
            storage.delete(stored)
    return bool(recorded)

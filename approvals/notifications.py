"""Telling people what happened to a filing: a dashboard entry and an email.

Actions call `announce(step)` inside their transaction; the work happens in a
django-q2 task once the transaction has committed, never inside the request.
"""

import logging
from functools import partial

from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext_lazy as _
from django_q.tasks import async_task

from filing.validators import CHINA_TIME

from .models import Notification, ReviewStep

logger = logging.getLogger(__name__)

Action = ReviewStep.Action
Event = Notification.Event

# What each action means to the people it concerns. Passing formal review
# concerns nobody but the office that already holds the filing.
EVENTS = {
    Action.SUBMITTED: Event.ARRIVED,
    Action.RESUBMITTED: Event.ARRIVED,
    Action.FORWARDED: Event.ARRIVED,
    # Consent sends the filing on to the next office.
    Action.CONSENTED: Event.ARRIVED,
    Action.RETURNED: Event.RETURNED,
    Action.CONSENT_REFUSED: Event.RETURNED,
    Action.APPROVED: Event.APPROVED,
    Action.CERTIFICATES_ISSUED: Event.CERTIFICATES_ISSUED,
    # The office it was waiting at stops looking for it.
    Action.WITHDRAWN: Event.WITHDRAWN,
}

# One sentence per action, the acting office or unit in brackets.
SENTENCES = {
    Action.SUBMITTED: _("[%(unit)s] submitted “%(title)s” to [%(to_office)s]"),
    Action.RESUBMITTED: _("[%(unit)s] submitted “%(title)s” again to [%(to_office)s]"),
    Action.FORWARDED: _("[%(office)s] forwarded “%(title)s” to [%(to_office)s]"),
    Action.CONSENTED: _(
        "[%(office)s] consented to “%(title)s” and sent it on to [%(to_office)s]"
    ),
    Action.RETURNED: _("[%(office)s] returned “%(title)s” for changes"),
    Action.CONSENT_REFUSED: _("[%(office)s] refused consent to “%(title)s”"),
    Action.APPROVED: _("[%(office)s] approved “%(title)s”"),
    Action.CERTIFICATES_ISSUED: _(
        "[%(office)s] issued the certificates of “%(title)s”"
    ),
    Action.WITHDRAWN: _("[%(unit)s] withdrew “%(title)s”"),
}


class EmailNotSent(Exception):
    """Some emails of a step failed; django-q2 runs the task again later."""


def announce(step):
    """Queue the notifications for a review step once its transaction commits."""
    transaction.on_commit(
        partial(async_task, "approvals.notifications.notify", step.pk)
    )


def notify(step_id):
    """Task: record and email the notifications of one review step.

    Safe to run twice, and at the same time: a recipient has at most one
    notification per step, and each email is claimed before it is sent. A
    failed email is released and the task raises, so that django-q2 tries
    again; the emails already sent are not sent again.
    """
    step = (
        ReviewStep.objects.select_related(
            "filing__organizing_unit", "office", "to_office"
        )
        .filter(pk=step_id)
        .first()
    )
    if step is None or step.action not in EVENTS:
        return 0

    Notification.objects.bulk_create(
        [
            Notification(
                recipient=recipient,
                filing=step.filing,
                step=step,
                event=EVENTS[step.action],
                created_at=step.acted_at,
            )
            for recipient in recipients(step)
        ],
        ignore_conflicts=True,
    )

    unsent = (
        step.notifications.filter(emailed_at__isnull=True, recipient__is_active=True)
        .exclude(recipient__email="")
        .select_related("recipient__wagtail_userprofile")
    )
    failed = [n.pk for n in unsent if not _email(n, step)]
    if failed:
        raise EmailNotSent(f"notifications {failed} of step {step_id}")
    return step.notifications.count()


def recipients(step):
    """The active users a step concerns, never the one who took it."""
    if EVENTS[step.action] in (Event.ARRIVED, Event.WITHDRAWN):
        if step.to_office_id is None:
            return []
        people = step.to_office.reviewers.all()
    else:
        people = step.filing.organizing_unit.administrators.all()
    return people.filter(is_active=True).exclude(pk=step.actor_id).order_by("pk")


def describe(step, *, html=False):
    """The step as one sentence in the active language.

    As HTML, each name and title sits in its own <bdi>, so that Chinese names
    keep their order inside a Uyghur sentence and brackets stay put.
    """
    filing = step.filing
    values = {
        "unit": filing.organizing_unit.localized_name,
        "office": step.office.localized_name if step.office_id else "",
        "to_office": step.to_office.localized_name if step.to_office_id else "",
        "title": str(filing),
    }
    sentence = SENTENCES[step.action]
    if not html:
        return sentence % values
    isolated = {
        key: format_html("<bdi>{}</bdi>", value) for key, value in values.items()
    }
    return mark_safe(escape(sentence) % isolated)  # noqa: S308 (all parts escaped)


def language_of(user):
    """The admin language the user chose, or the site's."""
    profile = getattr(user, "wagtail_userprofile", None)
    language = profile.preferred_language if profile else ""
    if language in dict(settings.LANGUAGES):
        return language
    return settings.LANGUAGE_CODE


def filing_url(filing):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + filing.details_url


def _email(notification, step):
    """Send one notification's email unless another run has; False if it failed."""
    claimed_at = timezone.now()
    claimed = Notification.objects.filter(
        pk=notification.pk, emailed_at__isnull=True
    ).update(emailed_at=claimed_at)
    if not claimed:
        return True

    recipient = notification.recipient
    try:
        with translation.override(language_of(recipient)):
            # A header holds one line, whatever the title contains.
            subject = " ".join(describe(step).split())
            body = render_to_string(
                "approvals/email/notification.txt",
                {
                    "recipient": recipient,
                    "sentence": subject,
                    "step": step,
                    "acted_at": timezone.localtime(step.acted_at, CHINA_TIME),
                    "url": filing_url(step.filing),
                },
            )
        send_mail(subject, body, settings.DEFAULT_FROM_EMAIL, [recipient.email])
    except Exception:
        logger.exception(
            "Emailing notification %s to user %s failed", notification.pk, recipient.pk
        )
        Notification.objects.filter(pk=notification.pk, emailed_at=claimed_at).update(
            emailed_at=None
        )
        return False
    return True

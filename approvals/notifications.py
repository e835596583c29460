"""Telling people what happened to a filing: a dashboard entry and an email.

Actions call `announce(step)` inside their transaction; the work happens in a
django-q2 task once the transaction has committed, never inside the request.
"""

from functools import partial

from django.db import transaction
from django_q.tasks import async_task


def announce(step):
    """Queue the notifications for a review step once its transaction commits."""
    transaction.on_commit(partial(async_task, "approvals.notifications.notify", step.pk))


def notify(step_id):
    """Task: record and email the notifications of one review step."""
    # Being written; see approvals/notifications.py in the next commits.

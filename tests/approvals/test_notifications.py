"""Notifications of review steps: who gets them, their emails, the dashboard panel."""

import datetime
import re
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from wagtail.users.models import UserProfile

from approvals import notifications
from approvals.dashboard import NotificationsPanel
from approvals.models import FilingStop, Notification, ReviewStep, Task
from approvals.notifications import EmailNotSent, announce, notify
from filing.factories import FilingFactory, UserFactory
from filing.models import Filing
from tests.conftest import filing_administrator, grant, reviewer_of

pytestmark = pytest.mark.django_db

Action = ReviewStep.Action
Event = Notification.Event
HOME = "wagtailadmin_home"


def record(filing, action, *, actor, office=None, to_office=None, at=None, **fields):
    """A review step as an action would write it; no notification is sent."""
    return ReviewStep.objects.create(
        filing=filing,
        action=action,
        actor=actor,
        office=office,
        to_office=to_office,
        acted_at=at or timezone.now(),
        **fields,
    )


def arrive(filing, office, *, actor, action=Action.SUBMITTED, at=None, **filing_fields):
    """Brings the filing to a new stop at `office`, recording the step that did."""
    stop = FilingStop.objects.create(
        filing=filing, position=filing.stops.count(), office=office, task=Task.REVIEW
    )
    step = record(filing, action, actor=actor, to_office=office, at=at)
    filing_fields.setdefault("status", Filing.Status.SUBMITTED)
    filing_fields.setdefault("submitted_at", step.acted_at)
    for name, value in filing_fields.items():
        setattr(filing, name, value)
    filing.current_stop = stop
    filing.current_office = office
    filing.last_action_at = step.acted_at
    filing.save()
    return step


def recipients_of(step):
    return {n.recipient.username for n in Notification.objects.filter(step=step)}


@pytest.fixture
def filing(unit, filer):
    return FilingFactory(
        organizing_unit=unit,
        created_by=filer,
        notice_title="关于2024年中级评审结果的通知",
    )


@pytest.fixture
def second_filer(unit):
    return filing_administrator("second_filer", unit)


# Who is told


@pytest.mark.parametrize(
    "action, office, to_office",
    [
        (Action.SUBMITTED, None, "ili"),
        (Action.RESUBMITTED, None, "ili"),
        (Action.FORWARDED, "ili", "hr"),
        (Action.CONSENTED, "education", "hr"),
    ],
)
def test_a_filing_reaching_an_office_is_announced_to_its_active_reviewers(
    chain, filing, filer, action, office, to_office
):
    receiving = chain[to_office]
    away = reviewer_of("away", receiving)
    away.is_active = False
    away.save()
    actor = filer if office is None else chain["reviewers"][office]
    step = record(
        filing,
        action,
        actor=actor,
        office=chain[office] if office else None,
        to_office=receiving,
    )

    notify(step.pk)

    assert recipients_of(step) == {f"reviewer_{to_office}"}
    assert Notification.objects.get(step=step).event == Event.ARRIVED
    assert [m.to for m in mail.outbox] == [[f"reviewer_{to_office}@example.com"]]


@pytest.mark.parametrize(
    "action, event",
    [
        (Action.RETURNED, Event.RETURNED),
        (Action.CONSENT_REFUSED, Event.RETURNED),
        (Action.APPROVED, Event.APPROVED),
        (Action.CERTIFICATES_ISSUED, Event.CERTIFICATES_ISSUED),
    ],
)
def test_returns_approvals_and_certificates_are_announced_to_the_units_filers(
    chain, filing, filer, second_filer, other_filer, action, event
):
    step = record(
        filing,
        action,
        actor=chain["reviewers"]["hr"],
        office=chain["hr"],
        reason="花名册缺少公章",
    )

    notify(step.pk)

    assert recipients_of(step) == {"filer", "second_filer"}
    assert set(Notification.objects.values_list("event", flat=True)) == {event}
    assert sorted(m.to[0] for m in mail.outbox) == [
        "filer@example.com",
        "second_filer@example.com",
    ]


def test_passing_is_announced_to_nobody(chain, filing):
    step = record(
        filing, Action.PASSED, actor=chain["reviewers"]["ili"], office=chain["ili"]
    )

    notify(step.pk)

    assert not Notification.objects.exists()
    assert mail.outbox == []


def test_a_withdrawal_is_announced_to_the_office_it_waited_at(chain, filing, filer):
    step = record(filing, Action.WITHDRAWN, actor=filer, to_office=chain["ili"])

    notify(step.pk)

    assert recipients_of(step) == {"reviewer_ili"}
    assert Notification.objects.get(step=step).event == Event.WITHDRAWN
    assert [m.to for m in mail.outbox] == [["reviewer_ili@example.com"]]


def test_whoever_took_the_step_is_not_told_about_it(chain, filing):
    both = chain["reviewers"]["ili"]
    chain["hr"].reviewers.add(both)
    step = record(
        filing, Action.FORWARDED, actor=both, office=chain["ili"], to_office=chain["hr"]
    )

    notify(step.pk)

    assert recipients_of(step) == {"reviewer_hr"}


def test_running_the_task_twice_tells_everyone_once(chain, filing, filer):
    step = record(filing, Action.SUBMITTED, actor=filer, to_office=chain["ili"])

    notify(step.pk)
    notify(step.pk)

    assert Notification.objects.filter(step=step).count() == 1
    assert len(mail.outbox) == 1


def test_a_step_that_no_longer_exists_is_skipped(db):
    assert notify(123456) == 0


def test_announcing_a_step_notifies_once_its_transaction_commits(
    chain, filing, filer, django_capture_on_commit_callbacks
):
    step = record(filing, Action.SUBMITTED, actor=filer, to_office=chain["ili"])

    with django_capture_on_commit_callbacks(execute=True):
        announce(step)
        assert not Notification.objects.exists()

    assert recipients_of(step) == {"reviewer_ili"}


# Emails


def test_each_email_is_written_in_the_recipients_admin_language(
    chain, filing, filer, second_filer
):
    UserProfile.objects.update_or_create(
        user=filer, defaults={"preferred_language": "ug"}
    )
    office = chain["hr"]
    office.name_ug = "ئاپتونوم رايونلۇق كادىرلار ئىدارىسى"
    office.save()
    acted_at = datetime.datetime(2024, 6, 30, 18, 30, tzinfo=datetime.UTC)
    step = record(
        filing,
        Action.RETURNED,
        actor=chain["reviewers"]["hr"],
        office=office,
        reason="花名册缺少公章",
        at=acted_at,
    )

    notify(step.pk)

    by_recipient = {m.to[0]: m for m in mail.outbox}
    uyghur = by_recipient["filer@example.com"]
    chinese = by_recipient["second_filer@example.com"]
    assert office.name_ug in uyghur.subject
    assert office.name in chinese.subject
    assert office.name not in uyghur.subject
    for message in (uyghur, chinese):
        assert filing.notice_title in message.subject
        assert "2024-07-01 02:30" in message.body
        assert "花名册缺少公章" in message.body
        assert (
            "http://127.0.0.1:8000"
            + reverse("wagtailsnippets_filing_filing:inspect", args=[filing.pk])
            in message.body
        )


def test_a_failed_email_is_sent_on_the_next_run_and_only_once(
    chain, filing, filer, second_filer
):
    step = record(
        filing, Action.APPROVED, actor=chain["reviewers"]["hr"], office=chain["hr"]
    )
    real_send_mail = notifications.send_mail

    def refuse_the_first_filer(subject, body, sender, to):
        if to == ["filer@example.com"]:
            raise ConnectionRefusedError("SMTP server down")
        return real_send_mail(subject, body, sender, to)

    with (
        mock.patch.object(notifications, "send_mail", refuse_the_first_filer),
        pytest.raises(EmailNotSent),
    ):
        notify(step.pk)

    assert [m.to for m in mail.outbox] == [["second_filer@example.com"]]
    unsent = Notification.objects.get(recipient=filer)
    assert unsent.emailed_at is None

    notify(step.pk)
    notify(step.pk)

    assert sorted(m.to[0] for m in mail.outbox) == [
        "filer@example.com",
        "second_filer@example.com",
    ]
    assert Notification.objects.filter(step=step).count() == 2
    assert not Notification.objects.filter(emailed_at__isnull=True).exists()


def test_someone_without_an_email_address_is_still_notified(chain, filing, filer):
    filer.email = ""
    filer.save()
    step = record(
        filing, Action.RETURNED, actor=chain["reviewers"]["ili"], office=chain["ili"]
    )

    notify(step.pk)

    assert recipients_of(step) == {"filer"}
    assert mail.outbox == []


# The dashboard


@pytest.fixture
def returned_then_approved(chain, filing):
    """Two steps announced to the filers: a return, then an approval a day later."""
    reviewer = chain["reviewers"]["ili"]
    returned = record(
        filing,
        Action.RETURNED,
        actor=reviewer,
        office=chain["ili"],
        at=timezone.now() - datetime.timedelta(days=1),
    )
    approved = record(filing, Action.APPROVED, actor=reviewer, office=chain["ili"])
    # Newest first means by the time of the step, whatever order tasks ran in.
    notify(approved.pk)
    notify(returned.pk)
    return returned, approved


def open_url(step, user):
    notification = Notification.objects.get(step=step, recipient=user)
    return reverse("approvals_notification_open", args=[notification.pk])


def test_the_dashboard_lists_unread_notifications_newest_first(
    client, chain, filing, filer, second_filer, returned_then_approved
):
    returned, approved = returned_then_approved
    Notification.objects.filter(recipient=second_filer).update(read_at=timezone.now())
    client.force_login(filer)

    html = client.get(reverse(HOME)).content.decode()

    assert html.index(open_url(approved, filer)) < html.index(open_url(returned, filer))
    assert f"[<bdi>{chain['ili'].name}</bdi>]" in html
    assert f"<bdi>{filing.notice_title}</bdi>" in html
    assert reverse("approvals_notifications_read_all") in html


def test_the_panel_reads_in_the_users_language_and_china_time(
    client, chain, filing, filer
):
    UserProfile.objects.update_or_create(
        user=filer, defaults={"preferred_language": "ug"}
    )
    office = chain["ili"]
    office.name_ug = "ئىلى كەسپىي ئۇنۋان ئىشخانىسى"
    office.save()
    step = record(
        filing,
        Action.RETURNED,
        actor=chain["reviewers"]["ili"],
        office=office,
        at=datetime.datetime(2024, 6, 30, 18, 30, tzinfo=datetime.UTC),
    )
    notify(step.pk)
    client.force_login(filer)

    html = client.get(reverse(HOME)).content.decode()

    assert f"[<bdi>{office.name_ug}</bdi>]" in html
    assert office.name not in html
    assert "2024-07-01 02:30" in html


def test_the_panel_is_left_out_when_nothing_is_unread(client, filer):
    client.force_login(filer)

    html = client.get(reverse(HOME)).content.decode()

    assert reverse("approvals_notifications_read_all") not in html


def test_opening_a_notification_marks_it_read_and_shows_the_filing(
    client, filing, filer, returned_then_approved
):
    returned, approved = returned_then_approved
    client.force_login(filer)

    response = client.get(open_url(returned, filer))

    assert response.status_code == 302
    assert response.url == reverse(
        "wagtailsnippets_filing_filing:inspect", args=[filing.pk]
    )
    unread = Notification.objects.filter(recipient=filer, read_at__isnull=True)
    assert [n.step for n in unread] == [approved]


def test_nobody_opens_another_persons_notification(
    client, second_filer, filer, returned_then_approved
):
    returned, _approved = returned_then_approved
    client.force_login(second_filer)

    response = client.get(open_url(returned, filer))

    assert response.status_code == 404
    assert Notification.objects.get(step=returned, recipient=filer).read_at is None


def test_mark_all_as_read_takes_a_post_and_marks_only_ones_own(
    client, filer, second_filer, returned_then_approved
):
    client.force_login(filer)
    url = reverse("approvals_notifications_read_all")

    assert client.get(url).status_code == 405
    response = client.post(url)

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=filer, read_at=None).exists()
    assert (
        Notification.objects.filter(recipient=second_filer, read_at=None).count() == 2
    )
    html = client.get(reverse(HOME)).content.decode()
    assert url not in html


def test_the_mark_all_as_read_form_carries_its_csrf_token(
    filer, returned_then_approved
):
    client = Client(enforce_csrf_checks=True)
    client.force_login(filer)
    html = client.get(reverse(HOME)).content.decode()
    form = html[html.index('action="' + reverse("approvals_notifications_read_all")) :]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', form).group(1)

    response = client.post(
        reverse("approvals_notifications_read_all"), {"csrfmiddlewaretoken": token}
    )

    assert response.status_code == 302
    assert not Notification.objects.filter(recipient=filer, read_at=None).exists()


def test_a_long_list_says_how_many_more_are_unread(chain, filing, filer, rf):
    for _ in range(13):
        step = record(
            filing,
            Action.RETURNED,
            actor=chain["reviewers"]["ili"],
            office=chain["ili"],
        )
        notify(step.pk)
    request = rf.get("/")
    request.user = filer

    context = NotificationsPanel(request).get_context_data({"csrf_token": "x"})

    assert len(context["entries"]) == NotificationsPanel.shown
    assert context["more"] == 3


def test_the_panel_costs_the_same_queries_for_two_notifications_as_for_ten(
    chain, unit, filer, rf
):
    request = rf.get("/")
    request.user = filer

    def panel_queries():
        with CaptureQueriesContext(connection) as queries:
            NotificationsPanel(request).get_context_data({"csrf_token": "x"})
        return len(queries)

    def returned(count):
        for _ in range(count):
            filing = FilingFactory(organizing_unit=unit)
            step = record(
                filing,
                Action.RETURNED,
                actor=chain["reviewers"]["ili"],
                office=chain["ili"],
            )
            notify(step.pk)

    returned(2)
    few = panel_queries()
    returned(8)
    many = panel_queries()

    assert many == few


def test_the_dashboard_counts_the_filings_waiting_for_the_users_offices(
    client, chain, unit, filer
):
    reviewer = chain["reviewers"]["ili"]
    for _ in range(2):
        arrive(FilingFactory(organizing_unit=unit), chain["ili"], actor=filer)
    arrive(FilingFactory(organizing_unit=unit), chain["kashgar"], actor=filer)
    queue = reverse("review_queue:index")

    client.force_login(reviewer)
    html = client.get(reverse(HOME)).content.decode()
    client.force_login(filer)
    filer_html = client.get(reverse(HOME)).content.decode()

    summary = html[html.index(f'href="{queue}"') :]
    expected = gettext("Waiting for my review (%(count)s)") % {"count": 2}
    assert expected in summary[: summary.index("</a>")]
    assert queue not in filer_html


def test_someone_with_no_office_and_no_unit_sees_neither(client, db):
    user = UserFactory(username="nobody")
    grant(user, "wagtailadmin.access_admin")
    client.force_login(user)

    html = client.get(reverse(HOME)).content.decode()

    assert reverse("review_queue:index") not in html
    assert reverse("approvals_notifications_read_all") not in html

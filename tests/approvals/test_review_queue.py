""" "Waiting for my review": scope, days waited, order, filters, menu and queries."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from wagtail.admin.menu import admin_menu

from approvals.review_queue import days_waited
from filing.factories import FilingFactory, OrganizingUnitFactory
from filing.models import Filing, FilingLevel
from filing.validators import CHINA_TIME, china_today
from tests.approvals.test_notifications import Action, arrive, record
from tests.conftest import reviewer_of

pytestmark = pytest.mark.django_db

QUEUE = "review_queue:index"
Status = Filing.Status


def days_ago(days):
    return timezone.now() - datetime.timedelta(days=days)


def queued(client, query=""):
    response = client.get(reverse(QUEUE) + query)
    assert response.status_code == 200
    return list(response.context["object_list"])


@pytest.fixture
def ili(chain):
    return chain["ili"]


@pytest.fixture
def reviewer(client, chain):
    reviewer = chain["reviewers"]["ili"]
    client.force_login(reviewer)
    return reviewer


@pytest.fixture
def at_ili(unit, filer, ili):
    """Builds a filing of the unit waiting at the Ili office since `days` ago."""

    def build(days=0, status=Status.SUBMITTED, **fields):
        filing = FilingFactory(organizing_unit=unit, created_by=filer, **fields)
        arrive(filing, ili, actor=filer, at=days_ago(days), status=status)
        return filing

    return build


# Scope


def test_the_queue_holds_the_filings_waiting_for_the_users_office(
    client, reviewer, chain, unit, filer, at_ili
):
    waiting = [
        at_ili(status=status)
        for status in (
            Status.SUBMITTED,
            Status.PASSED,
            Status.FORWARDED,
            Status.AWAITING_CONSENT,
            Status.APPROVED,
        )
    ]
    for status in (Status.RETURNED, Status.CERTIFICATES_ISSUED, Status.WITHDRAWN):
        at_ili(status=status)
    FilingFactory(organizing_unit=unit, created_by=filer)
    elsewhere = FilingFactory(organizing_unit=unit, created_by=filer)
    arrive(elsewhere, chain["kashgar"], actor=filer)

    rows = queued(client)

    assert {row.pk for row in rows} == {filing.pk for filing in waiting}


def test_a_reviewer_of_two_offices_sees_both_queues(client, chain, unit, filer):
    both = reviewer_of("both", chain["ili"])
    chain["kashgar"].reviewers.add(both)
    filings = [FilingFactory(organizing_unit=unit) for _ in range(2)]
    arrive(filings[0], chain["ili"], actor=filer)
    arrive(filings[1], chain["kashgar"], actor=filer)
    client.force_login(both)

    rows = queued(client)

    assert {row.pk for row in rows} == {f.pk for f in filings}


def test_a_filing_that_moved_on_leaves_the_queue(client, reviewer, chain, at_ili):
    filing = at_ili()
    record(
        filing,
        Action.FORWARDED,
        actor=reviewer,
        office=chain["ili"],
        to_office=chain["hr"],
    )
    arrive(filing, chain["hr"], actor=reviewer, action=Action.FORWARDED)

    assert queued(client) == []


def test_a_filing_administrator_without_an_office_is_refused(client, filer):
    client.force_login(filer)

    response = client.get(reverse(QUEUE))

    assert response.status_code == 404


def test_anonymous_visitors_are_sent_to_the_login_page(client, db):
    response = client.get(reverse(QUEUE))

    assert response.status_code == 302
    assert reverse("wagtailadmin_login") in response.url


def queue_menu_item(rf, user):
    request = rf.get("/admin/")
    request.user = user
    group = next(
        item
        for item in admin_menu.menu_items_for_request(request)
        if item.name == "filing-work"
    )
    names = [item.name for item in group.menu.menu_items_for_request(request)]
    return "review-queue" in names


def test_only_reviewers_get_the_menu_item(rf, chain, filer):
    assert queue_menu_item(rf, chain["reviewers"]["ili"])
    assert not queue_menu_item(rf, filer)


# Rows


def test_rows_show_the_unit_status_and_a_link_to_the_details(
    client, reviewer, unit, ili, at_ili
):
    filing = at_ili(notice_number="伊州职改〔2024〕7号", declared_headcount=3)

    html = client.get(reverse(QUEUE)).content.decode()

    details = reverse("wagtailsnippets_filing_filing:inspect", args=[filing.pk])
    assert f'href="{details}"' in html
    assert unit.name in html
    assert filing.notice_number in html
    assert f"[{ili.name}]" in html
    assert "（3人）" in html


def test_the_reviewer_can_open_a_filing_from_the_queue(client, reviewer, at_ili):
    filing = at_ili()

    response = client.get(
        reverse("wagtailsnippets_filing_filing:inspect", args=[filing.pk])
    )

    assert response.status_code == 200


def test_days_are_counted_from_the_step_that_brought_the_filing_to_the_office(
    client, reviewer, chain, filer, at_ili
):
    resubmitted = at_ili(days=10)
    record(
        resubmitted,
        Action.RETURNED,
        actor=reviewer,
        office=chain["ili"],
        at=days_ago(8),
    )
    record(
        resubmitted,
        Action.RESUBMITTED,
        actor=filer,
        to_office=chain["ili"],
        at=days_ago(2),
    )
    passed = at_ili(days=6, status=Status.PASSED)
    record(passed, Action.PASSED, actor=reviewer, office=chain["ili"], at=days_ago(1))
    forwarded = FilingFactory(organizing_unit=resubmitted.organizing_unit)
    arrive(forwarded, chain["kashgar"], actor=filer, at=days_ago(20))
    arrive(forwarded, chain["ili"], actor=reviewer, action=Action.FORWARDED)
    today = at_ili(days=0)

    rows = {row.pk: days_waited(row) for row in queued(client)}

    assert rows == {resubmitted.pk: 2, passed.pk: 6, forwarded.pk: 0, today.pk: 0}


def test_a_day_is_a_calendar_day_in_china(client, reviewer, at_ili):
    # However few hours ago that was, it was yesterday for the reviewer.
    yesterday_late = datetime.datetime.combine(
        china_today() - datetime.timedelta(days=1),
        datetime.time(23, 30),
        tzinfo=CHINA_TIME,
    )
    filing = at_ili()
    filing.review_steps.update(acted_at=yesterday_late)

    (row,) = queued(client)

    assert days_waited(row) == 1


def test_the_longest_waiting_filing_comes_first(client, reviewer, at_ili):
    middle, oldest, newest = at_ili(days=3), at_ili(days=9), at_ili(days=1)

    default = [row.pk for row in queued(client)]
    reversed_ = [row.pk for row in queued(client, "?ordering=waited")]

    assert default == [oldest.pk, middle.pk, newest.pk]
    assert reversed_ == [newest.pk, middle.pk, oldest.pk]


# Filters


@pytest.fixture
def two_filings(at_ili):
    return [
        at_ili(notice_title="关于2023年中初级评审结果的通知", review_year=2023),
        at_ili(
            notice_title="关于2024年高级评审结果的通知",
            filing_level=FilingLevel.SENIOR,
            notice_number="伊州职改〔2024〕3号",
            status=Status.APPROVED,
        ),
    ]


@pytest.mark.parametrize(
    "query, expected",
    [
        ("?keyword=2023年", [0]),
        ("?keyword=〔2024〕3号", [1]),
        ("?review_year=2023", [0]),
        ("?filing_level=senior", [1]),
        ("?status=approved", [1]),
        ("?status=submitted", [0]),
    ],
)
def test_the_filters_of_my_filings_narrow_the_queue(
    client, reviewer, two_filings, query, expected
):
    rows = queued(client, query)

    assert {row.pk for row in rows} == {two_filings[i].pk for i in expected}


def test_the_filters_offer_only_what_the_queue_can_hold(
    client, reviewer, chain, unit, filer, at_ili
):
    at_ili()
    elsewhere = OrganizingUnitFactory(name="喀什地区人力资源和社会保障局")
    arrive(FilingFactory(organizing_unit=elsewhere), chain["kashgar"], actor=filer)

    filters = client.get(reverse(QUEUE)).context["filters"]

    units = list(filters.filters["organizing_unit"].queryset)
    statuses = {value for value, _label in filters.form.fields["status"].choices}
    assert units == [unit]
    assert Status.DRAFT not in statuses
    assert Status.RETURNED not in statuses
    assert {Status.SUBMITTED, Status.APPROVED} <= statuses


def test_filtering_by_organizing_unit(client, reviewer, chain, filer, at_ili):
    at_ili()
    other_unit = OrganizingUnitFactory(name="伊宁市人力资源和社会保障局")
    theirs = FilingFactory(organizing_unit=other_unit)
    arrive(theirs, chain["ili"], actor=filer)

    rows = queued(client, f"?organizing_unit={other_unit.pk}")

    assert [row.pk for row in rows] == [theirs.pk]


# Queries


def count_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse(QUEUE))
    assert response.status_code == 200
    return len(queries)


def test_a_page_costs_the_same_queries_for_two_rows_as_for_twenty(
    client, reviewer, chain, filer, at_ili
):
    for _ in range(2):
        at_ili(days=1)
    few = count_queries(client)

    for number in range(18):
        unit = OrganizingUnitFactory()
        filing = FilingFactory(organizing_unit=unit, created_by=filer)
        arrive(filing, chain["ili"], actor=filer, at=days_ago(number))
    many = count_queries(client)

    assert many == few

"""Administrators keep the routes in the admin; a route must end by approving."""

import pytest
from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data

from approvals.models import Route, Task
from filing.factories import UserFactory

pytestmark = pytest.mark.django_db

ADD = "wagtailsnippets_approvals_route:add"


@pytest.fixture
def administrator(db):
    return UserFactory(username="root", is_superuser=True)


def route_form(*stops, title_series=(), filing_kind="post_review"):
    data = nested_form_data(
        {
            "name": "地州单位高级（卫生）",
            "filing_kind": filing_kind,
            "unit_kind": "prefecture",
            "prefecture": "",
            "filing_level": "senior",
            "stops": inline_formset(
                [{"office": office.pk if office else "", "task": task}
                 for office, task in stops]
            ),
        }
    )  # fmt: skip
    # nested_form_data would number a list's items; a multiple choice repeats.
    data["title_series"] = [series.pk for series in title_series]
    return data


def test_an_administrator_adds_a_route_with_its_offices(client, administrator, chain):
    client.force_login(administrator)

    response = client.post(
        reverse(ADD),
        route_form(
            (None, Task.REVIEW),
            (chain["health"], Task.REVIEW),
            (chain["hr"], Task.APPROVE),
            title_series=[chain["health_series"]],
        ),
    )

    assert response.status_code == 302
    # The chain fixture has a route of the same name; this one is the newest.
    route = Route.objects.filter(name="地州单位高级（卫生）").latest("pk")
    assert [(s.office, s.task) for s in route.stops.all()] == [
        (None, "review"),
        (chain["health"], "review"),
        (chain["hr"], "approve"),
    ]
    assert list(route.title_series.all()) == [chain["health_series"]]
    assert route.filing_kind == "post_review"


def test_an_administrator_adds_a_route_for_pre_review_filings(
    client, administrator, chain
):
    client.force_login(administrator)

    response = client.post(
        reverse(ADD),
        route_form(
            (None, Task.REVIEW), (chain["hr"], Task.APPROVE), filing_kind="pre_review"
        ),
    )

    assert response.status_code == 302
    route = Route.objects.latest("pk")
    assert route.filing_kind == "pre_review"
    assert [(s.office, s.task) for s in route.stops.all()] == [
        (None, "review"),
        (chain["hr"], "approve"),
    ]


@pytest.mark.parametrize(
    "tasks",
    [[Task.REVIEW], [Task.APPROVE, Task.REVIEW], [Task.APPROVE, Task.APPROVE]],
)
def test_a_route_that_does_not_end_by_approving_is_refused(
    client, administrator, chain, tasks
):
    client.force_login(administrator)
    before = Route.objects.count()

    response = client.post(
        reverse(ADD), route_form(*[(chain["hr"], task) for task in tasks])
    )

    assert response.status_code == 200
    assert Route.objects.count() == before
    assert response.context["form"].non_field_errors()


def test_filers_and_reviewers_cannot_reach_the_routes(client, chain, filer):
    for user in (filer, chain["reviewers"]["hr"]):
        client.force_login(user)
        listing = client.get(reverse("wagtailsnippets_approvals_route:list"))
        assert listing.status_code == 302  # Wagtail's "permission denied"
        assert client.post(reverse(ADD), route_form()).status_code == 302


def test_the_list_of_offices_reads_in_the_readers_direction(chain):
    from django.utils import translation

    route = Route.objects.get(name="地州单位高级（卫生）")

    with translation.override("zh-hans"):
        assert route.stops_summary().count(" → ") == 2
    with translation.override("ug"):
        assert route.stops_summary().count(" ← ") == 2

"""Who may open and do what on a filing waiting at its first office.

Each cell is tried on a post-review filing and on a pre-review filing that
follow the same route.

Roles: the filer of the filing's unit, a filer of another unit, each office on
the route (Ili, where it waits; the health commission and regional HR, further
along), an office off the route (Kashgar) and an anonymous visitor. Every
view and action is tried by every role. A cell is one of:

- "ok": the page answers 200, or the action takes effect;
- "refused": the user may see the filing but not do this; nothing changes
  and the user is told why (a redirect back with a message);
- "404": the filing is outside the user's scope, so it does not exist for them;
- "login": anonymous visitors are sent to the login page.
"""

import pytest
from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from approvals.models import ReviewStep
from filing import actions
from filing.models import Filing

pytestmark = pytest.mark.django_db

ROLES = ("filer", "other_filer", "ili", "health", "hr", "kashgar", "anonymous")
ON_ROUTE = {"filer": "ok", "ili": "ok", "health": "ok", "hr": "ok"}
OUTSIDE = {"other_filer": "404", "kashgar": "404", "anonymous": "login"}

# GET views: the expected cell per role.
PAGES = {
    "details": ({**ON_ROUTE, **OUTSIDE}, "wagtailsnippets_filing_filing:inspect"),
    "history": ({**ON_ROUTE, **OUTSIDE}, "wagtailsnippets_filing_filing:history"),
    # A submitted filing's wizard sends its own filer to the details page;
    # nobody else has a wizard for it.
    "wizard": (
        {**OUTSIDE, "filer": "redirect", "ili": "404", "health": "404", "hr": "404"},
        "filing_wizard:basic",
    ),
    "return form": (
        {**OUTSIDE, "ili": "ok", "filer": "refused", "health": "refused",
         "hr": "refused"},
        "review:return",
    ),
    "withdraw form": (
        {**OUTSIDE, "filer": "ok", "ili": "404", "health": "404", "hr": "404"},
        "review:withdraw",
    ),
    # Every office on the route opens every attachment.
    "attachment": ({**ON_ROUTE, **OUTSIDE}, "filing_files:attachment"),
}  # fmt: skip

# POST actions: (cells, url name, extra url args, form data, what "ok" did).
NOT_FOR_ANYONE_NOW = {
    **OUTSIDE, "filer": "refused", "ili": "refused", "health": "refused",
    "hr": "refused",
}  # fmt: skip
ACTIONS = {
    "pass": (
        {**NOT_FOR_ANYONE_NOW, "ili": "ok"},
        "review:decide", ["pass"], {}, Filing.Status.PASSED,
    ),
    "forward": (NOT_FOR_ANYONE_NOW, "review:decide", ["forward"], {}, None),
    "consent": (NOT_FOR_ANYONE_NOW, "review:decide", ["consent"], {}, None),
    "approve": (NOT_FOR_ANYONE_NOW, "review:decide", ["approve"], {}, None),
    "return": (
        {**NOT_FOR_ANYONE_NOW, "ili": "ok"},
        "review:return", [], {"reason": "请补充材料"}, Filing.Status.RETURNED,
    ),
    "refuse consent": (
        NOT_FOR_ANYONE_NOW, "review:refuse_consent", [], {"reason": "不同意"}, None,
    ),
    "withdraw": (
        {**OUTSIDE, "filer": "ok", "ili": "404", "health": "404", "hr": "404"},
        "review:withdraw", [], {}, Filing.Status.WITHDRAWN,
    ),
}  # fmt: skip


@pytest.fixture
def people(chain, filer, other_filer):
    reviewers = chain["reviewers"]
    return {
        "filer": filer,
        "other_filer": other_filer,
        "ili": reviewers["ili"],
        "health": reviewers["health"],
        "hr": reviewers["hr"],
        "kashgar": reviewers["kashgar"],
        "anonymous": None,
    }


@pytest.fixture(params=["post_review", "pre_review"])
def waiting(request, chain, senior_filing, senior_meeting, filer):
    """A senior filing at Ili: results, or (same route, same cells) its meeting."""
    build = senior_filing if request.param == "post_review" else senior_meeting
    return actions.submit_filing(filer, build())


def client_of(user):
    client = Client()
    if user is not None:
        client.force_login(user)
    return client


def outcome(response, filing, before):
    """The cell a response fills: what happened, judged from outside."""
    if response.status_code == 404:
        return "404"
    if response.status_code == 200:
        return "ok"
    location = response.headers.get("Location", "")
    if response.status_code == 302 and "/login/" in location:
        return "login"
    filing.refresh_from_db()
    changed = ReviewStep.objects.filter(filing=filing).count() != before
    if response.status_code == 302 and changed:
        return "ok"
    errors = [m for m in get_messages(response.wsgi_request) if m.level_tag == "error"]
    if response.status_code == 302 and errors:
        details = reverse("wagtailsnippets_filing_filing:inspect", args=[filing.pk])
        return "refused" if location == details else "redirect"
    if response.status_code == 302:
        return "redirect"
    return f"answered {response.status_code}"


def test_the_matrix_lists_every_role_in_every_cell():
    for cells, *_rest in [*PAGES.values(), *ACTIONS.values()]:
        assert set(cells) == set(ROLES)


@pytest.mark.parametrize("page", PAGES)
def test_each_role_opens_only_the_pages_it_may(page, people, waiting):
    cells, url_name = PAGES[page]
    args = [waiting.pk]
    if page == "attachment":
        args.append(waiting.attachments.first().pk)
    url = reverse(url_name, args=args)
    before = ReviewStep.objects.filter(filing=waiting).count()

    found = {
        role: outcome(client_of(user).get(url), waiting, before)
        for role, user in people.items()
    }

    assert found == cells


@pytest.mark.parametrize("action", ACTIONS)
def test_each_role_does_only_what_it_may(action, people, waiting):
    cells, url_name, extra, data, effect = ACTIONS[action]
    url = reverse(url_name, args=[waiting.pk, *extra])
    # Those refused go first: nothing they try may change the filing.
    order = sorted(people, key=lambda role: cells[role] == "ok")
    before = ReviewStep.objects.filter(filing=waiting).count()

    found = {}
    for role in order:
        found[role] = outcome(client_of(people[role]).post(url, data), waiting, before)
        if cells[role] != "ok":
            waiting.refresh_from_db()
            assert waiting.status == Filing.Status.SUBMITTED, role

    assert found == cells
    if effect is not None:
        waiting.refresh_from_db()
        assert waiting.status == effect


def test_the_queue_lists_the_filing_for_its_office_alone(people, waiting):
    url = reverse("review_queue:index")
    listed = {}
    for role, user in people.items():
        response = client_of(user).get(url)
        if response.status_code == 200:
            listed[role] = waiting.notice_title in response.content.decode()
        else:
            listed[role] = outcome(response, waiting, 0)

    assert listed == {
        "ili": True,
        "health": False,
        "hr": False,
        "kashgar": False,
        # Filing administrators have no queue: for them it does not exist.
        "filer": "404",
        "other_filer": "404",
        "anonymous": "login",
    }


# Certificates: the same roles once regional HR has approved the filing.

CERTIFICATE_PAGES = {
    # The filer and the issuing office download; the other offices on the
    # route read the filing but not its people's certificates.
    "one certificate": {
        **OUTSIDE, "filer": "ok", "hr": "ok", "ili": "404", "health": "404",
    },
    "all as a zip": {
        **OUTSIDE, "filer": "ok", "hr": "ok", "ili": "404", "health": "404",
    },
    "revoke form": {
        **OUTSIDE, "hr": "ok", "filer": "404", "ili": "404", "health": "404",
    },
}  # fmt: skip


@pytest.fixture
def approved(chain, senior_filing, filer):
    from approvals import actions as review

    waiting = actions.submit_filing(filer, senior_filing())
    people = chain["reviewers"]
    for office in ("ili", "health"):
        review.pass_review(people[office], waiting)
        review.forward(people[office], waiting)
    return review.approve(people["hr"], waiting)


def certificate_url(page, filing):
    certificate = filing.certificates.order_by("number").first()
    if page == "one certificate":
        return reverse("certificates:download", args=[certificate.pk])
    if page == "all as a zip":
        return reverse("certificates:archive", args=[filing.pk])
    return reverse("certificates:revoke", args=[certificate.pk])


def test_only_the_approving_office_issues_the_certificates(people, approved):
    url = reverse("certificates:issue", args=[approved.pk])
    cells = {**NOT_FOR_ANYONE_NOW, "hr": "ok"}
    order = sorted(people, key=lambda role: cells[role] == "ok")
    before = ReviewStep.objects.filter(filing=approved).count()

    found = {
        role: outcome(client_of(people[role]).post(url), approved, before)
        for role in order
    }

    assert found == cells
    assert approved.certificates.count() == 2


@pytest.mark.parametrize("page", CERTIFICATE_PAGES)
def test_each_role_reaches_only_the_certificates_it_may(
    page, people, approved, chain, django_capture_on_commit_callbacks
):
    from approvals.certificates import issue_certificates

    with django_capture_on_commit_callbacks(execute=True):
        issue_certificates(chain["reviewers"]["hr"], approved)
    url = certificate_url(page, approved)

    found = {
        role: outcome(client_of(user).get(url), approved, 0)
        for role, user in people.items()
    }

    assert found == CERTIFICATE_PAGES[page]

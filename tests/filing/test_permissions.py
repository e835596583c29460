"""Nobody reaches another unit's filing, not even by guessing its id."""

import pytest
from django.urls import reverse

from approvals.factories import ReviewOfficeFactory
from filing import actions
from filing.factories import UserFactory
from filing.models import AttachmentKind, DocumentKind, Filing
from filing.permissions import FilingPermissionPolicy
from tests.conftest import grant
from tests.support import one_page_pdf, ready_to_submit

pytestmark = pytest.mark.django_db


@pytest.fixture
def scan(filer, filing):
    from filing.scans import inspect_scan

    upload = one_page_pdf()
    return actions.upload_attachment(
        filer, filing, AttachmentKind.MEETING_MINUTES, upload, inspect_scan(upload)
    )


def urls_of(filing, scan):
    """Every admin URL that shows or changes one filing."""
    wizard = [
        reverse(f"filing_wizard:{name}", args=[filing.pk])
        for name in (
            "resume",
            "basic",
            "applications",
            "applications_results",
            "attachments",
            "notice",
            "confirm",
            "delete",
        )
    ]
    return [
        *wizard,
        reverse("filing_wizard:document", args=[filing.pk, DocumentKind.DRAFT_NOTICE]),
        reverse(
            "filing_wizard:reveal_id_number",
            args=[filing.pk, filing.eligible_pool().values_list("pk", flat=True)[0]],
        ),
        reverse("filing_files:attachment", args=[filing.pk, scan.pk]),
        reverse("filing_files:document", args=[filing.pk, DocumentKind.NOTICE_ROSTER]),
        *(
            reverse(f"wagtailsnippets_filing_filing:{name}", args=[filing.pk])
            for name in ("inspect", "edit", "delete", "history", "usage")
        ),
    ]


def test_another_units_filer_gets_404_on_every_url_of_the_filing(
    client, other_filer, filing, scan, pool
):
    client.force_login(other_filer)

    statuses = {url: client.get(url).status_code for url in urls_of(filing, scan)}

    assert set(statuses.values()) == {404}, statuses


def test_another_units_filer_cannot_change_the_filing_by_posting(
    client, other_filer, filing, scan, pool
):
    client.force_login(other_filer)

    responses = [
        client.post(
            reverse("filing_wizard:applications", args=[filing.pk]),
            {"operation": "select", "all_matching": "1"},
        ),
        client.post(reverse("filing_wizard:delete", args=[filing.pk])),
        client.post(reverse("filing_wizard:confirm", args=[filing.pk])),
        client.post(
            reverse(
                "filing_wizard:document", args=[filing.pk, DocumentKind.DRAFT_NOTICE]
            )
        ),
    ]

    assert {r.status_code for r in responses} == {404}
    assert Filing.objects.filter(pk=filing.pk).exists()
    assert filing.entries.count() == 0
    assert not filing.documents.exists()


def test_the_listing_and_its_exports_show_only_the_users_units(
    client, other_filer, filing
):
    client.force_login(other_filer)
    listing = reverse("wagtailsnippets_filing_filing:list")

    page = client.get(listing)
    csv = b"".join(client.get(listing + "?export=csv").streaming_content)

    assert filing not in page.context["object_list"]
    assert filing.notice_title.encode() not in csv


def test_an_anonymous_visitor_is_sent_to_the_login_page(client, filing, scan, pool):
    for url in urls_of(filing, scan):
        response = client.get(url)

        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("wagtailadmin_login"))


def test_a_reviewer_of_an_unrelated_office_sees_nothing(client, filing, scan, pool):
    reviewer = grant(
        UserFactory(username="reviewer"),
        "wagtailadmin.access_admin",
        "filing.view_filing",
    )
    reviewer.review_offices.add(
        ReviewOfficeFactory(
            name="喀什地区职称改革工作领导小组办公室", prefecture="653100"
        )
    )
    client.force_login(reviewer)

    statuses = {url: client.get(url).status_code for url in urls_of(filing, scan)}

    assert set(statuses.values()) == {404}, statuses


def test_the_receiving_office_may_view_a_submitted_filing_but_never_edit_it(
    client, filer, filing, pool, office
):
    reviewer = grant(
        UserFactory(username="reviewer"),
        "wagtailadmin.access_admin",
        "filing.view_filing",
    )
    office.reviewers.add(reviewer)
    ready_to_submit(filer, filing, pool, office)
    actions.submit_filing(filer, filing)
    scan = filing.attachments.first()
    client.force_login(reviewer)

    details = client.get(
        reverse("wagtailsnippets_filing_filing:inspect", args=[filing.pk])
    )
    download = client.get(reverse("filing_files:attachment", args=[filing.pk, scan.pk]))
    wizard = client.get(reverse("filing_wizard:basic", args=[filing.pk]))

    assert details.status_code == 200
    assert download.status_code == 200
    assert wizard.status_code == 404
    with pytest.raises(actions.NotPermitted):
        actions.update_basic_information(reviewer, filing, notice_title="x")


def test_wagtails_generic_and_bulk_delete_find_nothing_to_delete(client, filer, filing):
    policy = FilingPermissionPolicy(Filing)
    client.force_login(filer)

    client.post(
        reverse("wagtail_bulk_action", args=["filing", "filing", "delete"])
        + f"?id={filing.pk}"
    )
    client.post(reverse("wagtailsnippets_filing_filing:delete", args=[filing.pk]))

    assert not policy.user_has_permission_for_instance(filer, "delete", filing)
    assert Filing.objects.filter(pk=filing.pk).exists()


def test_a_filing_cannot_be_chosen_through_a_snippet_chooser(client, filer, filing):
    client.force_login(filer)

    response = client.get(f"/admin/snippets/choose/filing/filing/?q={filing.pk}")

    assert response.status_code == 404

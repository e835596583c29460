"""The dashboard a filing administrator lands on after logging in."""

import pytest
from django.urls import reverse

from filing.factories import FilingFactory

pytestmark = pytest.mark.django_db


def test_the_dashboard_lists_the_users_drafts_with_a_link_to_resume_them(
    client, filer, filing, other_unit
):
    elsewhere = FilingFactory(organizing_unit=other_unit, notice_title="别人的备案")
    client.force_login(filer)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert reverse("filing_wizard:resume", args=[filing.pk]) in html
    assert reverse("filing_wizard:new") in html
    assert elsewhere.notice_title not in html


def test_the_admin_links_to_no_foreign_service(client, filer):
    client.force_login(filer)

    html = client.get(reverse("wagtailadmin_home")).content.decode()

    assert "gravatar.com" not in html
    assert "guide.wagtail.org" not in html

"""Right to left: Uyghur text fields follow their text, numbers keep their order.

In a Uyghur sentence the Unicode bidirectional algorithm would pull a
certificate number, an ID number or a date with several digit groups apart;
each such value sits in its own isolate (<bdi>), and each field where people
write Chinese or Uyghur takes its direction from what is typed (dir="auto").
"""

import re

import pytest
from django.urls import reverse
from wagtail.users.models import UserProfile

from approvals.certificates import issue_certificates
from filing import actions
from filing.templatetags.bidi import isolated, ltr

from .certificate_fixtures import (  # noqa: F401 (fixtures, known by short names)
    approved_filing_fixture,
    hr_office_fixture,
    issuer_fixture,
)

pytestmark = pytest.mark.django_db

TEXT_FIELDS = re.compile(r"<textarea[^>]*>|<input[^>]*type=\"text\"[^>]*>")


def uyghur_client(client, user):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = "ug"
    profile.save()
    client.force_login(user)
    return client


def fields_of(html, *names):
    tags = TEXT_FIELDS.findall(html)
    return [tag for tag in tags if any(f'name="{name}"' in tag for name in names)]


def test_the_filters_isolate_and_escape():
    assert ltr("RST-2026-000123") == '<bdi dir="ltr">RST-2026-000123</bdi>'
    assert isolated("<王喆>") == "<bdi>&lt;王喆&gt;</bdi>"


def test_revoking_keeps_the_certificate_number_in_order(
    client, approved_filing, issuer
):
    filing = approved_filing(["王喆"])
    [certificate] = issue_certificates(issuer, filing)
    reader = uyghur_client(client, issuer)
    revoke = reverse("certificates:revoke", args=[certificate.pk])

    form = reader.get(revoke).content.decode()
    done = reader.post(revoke, {"reason": "ئىسمى خاتا"}, follow=True)

    number = f'<bdi dir="ltr">{certificate.number}</bdi>'
    assert 'dir="rtl"' in form
    assert number in form
    assert "<bdi>王喆</bdi>" in form
    assert number in done.content.decode()
    [reason] = fields_of(form, "reason")
    assert 'dir="auto"' in reason


def test_the_forms_where_people_write_follow_what_they_type(
    client, chain, senior_filing, filer
):
    filing = actions.submit_filing(filer, senior_filing())
    reviewer = uyghur_client(client, chain["reviewers"]["ili"])

    send_back = reviewer.get(reverse("review:return", args=[filing.pk]))
    client.force_login(filer)
    withdraw = uyghur_client(client, filer).get(
        reverse("review:withdraw", args=[filing.pk])
    )

    for response in (send_back, withdraw):
        html = response.content.decode()
        [reason] = fields_of(html, "reason")
        assert 'dir="auto"' in reason
        assert f"<bdi>{filing}</bdi>" in html


def test_the_notice_title_follows_what_is_typed(client, filer, filing):
    writer = uyghur_client(client, filer)

    html = writer.get(reverse("filing_wizard:basic", args=[filing.pk])).content

    [title] = fields_of(html.decode(), "notice_title")
    assert 'dir="auto"' in title

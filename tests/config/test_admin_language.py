"""The admin reads in Chinese and in Uyghur, with no English, on every filing screen.

Walks, in zh-hans and in ug, every screen a filing administrator reaches: the
login page, the dashboard and its sidebar (the 备案工作 menu), 我的备案 with its
filters, pages, sorting, empty states and export, each of the five wizard
steps, a filing's details and history, the account page, and the page shown
after each action with its message; then the review-office snippets as the
content editor who keeps them. A screen fails when it does not answer 200,
when its <html> element has the wrong `lang` or `dir`, or when what it shows
or reads out (text, tooltips, labels for screen readers, the sidebar's menu,
the wizard script's sentences) still holds English.

When it fails, it lists each English string with the screen it is on. Ours:
run `make messages` and translate the new entries in locale/. Wagtail's, and
missing from Wagtail's own catalogue for that language: add the msgid to
site/config/wagtail_strings.py, run `make messages`, translate it. Then
`manage.py compilemessages --ignore=.venv` (make test does it) and run again.
"""

import datetime
import json
import re
from html.parser import HTMLParser
from pathlib import Path

import polib
import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.template.defaultfilters import filesizeformat
from django.test import Client
from django.urls import reverse
from django.utils import translation
from wagtail.images import get_image_model
from wagtail.models import Locale
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield
from wagtail.users.models import UserProfile

from approvals import actions as review
from approvals.certificates import issue_certificates
from approvals.models import ReviewOffice, Route
from filing import actions
from filing.factories import (
    ApplicationFactory,
    FilingFactory,
    QualificationFactory,
    UserFactory,
)
from filing.models import (
    AttachmentKind,
    DataSource,
    Filing,
    FilingLevel,
    TitleLevel,
)
from filing.roles import CONTENT_EDITORS
from filing.scans import inspect_scan
from guides.content import load_guides
from tests.support import meeting_fields, one_page_pdf

pytestmark = pytest.mark.django_db

LANGUAGES = ["zh-hans", "ug"]
HTML_ATTRIBUTES = {
    "zh-hans": {"lang": "zh-hans", "dir": "ltr"},
    "ug": {"lang": "ug", "dir": "rtl"},
}
LOCALE_DIR = Path(__file__).resolve().parents[2] / "locale"

# Attributes whose text a person reads or hears.
READ_ATTRIBUTES = {
    "alt",
    "aria-description",
    "aria-label",
    "data-confirm",
    "data-w-tooltip-content-value",
    "placeholder",
    "title",
}
BUTTON_INPUT_TYPES = {"button", "reset", "submit"}

# Latin that belongs on a Chinese or Uyghur page: file formats and units as
# both languages write them, and names.
ALLOWED_WORDS = {
    *("PDF", "pdf", "XLSX", "CSV", "JPEG", "JPG", "PNG", "GIF", "AVIF", "WEBP", "TIFF"),
    *("KB", "MB", "GB"),
    *("ID", "API", "Wagtail", "JavaScript"),
}
# Addresses, e-mail addresses, placeholders the wizard's script fills in,
# anything holding a digit (application and ID numbers such as RSSQ2024000001
# or 6501**********123X, dates, sizes).
NOT_PROSE = re.compile(
    r"https?://\S+|\S+@\S+|%\(\w+\)[sd]|\S*\d\S*"
    # File names (an image's, in its edit form), the app_label.model names
    # of page types (the page types report) and form fields' names.
    r"|\S+\.(?:png|pdf|jpe?g)\b|\b[a-z]+\.[a-z]+\b"
    r"|\b[a-z]+(?:_[a-z]+)+\b"
)
LATIN_RUN = re.compile(
    r"[A-Za-z]+(?:['’-][A-Za-z]+)*(?:[\s,.:;!?()/&]+[A-Za-z]+(?:['’-][A-Za-z]+)*)*"
)
LATIN_WORD = re.compile(r"[A-Za-z]+")

# English that Wagtail 8 writes straight into its templates and forms, outside
# any catalogue, so no translation can reach it: (where, text).
KNOWN_WAGTAIL_ENGLISH = {
    # wagtailadmin/shared/headers/_actions.html: <nav aria-label="Actions">
    ("nav@aria-label", "Actions"),
    # wagtailadmin/home.html and shared/header.html: the screen-reader-only
    # button of the search forms, <input type="submit" value="Search">.
    ("input@value", "Search"),
    # wagtailadmin/shared/side_panel_toggle.html: the hidden counter of the
    # status panel's toggle prints an empty count as None.
    ("text", "None"),
}

# Strings of Wagtail's admin scripts shown on these screens (sidebar badges,
# the form minimap, the side panel); /admin/jsi18n/ must translate them.
SCRIPT_STRINGS = [
    "(New)",
    "(1 new item in this menu)",
    "(%(number)s new items in this menu)",
    "%(num)s error",
    "%(num)s pixel",
]


class VisibleText(HTMLParser):
    """What a page shows or reads out, as (where, text) pairs."""

    SKIPPED = {"script", "style", "kbd"}  # kbd: key names, Latin by design

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.pieces = []
        self.html_attributes = None
        self.skipping = 0
        self.json_script = None
        self.json_text = []
        self.label_for = None
        self.option_value = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "html":
            self.html_attributes = attrs
        if tag == "script" and attrs.get("type") == "application/json":
            self.json_script = attrs.get("id")
        if tag in self.SKIPPED:
            self.skipping += 1
        if tag == "label":
            self.label_for = attrs.get("for")
        if tag == "option":
            self.option_value = attrs.get("value")
        for name, value in attrs.items():
            if value and name in READ_ATTRIBUTES:
                self.pieces.append((f"{tag}@{name}", value))
        if tag == "input" and attrs.get("type") in BUTTON_INPUT_TYPES:
            self.pieces.append(("input@value", attrs.get("value") or ""))

    def handle_endtag(self, tag):
        if tag in self.SKIPPED:
            self.skipping = max(self.skipping - 1, 0)
        if tag == "script" and self.json_script:
            self.read_json("".join(self.json_text))
            self.json_script, self.json_text = None, []
        if tag == "label":
            self.label_for = None
        if tag == "option":
            self.option_value = None

    def handle_data(self, data):
        if self.json_script:
            self.json_text.append(data)
        if self.skipping or not data.strip():
            return
        if self.option_value is not None and data.strip() == self.option_value:
            return  # an identifier offered as itself, e.g. a time zone
        where = f"label:{self.label_for}" if self.label_for else "text"
        self.pieces.append((where, data))

    def read_json(self, text):
        if self.json_script == "wagtail-sidebar-props":
            self.pieces += [("sidebar", label) for label in labels(json.loads(text))]
        elif self.json_script == "wizard-strings":
            strings = json.loads(text)
            self.pieces += [
                ("wizard script", value)
                for value in strings.values()
                if isinstance(value, str)
            ]


def labels(data):
    """Every menu label in the sidebar's properties."""
    if isinstance(data, dict):
        for key, value in data.items():
            if key == "label" and isinstance(value, str):
                yield value
            else:
                yield from labels(value)
    elif isinstance(data, list):
        for value in data:
            yield from labels(value)


def english_in(where, text):
    if (where, text.strip()) in KNOWN_WAGTAIL_ENGLISH:
        return []
    runs = LATIN_RUN.findall(NOT_PROSE.sub(" ", text))
    return [
        run
        for run in runs
        if any(word not in ALLOWED_WORDS for word in LATIN_WORD.findall(run))
    ]


def problems_of(response, language, *, fragment=False):
    """Why a screen does not read as `language`; empty when it does."""
    if response.status_code != 200:
        return [f"answered {response.status_code}"]

    page = VisibleText()
    page.feed(response.content.decode())
    problems = []
    if not fragment:
        found = page.html_attributes or {}
        expected = HTML_ATTRIBUTES[language]
        actual = {name: found.get(name) for name in expected}
        if actual != expected:
            problems.append(f"<html> has {actual}, expected {expected}")
    for where, text in page.pieces:
        problems += [f"{run!r} ({where})" for run in english_in(where, text)]
    return list(dict.fromkeys(problems))


def speak(user, language):
    profile = UserProfile.get_for_user(user)
    profile.preferred_language = language
    profile.save()


def client_for(user, language):
    speak(user, language)
    client = Client()
    client.force_login(user)
    return client


def not_a_pdf():
    return SimpleUploadedFile("扫描件.jpg", b"\xff\xd8\xff\xe0", "image/jpeg")


def upload_scans(user, filing):
    for number, kind in enumerate(filing.attachment_kinds, start=1):
        scan = one_page_pdf(f"扫描件{number}.pdf")
        actions.upload_attachment(user, filing, kind, scan, inspect_scan(scan))


class Walk:
    """Visits screens and keeps, per screen, what does not read as the language."""

    def __init__(self, language):
        self.language = language
        self.failures = {}

    def check(self, name, url, response, *, fragment=False):
        problems = problems_of(response, self.language, fragment=fragment)
        if problems:
            self.failures[f"{name} ({url})"] = problems

    def get(self, client, name, url, **kwargs):
        self.check(name, url, client.get(url, follow=True), **kwargs)

    def post(self, client, name, url, data=None):
        self.check(name, f"POST {url}", client.post(url, data or {}, follow=True))

    def report(self):
        count = len(self.failures)
        lines = [f"{self.language}: English or a wrong page on {count} screen(s):"]
        for screen, problems in self.failures.items():
            lines.append(f"  {screen}")
            lines += [f"      {problem}" for problem in problems]
        return "\n".join(lines)


@pytest.fixture
def named_filer(filer):
    filer.first_name, filer.last_name = "古丽", "阿依"
    filer.save()
    return filer


@pytest.fixture
def editor(db):
    # Usernames are data, listed as they are (the office form offers every user
    # as a reviewer); a digit marks this one as an identifier, not English.
    user = UserFactory(username="editor01", first_name="娜扎", last_name="买买提")
    user.groups.add(Group.objects.get(name=CONTENT_EDITORS))
    return user


@pytest.fixture
def filings(unit, named_filer, office):
    """A filing at each wizard step, a submitted one, and enough for two pages."""
    filer = named_filer
    intermediate = QualificationFactory(level=TitleLevel.INTERMEDIATE)
    junior = QualificationFactory(level=TitleLevel.JUNIOR)
    pool = ApplicationFactory.create_batch(
        60, organizing_unit=unit, qualification=intermediate
    )
    ApplicationFactory.create_batch(3, organizing_unit=unit, qualification=junior)

    def new(title="", headcount=2, review_year=2024):
        return actions.create_filing(
            filer,
            organizing_unit=unit,
            notice_title=title,
            review_year=review_year,
            declared_headcount=headcount,
            data_source=DataSource.DECLARED,
            filing_level=FilingLevel.INTERMEDIATE_JUNIOR,
        )

    def select(filing, applications):
        actions.select_applications(filer, filing, [a.pk for a in applications])

    def set_notice(filing, serial):
        actions.set_notice(
            filer,
            filing,
            notice_number=f"伊州职改〔2024〕{serial}号",
            conferred_on=datetime.date(2024, 12, 30),
        )

    basic = new()
    applications = new("关于阿依古丽等3位同志取得中级专业技术职务任职资格的通知", 3)
    select(applications, pool[0:2])
    attachments = new("关于第三批人员取得专业技术职务任职资格的通知")
    select(attachments, pool[2:4])
    notice = new("关于第四批人员取得专业技术职务任职资格的通知")
    select(notice, pool[4:6])
    upload_scans(filer, notice)
    upload_scans(filer, notice)  # every scan replaced once: the history shows
    confirm = new("关于第五批人员取得专业技术职务任职资格的通知")
    select(confirm, pool[6:8])
    upload_scans(filer, confirm)
    set_notice(confirm, 5)
    submitted = new("关于第六批人员取得专业技术职务任职资格的通知")
    select(submitted, pool[8:10])
    upload_scans(filer, submitted)
    set_notice(submitted, 6)
    submitted = actions.submit_filing(filer, submitted)
    exhausted = new("关于二〇二三年度评审结果的通知", review_year=2023)
    FilingFactory.create_batch(20, organizing_unit=unit, created_by=filer)

    return {
        "basic": basic,
        "applications": applications,
        "attachments": attachments,
        "notice": notice,
        "confirm": confirm,
        "submitted": submitted,
        "exhausted": exhausted,
        "candidates": pool[20:22],
    }


def step(filing, name):
    return reverse(f"filing_wizard:{name}", args=[filing.pk])


def walk_filing_screens(walk, client, filings):
    listing = reverse("wagtailsnippets_filing_filing:list")
    results = reverse("wagtailsnippets_filing_filing:list_results")
    walk.get(client, "dashboard", reverse("wagtailadmin_home"))
    walk.get(client, "我的备案", listing)
    walk.get(client, "我的备案, page 2", f"{listing}?p=2")
    walk.get(client, "我的备案, sorted", f"{listing}?ordering=conferred_on")
    walk.get(
        client,
        "我的备案, filtered",
        f"{listing}?keyword=第五批&review_year=2024"
        "&filing_level=intermediate_junior&status=draft",
    )
    walk.get(client, "我的备案, nothing found", f"{listing}?keyword=没有这个批文")
    walk.get(
        client,
        "我的备案, results only",
        f"{results}?keyword=没有这个批文",
        fragment=True,
    )
    walk.get(client, "新增备案", reverse("filing_wizard:new"))

    walk.get(client, "step 1", step(filings["basic"], "basic"))
    walk.get(client, "step 1, title suggested", step(filings["applications"], "basic"))
    candidates = step(filings["applications"], "applications")
    walk.get(client, "step 2, candidates", candidates)
    walk.get(client, "step 2, page 2", f"{candidates}?p=2&ordering=-employer")
    walk.get(client, "step 2, selected", f"{candidates}?tab=selected")
    walk.get(client, "step 2, no match", f"{candidates}?keyword=没有这个人")
    walk.get(
        client,
        "step 2, filtered",
        f"{candidates}?level=intermediate&reviewed_since=2020-01-01",
    )
    walk.get(
        client,
        "step 2, results only",
        reverse("filing_wizard:applications_results", args=[filings["basic"].pk]),
        fragment=True,
    )
    walk.get(
        client,
        "step 2, none selected",
        step(filings["basic"], "applications") + "?tab=selected",
    )
    walk.get(client, "step 2, pool used up", step(filings["exhausted"], "applications"))
    walk.get(
        client, "step 3, nothing uploaded", step(filings["attachments"], "attachments")
    )
    walk.get(client, "step 3, scans replaced", step(filings["notice"], "attachments"))
    walk.get(client, "step 4", step(filings["notice"], "notice"))
    walk.get(client, "step 4, filled in", step(filings["confirm"], "notice"))
    walk.get(client, "step 5, problems", step(filings["basic"], "confirm"))
    walk.get(client, "step 5, ready", step(filings["confirm"], "confirm"))
    walk.get(client, "delete draft", step(filings["basic"], "delete"))

    submitted = filings["submitted"].pk
    walk.get(
        client,
        "details, submitted",
        reverse("wagtailsnippets_filing_filing:inspect", args=[submitted]),
    )
    walk.get(
        client,
        "details, draft",
        reverse("wagtailsnippets_filing_filing:inspect", args=[filings["notice"].pk]),
    )
    walk.get(
        client,
        "history",
        reverse("wagtailsnippets_filing_filing:history", args=[submitted]),
    )
    walk.get(client, "account", reverse("wagtailadmin_account"))


def walk_filing_actions(walk, client, filings, unit):
    """Each action once, and the page it leads to with its message."""
    walk.post(
        client,
        "after saving step 1",
        reverse("filing_wizard:new"),
        {
            "organizing_unit": unit.pk,
            "notice_title": "",
            "review_year": 2024,
            "declared_headcount": 2,
            "data_source": DataSource.DECLARED,
            "filing_level": FilingLevel.INTERMEDIATE_JUNIOR,
        },
    )
    walk.post(
        client,
        "after a refused step 1",
        reverse("filing_wizard:new"),
        {"organizing_unit": unit.pk, "declared_headcount": 0},
    )
    walk.post(
        client,
        "after changing step 1",
        step(filings["applications"], "basic"),
        {"notice_title": "关于第二批人员的通知", "declared_headcount": 3},
    )
    applications = step(filings["applications"], "applications")
    walk.post(
        client,
        "after adding applications",
        applications,
        {"application": [a.pk for a in filings["candidates"]]},
    )
    walk.post(client, "after ticking nothing", applications)
    walk.post(
        client,
        "after removing applications",
        f"{applications}?tab=selected",
        {"operation": "remove", "all_matching": "1"},
    )
    attachments = step(filings["attachments"], "attachments")
    walk.post(
        client,
        "after uploading a scan",
        attachments,
        {"kind": AttachmentKind.MEETING_MINUTES, "file": one_page_pdf("会议纪要.pdf")},
    )
    walk.post(
        client,
        "after a refused upload",
        attachments,
        {"kind": AttachmentKind.MEETING_MINUTES, "file": not_a_pdf()},
    )
    walk.post(
        client,
        "after a notice number in the wrong form",
        step(filings["notice"], "notice"),
        {"notice_number": "伊州职改[2024]07号", "conferred_on": "2099-01-01"},
    )
    walk.post(
        client,
        "after saving step 4",
        step(filings["notice"], "notice"),
        {"notice_number": "伊州职改〔2024〕4号", "conferred_on": "2024-12-30"},
    )
    walk.post(client, "after a refused submission", step(filings["basic"], "confirm"))
    walk.post(client, "after submitting", step(filings["confirm"], "confirm"))
    walk.get(
        client,
        "after opening a submitted filing's step",
        step(filings["submitted"], "basic"),
    )
    walk.post(client, "after deleting a draft", step(filings["basic"], "delete"))


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_of_a_filing_administrator_reads_without_english(
    language, named_filer, unit, filings
):
    client = client_for(named_filer, language)
    walk = Walk(language)

    walk_filing_screens(walk, client, filings)
    walk_filing_actions(walk, client, filings, unit)

    assert not walk.failures, walk.report()
    # The actions took effect, so the pages checked after them were the real ones.
    filings["confirm"].refresh_from_db()
    assert filings["confirm"].status == Filing.Status.SUBMITTED
    assert not Filing.objects.filter(pk=filings["basic"].pk).exists()


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_of_a_pre_review_filing_reads_without_english(
    language, named_filer, chain, senior_meeting, senior_filing
):
    meeting = senior_meeting()
    follower = senior_filing()
    client = client_for(named_filer, language)
    walk = Walk(language)
    new = reverse("filing_wizard:new_pre_review")

    walk.get(client, "新增会前备案", new)
    for name in ("basic", "applications", "attachments", "confirm"):
        walk.get(client, f"会前备案 {name}", step(meeting, name))
    walk.get(
        client,
        "会前备案 candidates chosen",
        step(meeting, "applications") + "?tab=selected",
    )
    walk.post(
        client,
        "会前备案 quorum refused",
        new,
        {
            **meeting_fields(chain["health_series"], experts_present=3),
            "series": chain["health_series"].pk,
            "organizing_unit": meeting.organizing_unit_id,
            "review_year": 2024,
            "data_source": "declared",
            "filing_level": "senior",
            "declared_headcount": 2,
        },
    )
    walk.post(client, "会前备案 submitted", step(meeting, "confirm"))
    walk.get(
        client,
        "会前备案 details",
        reverse("wagtailsnippets_filing_filing:inspect", args=[meeting.pk]),
    )
    walk.get(client, "会后备案 with its meeting", step(follower, "basic"))
    walk.get(client, "会后备案 with its meeting, confirm", step(follower, "confirm"))
    walk.get(
        client,
        "我的备案, pre-review only",
        reverse("wagtailsnippets_filing_filing:list") + "?kind=pre_review",
    )

    assert not walk.failures, walk.report()
    meeting.refresh_from_db()
    assert meeting.status == Filing.Status.SUBMITTED


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_export_of_my_filings_has_translated_headings(
    language, named_filer, filings
):
    client = client_for(named_filer, language)

    response = client.get(reverse("wagtailsnippets_filing_filing:list") + "?export=csv")

    body = b"".join(response.streaming_content).decode("utf-8-sig")
    headings = body.splitlines()[0]
    assert not english_in("csv", headings), headings


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_login_page_reads_without_english(language, named_filer):
    client = Client(HTTP_ACCEPT_LANGUAGE=language)
    walk = Walk(language)

    walk.get(client, "login", reverse("wagtailadmin_login"))
    walk.post(
        client,
        "after a wrong password",
        reverse("wagtailadmin_login"),
        {"username": named_filer.username, "password": "不是这个密码"},
    )

    assert not walk.failures, walk.report()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_review_office_screens_read_without_english(language, editor, office):
    client = client_for(editor, language)
    walk = Walk(language)
    listing = reverse("wagtailsnippets_approvals_reviewoffice:list")
    add = reverse("wagtailsnippets_approvals_reviewoffice:add")
    edit = reverse("wagtailsnippets_approvals_reviewoffice:edit", args=[office.pk])
    fields = {
        "kind": office.kind,
        "prefecture": office.prefecture,
        "name": office.name,
        "name_ug": office.name_ug,
        "contact_person": office.contact_person,
        "phone": office.phone,
    }

    walk.get(client, "review offices", listing)
    walk.get(client, "review offices, filtered", f"{listing}?kind=prefecture")
    walk.get(client, "review offices, nothing found", f"{listing}?q=没有这个部门")
    walk.get(client, "new review office", add)
    walk.post(client, "after a refused new office", add, {"kind": "department"})
    walk.post(
        client,
        "after adding an office",
        add,
        {
            "kind": ReviewOffice.Kind.DEPARTMENT,
            "name": "自治区卫生健康委员会",
            "contact_person": "张敏",
            "phone": "0991-2345678",
        },
    )
    walk.get(client, "edit review office", edit)
    walk.post(client, "after editing an office", edit, fields)
    walk.get(
        client,
        "review office history",
        reverse("wagtailsnippets_approvals_reviewoffice:history", args=[office.pk]),
    )

    assert not walk.failures, walk.report()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_admin_scripts_get_their_sentences_translated(language, named_filer):
    client = client_for(named_filer, language)

    script = client.get(reverse("wagtailadmin_javascript_catalog")).content.decode()

    start = script.index("{", script.index("const newcatalog ="))
    catalogue, _end = json.JSONDecoder().raw_decode(script, start)
    untranslated = [msgid for msgid in SCRIPT_STRINGS if not catalogue.get(msgid)]
    assert not untranslated, f"{language} scripts show in English: {untranslated}"


def test_every_entry_of_our_catalogues_is_translated():
    untranslated = [
        f"{path.relative_to(LOCALE_DIR)}:{entry.linenum}: {entry.msgid!r}"
        for path in sorted(LOCALE_DIR.glob("*/LC_MESSAGES/*.po"))
        for entry in polib.pofile(str(path))
        if not entry.obsolete and (not entry.translated() or "fuzzy" in entry.flags)
    ]

    assert not untranslated, "Untranslated or fuzzy entries:\n" + "\n".join(
        untranslated
    )


def named(user, first_name, last_name):
    user.first_name, user.last_name = first_name, last_name
    user.save()
    return user


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_screen_of_the_review_chain_reads_without_english(
    language, chain, senior_filing, named_filer, django_capture_on_commit_callbacks
):
    load_guides(CONTENT_EDITORS)  # the help panels on every review screen
    people = chain["reviewers"]
    ili = client_for(named(people["ili"], "热依拉", "阿不都"), language)
    hr = client_for(named(people["hr"], "建国", "李"), language)
    named(people["health"], "玛依拉", "吐尔逊")
    filer = client_for(named_filer, language)
    walk = Walk(language)
    with django_capture_on_commit_callbacks(execute=True):
        filing = actions.submit_filing(named_filer, senior_filing())
    details = reverse("wagtailsnippets_filing_filing:inspect", args=[filing.pk])
    queue = reverse("review_queue:index")

    walk.get(ili, "reviewer's dashboard", reverse("wagtailadmin_home"))
    walk.get(ili, "待我审核", queue)
    walk.get(ili, "待我审核, filtered", f"{queue}?status=submitted&review_year=2024")
    walk.get(ili, "待我审核, nothing found", f"{queue}?keyword=没有这个批文")
    walk.get(ili, "details, waiting for formal review", details)
    walk.get(ili, "return form", reverse("review:return", args=[filing.pk]))
    walk.post(
        ili,
        "after a return without reason",
        reverse("review:return", args=[filing.pk]),
        {"reason": ""},
    )
    walk.get(filer, "details, withdrawable", details)
    walk.get(filer, "withdraw form", reverse("review:withdraw", args=[filing.pk]))
    walk.post(ili, "after passing", reverse("review:decide", args=[filing.pk, "pass"]))
    walk.post(
        ili,
        "after a stale decision",
        reverse("review:decide", args=[filing.pk, "pass"]),
    )
    walk.get(ili, "details, to forward", details)
    walk.post(
        ili, "after forwarding", reverse("review:decide", args=[filing.pk, "forward"])
    )
    walk.get(ili, "details, forwarded", details)
    walk.get(
        ili,
        "history",
        reverse("wagtailsnippets_filing_filing:history", args=[filing.pk]),
    )

    # The health commission returns it; the filer reads why and fixes it.
    with django_capture_on_commit_callbacks(execute=True):
        review.pass_review(people["health"], filing)
        review.return_filing(
            people["health"], filing, reason="会议纪要缺少签字页",
            flagged=["meeting_minutes", "notice_number"],
        )  # fmt: skip
    walk.get(filer, "filer's dashboard, notified", reverse("wagtailadmin_home"))
    walk.get(filer, "details, returned", details)
    walk.get(filer, "step 3, returned", step(filing, "attachments"))
    walk.get(filer, "step 5, to submit again", step(filing, "confirm"))
    walk.post(filer, "after submitting again", step(filing, "confirm"))

    review.pass_review(people["health"], filing)
    review.forward(people["health"], filing)
    walk.get(hr, "details, to approve", details)
    walk.post(
        hr, "after approving", reverse("review:decide", args=[filing.pk, "approve"])
    )
    walk.get(hr, "details, approved", details)
    filing.refresh_from_db()
    with django_capture_on_commit_callbacks(execute=False):
        certificate = issue_certificates(people["hr"], filing)[0]
    walk.get(hr, "details, certificates issued", details)
    walk.get(hr, "revoke form", reverse("certificates:revoke", args=[certificate.pk]))

    assert not walk.failures, walk.report()
    filing.refresh_from_db()
    assert filing.status == Filing.Status.CERTIFICATES_ISSUED


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_route_screens_read_without_english(language, chain):
    administrator = named(
        UserFactory(username="root01", is_superuser=True), "志刚", "周"
    )
    client = client_for(administrator, language)
    walk = Walk(language)
    listing = reverse("wagtailsnippets_approvals_route:list")
    add = reverse("wagtailsnippets_approvals_route:add")
    route = Route.objects.get(name="地州单位高级（卫生）")

    walk.get(client, "routes", listing)
    walk.get(client, "routes, filtered", f"{listing}?filing_level=senior")
    walk.get(client, "new route", add)
    refused = nested_form_data(
        {"name": "", "stops": inline_formset([{"office": "", "task": "review"}])}
    )
    walk.post(client, "after a refused route", add, refused)
    walk.get(
        client, "edit route",
        reverse("wagtailsnippets_approvals_route:edit", args=[route.pk]),
    )  # fmt: skip

    assert not walk.failures, walk.report()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guide_screens_read_without_english(language, named_filer, filing):
    guide = load_guides(CONTENT_EDITORS)[0]
    client = client_for(named_filer, language)
    walk = Walk(language)

    walk.get(client, "guides", reverse("guides_admin:list"))
    # A Chinese guide opens in the reader's language.
    walk.get(client, "guide", reverse("guides_admin:guide", args=[guide.pk]))
    walk.get(client, "step 4 with its help", step(filing, "notice"))
    walk.get(client, "step 2 with its help", step(filing, "applications"))
    walk.get(
        client,
        "details with their help",
        reverse("wagtailsnippets_filing_filing:inspect", args=[filing.pk]),
    )

    assert not walk.failures, walk.report()


def editor_sidebar_urls(client):
    """Every address in the sidebar as the editor sees it."""
    html = client.get(reverse("wagtailadmin_home")).content.decode()
    start = html.index('id="wagtail-sidebar-props"')
    props = html[html.index(">", start) + 1 : html.index("</script>", start)]
    found = []

    def walk(data):
        if isinstance(data, dict):
            if isinstance(data.get("url"), str) and data["url"].startswith("/admin/"):
                found.append(data["url"])
            for value in data.values():
                walk(value)
        elif isinstance(data, list):
            for value in data:
                walk(value)

    walk(json.loads(props))
    return list(dict.fromkeys(found))


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_guide_editing_screens_read_without_english(language, editor):
    guide = load_guides(CONTENT_EDITORS)[0]
    if language != "zh-hans":
        guide = guide.get_translation(Locale.objects.get(language_code=language))
    index = guide.get_parent()
    client = client_for(editor, language)
    walk = Walk(language)
    edit = reverse("wagtailadmin_pages:edit", args=[guide.pk])
    revisions = guide.revisions.order_by("pk")
    form = nested_form_data(
        {
            "title": guide.title,
            "slug": guide.slug,
            "summary": guide.summary,
            "body": streamfield(
                [("heading", {"text": "预约", "wizard_step": "", "field": ""})]
            ),
            "comments": inline_formset([]),
        }
    )

    # Whatever the sidebar offers the editor: dashboard, guides, pages,
    # images, review offices, reports, help, account.
    for url in editor_sidebar_urls(client):
        walk.get(client, f"sidebar: {url}", url)
    walk.get(client, "dashboard", reverse("wagtailadmin_home"))
    walk.get(client, "account", reverse("wagtailadmin_account"))
    walk.get(client, "guide index", reverse("wagtailadmin_explore", args=[index.pk]))
    walk.get(
        client, "edit guide index", reverse("wagtailadmin_pages:edit", args=[index.pk])
    )
    walk.get(client, "edit guide", edit)
    walk.get(
        client,
        "new guide",
        reverse("wagtailadmin_pages:add", args=["guides", "guidepage", index.pk]),
    )
    walk.get(
        client,
        "choose a page type",
        reverse("wagtailadmin_pages:add_subpage", args=[index.pk]),
    )
    walk.post(client, "after saving a draft", edit, form)
    walk.post(client, "after a refused save", edit, {**form, "title": ""})
    preview = reverse("wagtailadmin_pages:preview_on_edit", args=[guide.pk])
    client.post(preview, form)
    walk.get(client, "preview", preview)
    walk.get(client, "history", reverse("wagtailadmin_pages:history", args=[guide.pk]))
    walk.get(
        client,
        "revisions compared",
        reverse(
            "wagtailadmin_pages:revisions_compare",
            args=[guide.pk, revisions.first().pk, "latest"],
        ),
    )
    walk.get(
        client,
        "translate",
        reverse("simple_translation:submit_page_translation", args=[guide.pk]),
    )
    walk.get(client, "images", reverse("wagtailimages:index"))
    walk.get(client, "add an image", reverse("wagtailimages:add_multiple"))
    image = get_image_model().objects.first()
    walk.get(client, "edit an image", reverse("wagtailimages:edit", args=[image.pk]))

    assert not walk.failures, walk.report()


@pytest.mark.parametrize(("language", "menu"), [("zh-hans", "页面"), ("ug", "بەت")])
def test_our_catalogues_keep_wagtails_own_meaning_of_pages(language, menu):
    # Our catalogues come first: a "Pages" of ours meant as a pager once
    # renamed Wagtail's Pages menu "分页".
    from django.utils import translation

    # Through a name, so that `make messages` does not take the test's own
    # string into our catalogues.
    wagtails_label = "Pages"
    with translation.override(language):
        assert translation.gettext(wagtails_label) == menu


@pytest.mark.parametrize(
    ("size", "unit"), [(8 * 1024**2, "مېگا بايىت"), (3 * 1024**3, "گىگا بايىت")]
)
def test_uyghur_file_sizes_keep_a_space_before_the_unit(size, unit):
    with translation.override("ug"):
        text = filesizeformat(size)

    # Django joins a size with no-break spaces, so that it stays on one line.
    number, _space, rest = text.replace("\xa0", " ").partition(" ")
    assert rest == unit
    assert number.replace(".", "").isdigit()


def first_breadcrumb(html):
    """The words of the header's first breadcrumb, the link to the dashboard."""
    nav = re.search(r'<nav [^>]*aria-label="[^"]*"[^>]*>(.*?)</nav>', html, re.S)
    link = re.search(r'href="/admin/"[^>]*>(.*?)</a>', nav.group(1), re.S)
    return re.sub(r"<[^>]+>", "", link.group(1)).strip()


@pytest.mark.parametrize(("language", "home"), [("zh-hans", "首页"), ("ug", "باش بەت")])
def test_snippet_screens_start_their_breadcrumbs_in_the_readers_language(
    language, home, named_filer, editor, office
):
    # Wagtail words these once at start-up, in whichever language is active.
    screens = [
        (named_filer, reverse("wagtailsnippets_filing_filing:list")),
        (
            editor,
            reverse("wagtailsnippets_approvals_reviewoffice:edit", args=[office.pk]),
        ),
    ]

    for user, url in screens:
        html = client_for(user, language).get(url).content.decode()
        assert first_breadcrumb(html) == home, url

"""A few demo filings, each left at a different point of its way through the offices.

They are made with the same actions the admin uses, so each has its scans,
its timeline and its audit trail: the reviewer's queue is not empty on the
first login, the filer has a returned filing to fix, and one approved filing
has its certificates. Senior post-review filings follow the approved
pre-review filing of their meeting; two more meetings wait at other points.
"""

import datetime
import io
from dataclasses import dataclass

import pikepdf
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile

from approvals import actions as review
from approvals.certificates import issue_certificates
from filing import actions, documents
from filing.models import (
    AttachmentKind,
    DataSource,
    Filing,
    FilingLevel,
    ReviewMeeting,
    TitleSeries,
)
from filing.scans import inspect_scan
from filing.validators import china_today


@dataclass(frozen=True)
class DemoFiling:
    filer: str
    unit: str
    filing_level: str
    series: str
    notice_code: str
    headcount: int
    # How far it goes: "submitted", "forwarded", "returned" or "certified".
    fate: str


DEMO_FILINGS = (
    DemoFiling("filer", "伊犁哈萨克自治州人力资源和社会保障局",
               FilingLevel.INTERMEDIATE_JUNIOR, "", "伊州职改", 4, "submitted"),
    DemoFiling("filer", "伊犁哈萨克自治州人力资源和社会保障局",
               FilingLevel.SENIOR, "health", "伊州职改", 3, "forwarded"),
    DemoFiling("filer", "乌鲁木齐市人力资源和社会保障局",
               FilingLevel.INTERMEDIATE_JUNIOR, "", "乌职改", 3, "returned"),
    DemoFiling("filer", "自治区卫生健康委员会",
               FilingLevel.SENIOR, "health", "新卫职改", 3, "certified"),
    DemoFiling("filer_ug", "喀什地区人力资源和社会保障局",
               FilingLevel.INTERMEDIATE_JUNIOR, "", "喀地职改", 3, "submitted"),
)  # fmt: skip

# Meetings registered on their own: (filer, unit, level, how far it goes,
# "submitted" or "approved").
DEMO_MEETINGS = (
    ("filer", "伊犁哈萨克自治州人力资源和社会保障局",
     FilingLevel.INTERMEDIATE_JUNIOR, "submitted"),
    ("filer_ug", "喀什地区人力资源和社会保障局", FilingLevel.SENIOR, "approved"),
)  # fmt: skip

RETURN_REASON = "会议纪要缺少评委签字页，请补齐后重新上传。"


def create_demo_filings(review_year, reviewer_username="reviewer"):
    """Make the demo filings of `review_year`; those without people are skipped."""
    users = {user.username: user for user in get_user_model().objects.all()}
    reviewer = users[reviewer_username]
    made = []
    for serial, spec in enumerate(DEMO_FILINGS, start=1):
        filer = users[spec.filer]
        filing = ready_filing(
            filer,
            filer.administered_units.get(name=spec.unit),
            review_year=review_year,
            filing_level=spec.filing_level,
            series=spec.series,
            headcount=spec.headcount,
            notice_number=f"{spec.notice_code}〔{review_year}〕{serial}号",
        )
        if filing is None:
            continue
        filing = actions.submit_filing(filer, filing)
        _take_it_to_its_fate(reviewer, filing, spec.fate)
        made.append(filing)
    for username, unit, filing_level, fate in DEMO_MEETINGS:
        filer = users[username]
        meeting = pre_review_filing(
            filer,
            filer.administered_units.get(name=unit),
            review_year=review_year,
            filing_level=filing_level,
            series="",
            candidates=6,
        )
        if meeting is None:
            continue
        meeting = actions.submit_filing(filer, meeting)
        if fate == "approved":
            approve_along_route(meeting)
        made.append(meeting)
    return made


def pre_review_filing(
    filer, unit, *, review_year, filing_level, series, candidates, committee_size=None
):
    """A pre-review filing of up to `candidates` applications, ready to submit.

    Its candidates are the unit's first declared applications of the year and
    level in one series (the given one, else the first applicant's), passed
    or not; None when there are none.
    """
    probe = Filing(
        kind=Filing.Kind.PRE_REVIEW,
        organizing_unit=unit,
        review_year=review_year,
        data_source=DataSource.DECLARED,
        filing_level=filing_level,
    )
    pool = probe.free_candidates().order_by("number")
    if series:
        pool = pool.filter(qualification__series__code=series)
    first = pool.select_related("qualification__series").first()
    if first is None:
        return None
    # A committee reviews one series.
    main_series = first.qualification.series
    people = list(pool.filter(qualification__series=main_series)[:candidates])

    senior = filing_level == FilingLevel.SENIOR
    size = committee_size or (25 if senior else 15)
    filing = actions.create_pre_review_filing(
        filer,
        organizing_unit=unit,
        meeting={
            "committee_name": committee_name(unit, main_series, senior),
            "committee_scope": ReviewMeeting.CommitteeScope.SERIES,
            "series": main_series,
            "specialties": "、".join(
                dict.fromkeys(person.specialty for person in people)
            ),
            "meeting_date": min(datetime.date(review_year, 11, 20), china_today()),
            "place": f"{unit.name}三楼会议室",
            "committee_size": size,
            "experts_present": size - 3,
        },
        review_year=review_year,
        declared_headcount=len(people),
        data_source=DataSource.DECLARED,
        filing_level=filing_level,
    )
    actions.select_applications(filer, filing, [a.pk for a in people])
    for kind in filing.attachment_kinds:
        scan = blank_scan(f"{kind.label}.pdf")
        actions.upload_attachment(filer, filing, kind, scan, inspect_scan(scan))
    return Filing.objects.get(pk=filing.pk)


def committee_name(unit, series: TitleSeries, senior):
    level = "高级" if senior else "中初级"
    return f"{unit.name}{series.name}系列{level}职称评审委员会"


def approve_along_route(filing):
    """Take a submitted filing through each stop, acting as each office's reviewer."""
    filing = Filing.objects.get(pk=filing.pk)
    while filing.status != Filing.Status.APPROVED:
        reviewer = filing.current_office.reviewers.order_by("pk").first()
        decisions = review.available_actions(reviewer, filing)
        decide = {
            "pass": review.pass_review,
            "forward": review.forward,
            "consent": review.give_consent,
            "approve": review.approve,
        }
        decide[decisions[0]](reviewer, filing)
        filing.refresh_from_db()
    return filing


def ready_filing(
    filer, unit, *, review_year, filing_level, series, headcount, notice_number
):
    """A filing of up to `headcount` free applications, at its last step.

    Its people are the unit's first declared applications of the year and
    level (and series, when given); None when there are none.
    """
    probe = Filing(
        organizing_unit=unit,
        review_year=review_year,
        data_source=DataSource.DECLARED,
        filing_level=filing_level,
    )
    if actions.needs_pre_review(probe):
        # Its results come from a meeting registered and approved beforehand,
        # a few more candidates than will pass.
        meeting = pre_review_filing(
            filer,
            unit,
            review_year=review_year,
            filing_level=filing_level,
            series=series,
            candidates=headcount + 2,
        )
        if meeting is None:
            return None
        probe.pre_review = approve_along_route(actions.submit_filing(filer, meeting))
    pool = probe.free_candidates().order_by("number")
    if series:
        pool = pool.filter(qualification__series__code=series)
    people = list(pool[:headcount])
    if not people:
        return None

    filing = actions.create_filing(
        filer,
        organizing_unit=unit,
        notice_title="",
        review_year=probe.review_year,
        declared_headcount=len(people),
        data_source=probe.data_source,
        filing_level=filing_level,
        pre_review=probe.pre_review,
    )
    actions.select_applications(filer, filing, [a.pk for a in people])
    actions.update_basic_information(
        filer, filing, notice_title=documents.suggested_notice_title_for(filing)
    )
    for kind in filing.attachment_kinds:
        scan = blank_scan(f"{kind.label}.pdf")
        actions.upload_attachment(filer, filing, kind, scan, inspect_scan(scan))
    actions.set_notice(
        filer,
        filing,
        notice_number=notice_number,
        conferred_on=min(datetime.date(review_year, 12, 28), china_today()),
    )
    return Filing.objects.get(pk=filing.pk)


def _take_it_to_its_fate(reviewer, filing, fate):
    if fate == "returned":
        review.return_filing(
            reviewer,
            filing,
            reason=RETURN_REASON,
            flagged=[AttachmentKind.MEETING_MINUTES],
        )
    elif fate == "forwarded":
        review.pass_review(reviewer, filing)
        review.forward(reviewer, filing)
    elif fate == "certified":
        # Each stop of the route, in turn, until the approving office.
        while (decisions := review.available_actions(reviewer, filing)) and (
            "approve" not in decisions
        ):
            decide = {"pass": review.pass_review, "forward": review.forward}
            decide.get(decisions[0], review.give_consent)(reviewer, filing)
            filing.refresh_from_db()
        review.approve(reviewer, filing)
        issue_certificates(reviewer, Filing.objects.get(pk=filing.pk))


def blank_scan(name):
    """A one-page A4 PDF standing in for a scan."""
    pdf = pikepdf.new()
    pdf.add_blank_page(page_size=(595, 842))
    buffer = io.BytesIO()
    pdf.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue(), "application/pdf")

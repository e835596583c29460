import pytest
from django.contrib.auth.models import Group, Permission

from approvals.factories import ReviewOfficeFactory, make_route
from approvals.models import ReviewOffice, Task
from filing import actions
from filing.factories import (
    ApplicationFactory,
    FilingFactory,
    OrganizingUnitFactory,
    QualificationFactory,
    TitleSeriesFactory,
    UserFactory,
    approved_meeting,
)
from filing.models import FilingApplication, FilingLevel, OrganizingUnit, TitleLevel
from filing.roles import FILING_ADMINISTRATORS, REVIEWERS, ROLE_PERMISSIONS
from tests.support import meeting_fields, ready_to_submit, upload_all_scans

FILER_PERMISSIONS = ROLE_PERMISSIONS[FILING_ADMINISTRATORS]


def grant(user, *permissions):
    for permission in permissions:
        app_label, codename = permission.split(".")
        user.user_permissions.add(
            Permission.objects.get(content_type__app_label=app_label, codename=codename)
        )
    # Django caches permissions on the instance; drop the cache.
    for cache in ("_perm_cache", "_user_perm_cache", "_group_perm_cache"):
        user.__dict__.pop(cache, None)
    return user


@pytest.fixture
def unit(db):
    return OrganizingUnitFactory(
        name="伊犁哈萨克自治州人力资源和社会保障局", prefecture="654000"
    )


@pytest.fixture
def other_unit(db):
    return OrganizingUnitFactory(
        name="喀什地区人力资源和社会保障局", prefecture="653100"
    )


@pytest.fixture
def office(db):
    """The Ili title office, with the route that makes it approve its units' filings."""
    make_route(
        "地州单位", [(None, Task.APPROVE)], unit_kind=OrganizingUnit.Kind.PREFECTURE
    )
    return ReviewOfficeFactory()


def filing_administrator(username, unit):
    """A user in the real filing administrators' group, administering `unit`."""
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=FILING_ADMINISTRATORS))
    unit.administrators.add(user)
    return user


@pytest.fixture
def filer(unit):
    return filing_administrator("filer", unit)


@pytest.fixture
def other_filer(other_unit):
    return filing_administrator("other_filer", other_unit)


@pytest.fixture
def qualification(db):
    return QualificationFactory(level=TitleLevel.INTERMEDIATE)


@pytest.fixture
def pool(unit, qualification):
    """Five applications of the unit that a 2024 intermediate filing may carry."""
    return ApplicationFactory.create_batch(
        5, organizing_unit=unit, qualification=qualification
    )


@pytest.fixture
def filing(unit, filer):
    return FilingFactory(organizing_unit=unit, created_by=filer, declared_headcount=2)


@pytest.fixture
def filing_with_applicants(db):
    """Builds a filing of a new unit whose selection holds one application per name.

    Names are given in application-number order; `qualifications` maps a name
    to the qualification of its application (the default one otherwise).
    """

    def build(names, qualifications=None, unit=None, **filing_fields):
        unit = unit or OrganizingUnitFactory(name="伊宁市人力资源和社会保障局")
        default = QualificationFactory(level=TitleLevel.INTERMEDIATE)
        qualifications = qualifications or {}
        # The factory numbers applications in the order they are made.
        applications = [
            ApplicationFactory(
                organizing_unit=unit,
                applicant_name=name,
                qualification=qualifications.get(name, default),
            )
            for name in names
        ]
        filing = FilingFactory(
            organizing_unit=unit,
            declared_headcount=max(len(names), 1),
            **filing_fields,
        )
        FilingApplication.objects.bulk_create(
            FilingApplication(filing=filing, application=application)
            for application in applications
        )
        return filing

    return build


# The review chain: a small Xinjiang of offices, reviewers and routes.


def reviewer_of(username, office):
    user = UserFactory(username=username)
    user.groups.add(Group.objects.get(name=REVIEWERS))
    office.reviewers.add(user)
    return user


@pytest.fixture
def chain(db):
    """Offices by role, each with one reviewer, and the routes between them.

    Prefecture units' senior health filings go Ili title office (review) →
    health commission (review) → regional HR (approve); senior teachers'
    filings go Ili title office (review) → education department (consent) →
    regional HR (approve); intermediate filings stop at the Ili office.
    """
    ili = ReviewOfficeFactory()
    health = ReviewOfficeFactory(
        kind=ReviewOffice.Kind.DEPARTMENT, prefecture="", code="WJW",
        name="自治区卫生健康委员会",
    )  # fmt: skip
    education = ReviewOfficeFactory(
        kind=ReviewOffice.Kind.REGIONAL_EDUCATION, prefecture="", code="JYT",
        name="自治区教育厅",
    )  # fmt: skip
    hr = ReviewOfficeFactory(
        kind=ReviewOffice.Kind.REGIONAL_HR, prefecture="", code="RST",
        name="自治区人力资源和社会保障厅",
    )  # fmt: skip
    kashgar = ReviewOfficeFactory(
        prefecture="653100", code="653100", name="喀什地区职称改革工作领导小组办公室"
    )
    health_series = TitleSeriesFactory(code="health", name="卫生技术")
    teachers = TitleSeriesFactory(
        code="school_teachers", name="中小学教师", is_teacher_series=True
    )
    prefecture = OrganizingUnit.Kind.PREFECTURE
    make_route("地州单位中初级", [(None, Task.APPROVE)], unit_kind=prefecture)
    make_route(
        "地州单位高级",
        [(None, Task.REVIEW), (hr, Task.APPROVE)],
        unit_kind=prefecture,
        filing_level=FilingLevel.SENIOR,
    )
    make_route(
        "地州单位高级（卫生）",
        [(None, Task.REVIEW), (health, Task.REVIEW), (hr, Task.APPROVE)],
        unit_kind=prefecture,
        filing_level=FilingLevel.SENIOR,
        title_series=[health_series],
    )
    # Meetings of senior health committees are registered along the same
    # offices as their results.
    make_route(
        "地州单位高级会前备案（卫生）",
        [(None, Task.REVIEW), (health, Task.REVIEW), (hr, Task.APPROVE)],
        filing_kind="pre_review",
        unit_kind=prefecture,
        filing_level=FilingLevel.SENIOR,
        title_series=[health_series],
    )
    make_route(
        "地州单位高级（教师）",
        [(None, Task.REVIEW), (education, Task.CONSENT), (hr, Task.APPROVE)],
        unit_kind=prefecture,
        filing_level=FilingLevel.SENIOR,
        title_series=[teachers],
    )
    return {
        "ili": ili,
        "health": health,
        "education": education,
        "hr": hr,
        "kashgar": kashgar,
        "health_series": health_series,
        "teachers": teachers,
        "reviewers": {
            name: reviewer_of(f"reviewer_{name}", office)
            for name, office in (
                ("ili", ili),
                ("health", health),
                ("education", education),
                ("hr", hr),
                ("kashgar", kashgar),
            )
        },
    }


@pytest.fixture
def senior_filing(chain, unit, filer):
    """Builds a senior filing of two people of a series, ready to submit."""

    def build(series_name="health_series"):
        qualification = QualificationFactory(
            series=chain[series_name], level=TitleLevel.ASSOCIATE_SENIOR,
            name=f"{chain[series_name].name}副高级",
        )  # fmt: skip
        pool = ApplicationFactory.create_batch(
            2, organizing_unit=unit, qualification=qualification
        )
        filing = FilingFactory(
            organizing_unit=unit,
            created_by=filer,
            declared_headcount=2,
            filing_level=FilingLevel.SENIOR,
            # Senior results follow the approved filing of their meeting.
            pre_review=approved_meeting(pool, filing_level=FilingLevel.SENIOR),
        )
        return ready_to_submit(filer, filing, pool, None)

    return build


@pytest.fixture
def senior_meeting(chain, unit, filer):
    """Builds a senior pre-review filing of two candidates, ready to submit."""

    def build(series_name="health_series", **meeting):
        series = chain[series_name]
        qualification = QualificationFactory(
            series=series,
            level=TitleLevel.ASSOCIATE_SENIOR,
            name=f"{series.name}副高级",
        )
        # Before the meeting, nobody has passed yet.
        pool = ApplicationFactory.create_batch(
            2, organizing_unit=unit, qualification=qualification, passed_review=False
        )
        filing = actions.create_pre_review_filing(
            filer,
            organizing_unit=unit,
            meeting=meeting_fields(series, **meeting),
            review_year=2024,
            declared_headcount=2,
            data_source="declared",
            filing_level=FilingLevel.SENIOR,
        )
        actions.select_applications(filer, filing, [a.pk for a in pool])
        upload_all_scans(filer, filing)
        filing.refresh_from_db()
        return filing

    return build

"""A small Xinjiang: the offices of a senior filing's chain, their reviewers, routes."""

import pytest
from django.contrib.auth.models import Group

from approvals.factories import ReviewOfficeFactory, make_route
from approvals.models import ReviewOffice, Task
from filing.factories import (
    ApplicationFactory,
    FilingFactory,
    QualificationFactory,
    TitleSeriesFactory,
    UserFactory,
)
from filing.models import FilingLevel, OrganizingUnit, TitleLevel
from filing.roles import REVIEWERS
from tests.support import ready_to_submit


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
        )
        return ready_to_submit(filer, filing, pool, None)

    return build

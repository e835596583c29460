import contextlib
import hashlib
import io
import json
import re

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.db import transaction
from django.urls import reverse
from stdnum.cn import ric
from wagtail.users.models import UserProfile

from approvals.models import ReviewOffice
from filing.demo.data import DEMO_ACCOUNTS
from filing.demo.generate import age_on
from filing.demo.names import RARE_NAME_CHARACTERS
from filing.divisions import prefecture_choices
from filing.models import (
    Application,
    Filing,
    OrganizingUnit,
    Qualification,
    TitleLevel,
    TitleSeries,
)
from filing.roles import CONTENT_EDITORS, FILING_ADMINISTRATORS, REVIEWERS, ensure_roles
from filing.validators import CHINA_TIME, id_number_warnings, validate_id_number

# Small enough to load in well under a second, large enough that rare
# characters and retired address codes turn up.
APPLICATION_COUNT = 800
SEED = 7
LAST_REVIEW_YEAR = 2025


def load_demo_data(**options):
    output = io.StringIO()
    options = {
        "applications": APPLICATION_COUNT,
        "seed": SEED,
        "last_review_year": LAST_REVIEW_YEAR,
        **options,
    }
    call_command("load_demo_data", stdout=output, **options)
    return output.getvalue()


@pytest.fixture
def demo_data(db):
    return load_demo_data()


def demo_data_digest():
    """A digest of every loaded row by natural keys, leaving out primary keys,
    password hashes and the times rows were written."""
    rows = [
        *ReviewOffice.objects.order_by("name").values_list(
            "kind", "prefecture", "name", "name_ug", "contact_person", "phone",
            "address", "email",
        ),
        *OrganizingUnit.objects.order_by("name").values_list(
            "kind", "prefecture", "name", "name_ug"
        ),
        *TitleSeries.objects.values_list(
            "code", "name", "name_ug", "is_teacher_series"
        ),
        *Qualification.objects.values_list("series__code", "level", "name", "name_ug"),
        *Application.objects.order_by("number").values_list(
            "number", "organizing_unit__name", "review_year", "data_source",
            "applicant_name", "id_number", "employer", "recommending_unit",
            "qualification__name", "specialty", "passed_review", "reviewed_at",
        ),
        *get_user_model()
        .objects.order_by("username")
        .values_list("username", "first_name", "last_name", "email", "is_superuser"),
        *OrganizingUnit.objects.order_by(
            "name", "administrators__username"
        ).values_list("name", "administrators__username"),
        *ReviewOffice.objects.order_by("name", "reviewers__username").values_list(
            "name", "reviewers__username"
        ),
    ]  # fmt: skip
    serialized = json.dumps(rows, default=str, ensure_ascii=False)
    return hashlib.sha256(serialized.encode()).hexdigest()


class Discard(Exception):
    pass


def digest_of_a_load(seed):
    """Load, take the digest, and roll the load back."""
    with contextlib.suppress(Discard), transaction.atomic():
        load_demo_data(seed=seed)
        digest = demo_data_digest()
        raise Discard
    return digest


def permission_labels(group):
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.values_list(
            "content_type__app_label", "codename"
        )
    }


# ID numbers


def test_every_id_number_is_valid_and_has_a_known_address_code(demo_data):
    id_numbers = Application.objects.values_list("id_number", flat=True)

    invalid = []
    for id_number in id_numbers:
        try:
            validate_id_number(id_number)
        except ValidationError:
            invalid.append(id_number)
    with_warnings = [number for number in id_numbers if id_number_warnings(number)]

    assert len(id_numbers) == APPLICATION_COUNT
    assert invalid == []
    assert with_warnings == []


def test_an_id_number_belongs_to_one_person_applying_once_a_year(demo_data):
    applications = Application.objects.values_list(
        "id_number", "applicant_name", "review_year"
    )

    names_by_id = {}
    years_by_id = {}
    for id_number, name, year in applications:
        names_by_id.setdefault(id_number, set()).add(name)
        years_by_id.setdefault(id_number, []).append(year)

    assert all(len(names) == 1 for names in names_by_id.values())
    assert all(len(years) == len(set(years)) for years in years_by_id.values())
    # Some people come back in a later year.
    assert len(names_by_id) < APPLICATION_COUNT


def test_applicants_are_23_to_60_years_old_when_reviewed(demo_data):
    applications = Application.objects.values_list("id_number", "reviewed_at")

    ages = {
        age_on(ric.get_birth_date(id_number), reviewed_at.astimezone(CHINA_TIME).date())
        for id_number, reviewed_at in applications
    }

    assert min(ages) >= 23
    assert max(ages) <= 60


def test_retired_turpan_and_hami_address_codes_occur(demo_data):
    id_numbers = list(Application.objects.values_list("id_number", flat=True))

    turpan_prefecture = [number for number in id_numbers if number.startswith("6521")]
    hami_prefecture = [number for number in id_numbers if number.startswith("6522")]

    assert turpan_prefecture
    assert hami_prefecture


def test_some_applicant_names_carry_rare_characters(demo_data):
    names = Application.objects.values_list("applicant_name", flat=True)

    rare = [name for name in names if set(name) & set(RARE_NAME_CHARACTERS)]

    assert rare


# Repeatable loading


def test_the_same_seed_loads_identical_data(db):
    first = digest_of_a_load(SEED)

    second = digest_of_a_load(SEED)
    other_seed = digest_of_a_load(SEED + 1)

    assert first == second
    assert other_seed != first


def test_if_empty_leaves_a_loaded_database_alone(demo_data):
    before = demo_data_digest()

    output = load_demo_data(if_empty=True, seed=SEED + 1, applications=10)

    assert demo_data_digest() == before
    assert "nothing loaded" in output
    assert "demo-filer-2024" in output


def test_loading_into_a_loaded_database_is_refused(demo_data):
    with pytest.raises(CommandError, match="already holds organizing units"):
        load_demo_data()


def test_the_command_prints_the_accounts_with_their_units(db):
    output = load_demo_data()

    assert "filer_ug" in output
    assert "demo-reviewer-2024" in output
    assert "伊犁哈萨克自治州人力资源和社会保障局" in output
    assert "自治区人力资源和社会保障厅" in output


# Offices, units and titles


def test_loaded_rows_pass_model_validation(demo_data):
    rows = [
        *ReviewOffice.objects.all(),
        *OrganizingUnit.objects.all(),
        *TitleSeries.objects.all(),
        *Qualification.objects.all(),
        *Application.objects.order_by("number")[::20],
    ]

    invalid = {}
    for row in rows:
        try:
            row.full_clean()
        except ValidationError as error:
            invalid[str(row)] = error.message_dict

    assert invalid == {}


def test_each_prefecture_has_exactly_one_title_office(demo_data):
    prefectures = [code for code, _name in prefecture_choices()]

    offices = {
        code: ReviewOffice.objects.filter(
            kind=ReviewOffice.Kind.PREFECTURE, prefecture=code
        ).count()
        for code in prefectures
    }

    assert len(prefectures) == 14
    assert set(offices.values()) == {1}
    assert ReviewOffice.objects.filter(kind=ReviewOffice.Kind.PREFECTURE).count() == 14


def test_every_unit_in_a_prefecture_has_its_title_office(demo_data):
    prefectures = set(
        OrganizingUnit.objects.exclude(prefecture="").values_list(
            "prefecture", flat=True
        )
    )

    with_office = set(
        ReviewOffice.objects.filter(
            kind=ReviewOffice.Kind.PREFECTURE, prefecture__in=prefectures
        ).values_list("prefecture", flat=True)
    )

    assert prefectures
    assert with_office == prefectures


def test_every_office_has_a_contact_and_a_phone_with_its_area_code(demo_data):
    area_codes = {"650100": "0991", "653100": "0998", "654000": "0999", "": "0991"}

    offices = ReviewOffice.objects.filter(prefecture__in=area_codes)

    for office in offices:
        assert office.contact_person
        assert re.fullmatch(r"0[0-9]{3}-[2-8][0-9]{6}", office.phone)
        assert office.phone.startswith(area_codes[office.prefecture])
        assert office.address


def test_units_of_every_kind_exist(demo_data):
    kinds = set(OrganizingUnit.objects.values_list("kind", flat=True))

    assert kinds == set(OrganizingUnit.Kind.values)


def test_exactly_the_teacher_series_are_marked(demo_data):
    teacher_series = set(
        TitleSeries.objects.filter(is_teacher_series=True).values_list(
            "name", flat=True
        )
    )

    assert teacher_series == {"中小学教师", "中等职业学校教师", "高等学校教师"}


def test_school_teacher_qualifications_carry_the_stage_and_grade(demo_data):
    names = set(
        Qualification.objects.filter(series__code="school_teachers").values_list(
            "level", "name"
        )
    )

    assert (TitleLevel.INTERMEDIATE, "中学一级教师") in names
    assert (TitleLevel.JUNIOR, "小学二级教师") in names
    assert (TitleLevel.FULL_SENIOR, "幼儿园正高级教师") in names


def test_junior_and_intermediate_outnumber_senior_applications(demo_data):
    def count(*levels):
        return Application.objects.filter(qualification__level__in=levels).count()

    junior_and_intermediate = count(TitleLevel.JUNIOR, TitleLevel.INTERMEDIATE)
    senior = count(TitleLevel.ASSOCIATE_SENIOR, TitleLevel.FULL_SENIOR)

    assert junior_and_intermediate > senior > 0


def test_teachers_work_at_schools(demo_data):
    employers = Application.objects.filter(
        qualification__series__code="school_teachers"
    ).values_list("employer", flat=True)

    elsewhere = [
        employer
        for employer in employers
        if not employer.endswith(("中学", "小学", "幼儿园", "附属中学"))
    ]

    assert employers
    assert elsewhere == []


def test_application_numbers_count_up_in_review_order(demo_data):
    applications = list(
        Application.objects.order_by("number").values_list("number", "reviewed_at")
    )

    numbers = [number for number, _reviewed_at in applications]
    review_times = [reviewed_at for _number, reviewed_at in applications]

    assert all(re.fullmatch(r"RSSQ[0-9]{10}", number) for number in numbers)
    assert review_times == sorted(review_times)


def test_review_times_fall_within_the_review_year(demo_data):
    applications = Application.objects.values_list("review_year", "reviewed_at")

    outside = [
        (year, reviewed_at)
        for year, reviewed_at in applications
        if reviewed_at.astimezone(CHINA_TIME).year != year
    ]

    assert outside == []
    assert {year for year, _at in applications} == {2022, 2023, 2024, 2025}


def test_most_applications_passed_and_were_declared(demo_data):
    applications = Application.objects.all()

    passed = applications.filter(passed_review=True).count()
    declared = applications.filter(data_source="declared").count()

    assert APPLICATION_COUNT * 0.85 < passed < APPLICATION_COUNT
    assert APPLICATION_COUNT * 0.8 < declared < APPLICATION_COUNT


# Accounts and roles


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.username)
def test_demo_accounts_log_in_with_their_documented_password(
    demo_data, client, account
):
    logged_in = client.login(username=account.username, password=account.password)

    assert logged_in


@pytest.mark.parametrize("account", DEMO_ACCOUNTS, ids=lambda account: account.username)
def test_demo_accounts_reach_the_admin_dashboard(demo_data, client, account):
    client.force_login(get_user_model().objects.get(username=account.username))

    response = client.get(reverse("wagtailadmin_home"))

    assert response.status_code == 200


def test_filer_administers_units_of_several_kinds_and_prefectures(demo_data):
    units = OrganizingUnit.objects.filter(administrators__username="filer")

    kinds = {unit.kind for unit in units}
    prefectures = {unit.prefecture for unit in units if unit.prefecture}

    assert len(units) >= 3
    assert len(kinds) >= 2
    assert len(prefectures) >= 2


def test_reviewer_serves_a_title_office_of_the_filers_and_the_regional_hr(demo_data):
    filer_prefectures = set(
        OrganizingUnit.objects.filter(administrators__username="filer").values_list(
            "prefecture", flat=True
        )
    )

    offices = ReviewOffice.objects.filter(reviewers__username="reviewer")

    assert offices.filter(
        kind=ReviewOffice.Kind.PREFECTURE, prefecture__in=filer_prefectures
    ).exists()
    assert offices.filter(kind=ReviewOffice.Kind.REGIONAL_HR).exists()


def test_uyghur_filer_sees_the_admin_in_uyghur(demo_data):
    user = get_user_model().objects.get(username="filer_ug")

    profile = UserProfile.get_for_user(user)

    assert profile.preferred_language == "ug"
    assert user.administered_units.count() >= 2


def test_demo_users_belong_to_their_roles(demo_data):
    users = get_user_model().objects

    assert users.get(username="admin").is_superuser
    assert (
        users.get(username="filer").groups.filter(name=FILING_ADMINISTRATORS).exists()
    )
    assert users.get(username="reviewer").groups.filter(name=REVIEWERS).exists()
    assert users.get(username="editor").groups.filter(name=CONTENT_EDITORS).exists()


def test_roles_carry_exactly_the_listed_permissions(db):
    ensure_roles()

    groups = {
        group.name: permission_labels(group)
        for group in Group.objects.filter(
            name__in=[FILING_ADMINISTRATORS, REVIEWERS, CONTENT_EDITORS]
        )
    }

    assert groups == {
        FILING_ADMINISTRATORS: {
            "wagtailadmin.access_admin",
            "filing.add_filing",
            "filing.change_filing",
            "filing.delete_filing",
            "filing.view_filing",
            "filing.view_application",
            "filing.add_application",
            "filing.change_application",
        },
        REVIEWERS: {
            "wagtailadmin.access_admin",
            "filing.view_filing",
            "filing.view_application",
            "approvals.view_reviewoffice",
            "approvals.add_reviewstep",
            "approvals.issue_certificates",
            "approvals.revoke_certificate",
            "approvals.view_certificate",
        },
        CONTENT_EDITORS: {
            "wagtailadmin.access_admin",
            "simple_translation.submit_translation",
            "approvals.add_reviewoffice",
            "approvals.change_reviewoffice",
            "approvals.view_reviewoffice",
        },
    }


def test_ensuring_roles_twice_changes_nothing(db):
    ensure_roles()
    before = {group.name: permission_labels(group) for group in Group.objects.all()}

    ensure_roles()

    after = {group.name: permission_labels(group) for group in Group.objects.all()}
    assert after == before


def test_nobody_but_the_superuser_sees_full_id_numbers(demo_data):
    users = get_user_model().objects.with_perm(
        "filing.view_full_id_number", include_superusers=False
    )

    assert list(users) == []


def test_demo_filings_wait_at_each_point_of_their_way(demo_data):
    from approvals.models import Certificate

    filings = {
        (filing.organizing_unit.name, filing.filing_level): filing
        for filing in Filing.objects.filter(kind="post_review").select_related(
            "organizing_unit", "current_office"
        )
    }
    where = {
        key: (filing.status, filing.current_office.code)
        for key, filing in filings.items()
    }

    ili, urumqi = (
        "伊犁哈萨克自治州人力资源和社会保障局",
        "乌鲁木齐市人力资源和社会保障局",
    )
    health, kashgar = "自治区卫生健康委员会", "喀什地区人力资源和社会保障局"
    middle = "intermediate_junior"
    assert where == {
        (ili, middle): ("submitted", "654000"),
        (ili, "senior"): ("forwarded", "WJW"),
        (urumqi, middle): ("returned", "650100"),
        (health, "senior"): ("certificates_issued", "RST"),
        (kashgar, middle): ("submitted", "653100"),
    }
    certified = filings[("自治区卫生健康委员会", "senior")]
    assert Certificate.objects.filter(filing=certified).count() == (
        certified.declared_headcount
    )
    # Both senior filings follow their approved meeting; two more meetings
    # wait, one at the Ili office, one approved for Kashgar.
    meetings = {
        (filing.organizing_unit.name, filing.filing_level): (
            filing.status,
            filing.current_office.code,
        )
        for filing in Filing.objects.filter(kind="pre_review")
    }
    assert meetings == {
        (ili, "senior"): ("approved", "RST"),
        (health, "senior"): ("approved", "RST"),
        (ili, middle): ("submitted", "654000"),
        (kashgar, "senior"): ("approved", "RST"),
    }
    for key in ((ili, "senior"), (health, "senior")):
        assert filings[key].pre_review.status == "approved"
        assert set(filings[key].selected_applications()) <= set(
            filings[key].pre_review.selected_applications()
        )


def test_demo_data_can_leave_the_filings_out(db):
    load_demo_data(filings=False)

    assert not Filing.objects.exists()

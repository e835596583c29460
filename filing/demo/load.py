"""Write the demo data into an empty database, in one transaction."""

import itertools
import random
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.db import connection, transaction
from django.utils import timezone
from wagtail.users.models import UserProfile

from approvals.models import ReviewOffice
from approvals.routing import create_route
from filing.models import Application, OrganizingUnit, Qualification, TitleSeries
from filing.roles import CONTENT_EDITORS, ensure_roles
from filing.validators import china_today
from guides.content import load_guides

from . import data, generate
from .filings import create_demo_filings

DEFAULT_SEED = 2024
DEFAULT_APPLICATION_COUNT = 4000
# Rows sent to the database at a time.
CHUNK_SIZE = 5000


@dataclass
class LoadSummary:
    review_offices: int
    organizing_units: int
    qualifications: int
    applications: int
    review_years: list
    filings: int


def load_demo_data(
    *,
    seed=DEFAULT_SEED,
    application_count=DEFAULT_APPLICATION_COUNT,
    last_review_year=None,
    filings=True,
):
    """Load everything; the same seed and review years give the same rows.

    The review years are the four up to `last_review_year`, by default the
    last year that has ended in China.
    """
    today = china_today()
    last_review_year = last_review_year or today.year - 1
    years = generate.review_years(last_review_year)
    # Only a review year still under way needs its review times capped.
    not_after = timezone.now() if last_review_year >= today.year else None

    with transaction.atomic():
        groups = ensure_roles()
        offices = create_review_offices(random.Random(f"{seed}:offices"))
        units = create_organizing_units()
        qualifications = create_title_series()
        create_routes(offices)
        applications = create_applications(
            random.Random(f"{seed}:applications"),
            application_count,
            years,
            units,
            qualifications,
            not_after,
        )
        create_accounts(groups, units, offices)
        demo_filings = create_demo_filings(years[-1]) if filings else []
        load_guides(CONTENT_EDITORS)

    return LoadSummary(
        review_offices=len(offices),
        organizing_units=len(units),
        qualifications=len(qualifications),
        applications=applications,
        review_years=years,
        filings=len(demo_filings),
    )


def create_review_offices(rng):
    offices = ReviewOffice.objects.bulk_create(
        ReviewOffice(**office) for office in generate.review_offices(rng)
    )
    return {office.name: office for office in offices}


def create_routes(offices):
    by_code = {office.code: office for office in offices.values()}
    series = {series.code: series for series in TitleSeries.objects.all()}
    for spec in data.ROUTES:
        create_route(
            spec.name,
            [(by_code[code] if code else None, task) for code, task in spec.stops],
            filing_kind=spec.filing_kind,
            unit_kind=spec.unit_kind,
            filing_level=spec.filing_level,
            title_series=[series[code] for code in spec.series],
        )


def create_organizing_units():
    units = OrganizingUnit.objects.bulk_create(
        OrganizingUnit(
            name=unit.name,
            name_ug=unit.name_ug,
            kind=unit.kind,
            prefecture=unit.prefecture,
        )
        for unit in generate.organizing_units()
    )
    return {unit.name: unit for unit in units}


def create_title_series():
    """The series and their qualifications, by (series code, name)."""
    series_rows = TitleSeries.objects.bulk_create(
        TitleSeries(
            code=series.code,
            name=series.name,
            name_ug=series.name_ug,
            is_teacher_series=series.is_teacher_series,
        )
        for series in data.SERIES
    )
    series_by_code = {series.code: series for series in series_rows}

    qualifications = Qualification.objects.bulk_create(
        Qualification(
            series=series_by_code[series.code],
            level=qualification.level,
            name=qualification.name,
            name_ug=qualification.name_ug,
        )
        for series in data.SERIES
        for track in series.tracks
        for qualification in track.qualifications
    )
    return {
        (qualification.series.code, qualification.name): qualification
        for qualification in qualifications
    }


def create_applications(rng, count, years, units, qualifications, not_after):
    rows = generate.generate_applications(rng, count, years, not_after)
    unit_ids = {name: unit.pk for name, unit in units.items()}
    qualification_ids = {key: q.pk for key, q in qualifications.items()}
    adapt_datetime = connection.ops.adapt_datetimefield_value
    now = adapt_datetime(timezone.now())

    insert_rows(
        Application,
        APPLICATION_COLUMNS,
        (
            (
                row["number"],
                unit_ids[row["organizing_unit"]],
                row["review_year"],
                row["data_source"],
                row["applicant_name"],
                row["id_number"],
                row["employer"],
                row["recommending_unit"],
                qualification_ids[row["qualification"]],
                row["specialty"],
                row["passed_review"],
                adapt_datetime(row["reviewed_at"]),
                now,
                now,
            )
            for row in rows
        ),
    )
    return len(rows)


APPLICATION_COLUMNS = (
    "number",
    "organizing_unit",
    "review_year",
    "data_source",
    "applicant_name",
    "id_number",
    "employer",
    "recommending_unit",
    "qualification",
    "specialty",
    "passed_review",
    "reviewed_at",
    "created_at",
    "updated_at",
)


def insert_rows(model, field_names, rows):
    """Insert plain value tuples, already adapted, in chunks of CHUNK_SIZE.

    `bulk_create` prepares every value of every row through its field: for
    100,000 applications that took 21 of 34 seconds (model instances 5,
    inserts 16). The values here are strings, numbers, booleans and
    datetimes the backend has adapted, so one prepared INSERT run with
    `executemany` does the same work in a fraction of the time.
    """
    fields = [model._meta.get_field(name) for name in field_names]
    quote = connection.ops.quote_name
    sql = "INSERT INTO {table} ({columns}) VALUES ({values})".format(
        table=quote(model._meta.db_table),
        columns=", ".join(quote(field.column) for field in fields),
        values=", ".join(["%s"] * len(fields)),
    )
    rows = iter(rows)
    with connection.cursor() as cursor:
        while chunk := list(itertools.islice(rows, CHUNK_SIZE)):
            cursor.executemany(sql, chunk)


def create_accounts(groups, units, offices):
    """The demo users, with the documented passwords, groups, units and offices."""
    User = get_user_model()
    for account in data.DEMO_ACCOUNTS:
        user, _created = User.objects.get_or_create(username=account.username)
        user.first_name = account.first_name
        user.last_name = account.last_name
        user.email = f"{account.username}@example.com"
        user.is_active = True
        user.is_staff = user.is_superuser = account.is_superuser
        user.set_password(account.password)
        user.save()

        if account.group:
            user.groups.add(groups[account.group])
        if account.language:
            profile = UserProfile.get_for_user(user)
            profile.preferred_language = account.language
            profile.save(update_fields=["preferred_language"])
        user.administered_units.add(*[units[name] for name in account.units])
        user.review_offices.add(*[offices[name] for name in account.offices])


def account_lines():
    """The demo accounts that exist, with their passwords, units and offices."""
    users = {
        user.username: user
        for user in get_user_model()
        .objects.filter(username__in=[a.username for a in data.DEMO_ACCOUNTS])
        .prefetch_related("administered_units", "review_offices")
    }
    if not users:
        return ["No demo accounts in this database."]

    lines = [
        "Demo accounts (for demonstration only; log in to the admin):",
        f"  {'username':<10} {'password':<20} role",
        f"  {'-' * 10} {'-' * 20} {'-' * 30}",
    ]
    for account in data.DEMO_ACCOUNTS:
        user = users.get(account.username)
        if user is None:
            continue
        lines.append(f"  {account.username:<10} {account.password:<20} {account.role}")
        for label, places in (
            ("units", user.administered_units.all()),
            ("offices", user.review_offices.all()),
        ):
            for index, place in enumerate(sorted(place.name for place in places)):
                lines.append(f"  {' ' * 31} {label if index == 0 else '':<8} {place}")
    return lines

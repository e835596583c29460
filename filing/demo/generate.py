"""Demo rows from a seed: the same seed gives the same rows, byte for byte.

Nothing here touches the database. Each function takes a seeded
`random.Random` (never the global one) and returns plain values for `load`
to write. Nothing iterates over a set, so the order never depends on hashing.
"""

import bisect
import calendar
import dataclasses
import datetime
import itertools
import re
from dataclasses import dataclass
from functools import cache

from stdnum import numdb
from stdnum.cn import ric

from approvals.models import ReviewOffice
from filing.divisions import divisions
from filing.models import DataSource, OrganizingUnit
from filing.validators import CHINA_TIME

from . import data, names

# Application numbers as the declaration platform prints them: "RSSQ" and a
# ten-digit serial counting every application on the platform, in the order
# they were reviewed (RSSQ0000100001, RSSQ0000100002, ...).
APPLICATION_NUMBER = "RSSQ{serial:010d}"
FIRST_SERIAL = 100_001

PASSED_SHARE = 0.94
# Imported rows come from the old platform, so the older the review year, the
# more of them: index 0 is the last review year.
IMPORTED_SHARES = (0.02, 0.05, 0.12, 0.30)
# People who applied in an earlier year and apply again: one level up after
# a pass, the same level after a failure.
RETURNING_SHARE = 0.05
REGIONAL_EMPLOYER_SHARE = 0.25
RARE_CHARACTER_SHARE = 0.02
SINGLE_GIVEN_CHARACTER_SHARE = 0.3
BORN_INLAND_SHARE = 0.08
BORN_IN_OTHER_PREFECTURE_SHARE = 0.15

# Reviews crowd into the autumn.
REVIEW_MONTHS = {
    1: 2, 2: 1, 3: 2, 4: 3, 5: 4, 6: 6, 7: 8, 8: 8, 9: 12, 10: 16, 11: 20, 12: 18,
}  # fmt: skip


class Weighted:
    """Picks among items by their relative weights."""

    def __init__(self, pairs):
        pairs = list(pairs)
        self.items = [item for item, _weight in pairs]
        self.cumulative = list(itertools.accumulate(weight for _item, weight in pairs))

    def pick(self, rng):
        point = rng.random() * self.cumulative[-1]
        return self.items[bisect.bisect_right(self.cumulative, point)]


_weighted_constants = {}


def pick(rng, weights):
    """One key of a dict of weights, or one item of a tuple of weighted items.

    Meant for module constants: the prepared table is cached by identity.
    """
    weighted = _weighted_constants.get(id(weights))
    if weighted is None:
        pairs = (
            weights.items()
            if isinstance(weights, dict)
            else ((item, item.weight) for item in weights)
        )
        weighted = _weighted_constants[id(weights)] = (weights, Weighted(pairs))
    return weighted[1].pick(rng)


def prefecture_name(code):
    return divisions()[code].name


def chinese_ordinal(number):
    """1 → 一, 12 → 十二, 40 → 四十 (1–99), as school names write them."""
    digits = "〇一二三四五六七八九"
    tens, ones = divmod(number, 10)
    if not tens:
        return digits[ones]
    return f"{digits[tens] if tens > 1 else ''}十{digits[ones] if ones else ''}"


# Address codes inside ID numbers

# Resident ID numbers were first issued in 1985. People born earlier carry the
# code of where they lived then, which can be newer than their birth; everyone
# keeps the code for life, even after it is retired (652100 吐鲁番地区).
FIRST_ID_NUMBER_YEAR = 1985

# Retired prefectures, for choosing where someone from today's prefecture was
# born.
RETIRED_PREFECTURES = {
    "6521": "650400",
    "6522": "650500",
    "6524": "654000",
    "6541": "654000",
    "6525": "654200",
    "6526": "654300",
}

_PERIOD = re.compile(r"\[([0-9]*)-([0-9]*)\](.*)")


@dataclass(frozen=True)
class AddressCode:
    code: str
    # (first year, last year) the code was in use; None where open.
    periods: tuple

    def in_use(self, year):
        return any(
            (first is None or first <= year) and (last is None or year <= last)
            for first, last in self.periods
        )

    @property
    def prefecture(self):
        """Today's prefecture for a Xinjiang code."""
        return RETIRED_PREFECTURES.get(self.code[:4], f"{self.code[:4]}00")


def _periods(description):
    """`[1984-2015]吐鲁番市,[2015-]高昌区` as ((1984, 2015), (2015, None))."""
    periods = []
    for part in description.split(","):
        match = _PERIOD.fullmatch(part)
        first, last, name = match.groups() if match else ("", "", part)
        # Urban-district placeholders are not places anyone is registered in.
        if "市辖区" in name or "直辖" in name or name in ("市区", "郊区"):
            continue
        periods.append((int(first) if first else None, int(last) if last else None))
    return tuple(periods)


@cache
def address_codes():
    """County-level codes of Xinjiang and the inland provinces people come from,
    with the years each was in use, from python-stdnum's table."""
    provinces = ["65", *data.INLAND_BIRTH_PROVINCES]
    codes = []
    for _length, low, high, _props, counties in numdb.get("cn/loc").prefixes:
        if low != high or low not in provinces:
            continue
        for _length, county_low, county_high, props, _children in counties:
            if county_low != county_high or county_low.endswith("00"):
                continue
            periods = _periods(props.get("county", ""))
            if periods:
                codes.append(AddressCode(low + county_low, periods))
    return tuple(codes)


@cache
def codes_in_use(area, year):
    """Codes in use in `year` in a Xinjiang prefecture (six digits, today's
    code) or an inland province (two digits)."""
    if len(area) == 2:
        found = [
            code.code
            for code in address_codes()
            if code.code.startswith(area) and code.in_use(year)
        ]
    else:
        found = [
            code.code
            for code in address_codes()
            if code.code.startswith("65")
            and code.prefecture == area
            and code.in_use(year)
        ]
    if not found:
        raise ValueError(f"No address code in use in {area} in {year}.")
    return found


# People


def person_name(rng, ethnicity, female):
    sex = "female" if female else "male"
    if ethnicity in (data.HAN, data.HUI):
        family_names = (
            names.HAN_FAMILY_NAMES if ethnicity == data.HAN else names.HUI_FAMILY_NAMES
        )
        return pick(rng, family_names) + _han_given_name(rng, sex)
    if ethnicity == data.MONGOLIAN:
        return rng.choice(names.MONGOLIAN_NAMES[sex])
    given_names = {
        data.UYGHUR: names.UYGHUR_NAMES,
        data.KAZAKH: names.KAZAKH_NAMES,
        data.KYRGYZ: names.KYRGYZ_NAMES,
    }[ethnicity]
    given = rng.choice(given_names[sex])
    father = rng.choice(given_names["male"])
    # A son may carry his father's name, but it reads like a slip in demo data.
    while father == given:
        father = rng.choice(given_names["male"])
    return f"{given}{names.NAME_SEPARATOR}{father}"


def _han_given_name(rng, sex):
    characters = names.HAN_GIVEN_CHARACTERS[sex]
    length = 1 if rng.random() < SINGLE_GIVEN_CHARACTER_SHARE else 2
    given = [rng.choice(characters) for _ in range(length)]
    if rng.random() < RARE_CHARACTER_SHARE:
        given[-1] = rng.choice(names.RARE_GIVEN_CHARACTERS[sex])
    return "".join(given)


def phone_number(rng, area_code):
    return f"{area_code}-{rng.randint(2, 8)}{rng.randrange(1_000_000):06d}"


def street_address(rng, town):
    return f"{town}{rng.choice(data.STREETS)}{rng.randint(1, 300)}号"


# Review offices, organizing units, title series


def review_offices(rng):
    """Every prefecture's title office, then the regional offices."""
    offices = []
    for prefecture in data.PREFECTURES.values():
        offices.append(
            {
                "kind": ReviewOffice.Kind.PREFECTURE,
                "prefecture": prefecture.code,
                # The division code: stable, and it begins certificate numbers.
                "code": prefecture.code,
                "name": data.PREFECTURE_OFFICE_NAME.format(
                    prefecture=prefecture_name(prefecture.code)
                ),
                "name_ug": data.PREFECTURE_OFFICE_NAME_UG.format(
                    attributive=prefecture.name_ug_attributive
                ),
                "contact_person": _contact_person(rng, prefecture.people),
                "phone": phone_number(rng, prefecture.area_code),
                "address": street_address(rng, prefecture.seat),
            }
        )
    capital = data.PREFECTURES["650100"]
    for office in data.REGIONAL_OFFICES:
        offices.append(
            {
                "kind": office.kind,
                "prefecture": "",
                "code": office.code,
                "name": office.name,
                "name_ug": office.name_ug,
                "contact_person": _contact_person(rng, capital.people),
                "phone": phone_number(rng, capital.area_code),
                "address": street_address(rng, office.district),
            }
        )
    return offices


def _contact_person(rng, people):
    return person_name(rng, pick(rng, people), female=rng.random() < 0.5)


def organizing_units():
    """The prefecture units, then the regional and self-accrediting ones."""
    units = []
    for code, weight in data.PREFECTURE_UNITS.items():
        prefecture = data.PREFECTURES[code]
        units.append(
            data.UnitSpec(
                name=data.PREFECTURE_UNIT_NAME.format(prefecture=prefecture_name(code)),
                name_ug=data.PREFECTURE_UNIT_NAME_UG.format(
                    attributive=prefecture.name_ug_attributive
                ),
                kind=OrganizingUnit.Kind.PREFECTURE,
                scopes=data.PREFECTURE_SCOPES,
                weight=weight,
                prefecture=code,
            )
        )
    return [*units, *data.REGIONAL_UNITS]


def review_years(last_year, count=4):
    return list(range(last_year - count + 1, last_year + 1))


# Applications


@dataclass
class Person:
    name: str
    id_number: str
    born_on: datetime.date


@dataclass
class Applicant:
    """Someone applying: who, where they work, and for what."""

    person: Person
    scope: data.Scope
    series: data.SeriesSpec
    track: data.Track
    level_index: int
    passed: bool
    employer: str
    recommending_unit: str
    specialty: str


SERIES_BY_CODE = {series.code: series for series in data.SERIES}
TRACKS = {track.code: track for series in data.SERIES for track in series.tracks}
# The qualifications of a track at a level, e.g. 医士 and 医师 for junior
# physicians.
QUALIFICATIONS = {
    (track.code, level): tuple(
        qualification
        for qualification in track.qualifications
        if qualification.level == level
    )
    for series in data.SERIES
    for track in series.tracks
    for level in data.LEVELS
}


def generate_applications(rng, count, years, not_after=None):
    """`count` application rows over the review `years`, numbered in review order.

    `not_after` caps review times, for a review year that has not ended yet.
    """
    return ApplicationGenerator(rng, years, not_after).generate(count)


class ApplicationGenerator:
    """Draws applications one at a time; no two people share an ID number."""

    def __init__(self, rng, years, not_after=None):
        self.rng = rng
        self.years = years
        self.not_after = not_after
        self.units = organizing_units()
        self.unit_weights = Weighted((unit, unit.weight) for unit in self.units)
        self.prefecture_weights = Weighted(
            (code, prefecture.weight) for code, prefecture in data.PREFECTURES.items()
        )
        self.id_numbers = set()
        # Applicants of past years by unit name, who may apply again.
        self.past_applicants = {}

    def generate(self, count):
        year_weights = Weighted(
            (year, 20 + 2 * index) for index, year in enumerate(self.years)
        )
        per_year = dict.fromkeys(self.years, 0)
        for _ in range(count):
            per_year[year_weights.pick(self.rng)] += 1

        rows = []
        for year in self.years:
            this_year = []
            for _ in range(per_year[year]):
                row, applicant = self.application(year)
                rows.append(row)
                this_year.append((row["organizing_unit"], applicant))
            # This year's applicants may come back from next year on.
            for unit_name, applicant in this_year:
                self.past_applicants.setdefault(unit_name, []).append(applicant)

        return number_applications(rows)

    def application(self, year):
        rng = self.rng
        unit = self.unit_weights.pick(rng)
        reviewed_at = self.review_time(year)

        applicant = None
        if rng.random() < RETURNING_SHARE:
            applicant = self.returning(unit, reviewed_at.date())
        if applicant is None:
            applicant = self.newcomer(unit, reviewed_at.date())

        level = data.LEVELS[applicant.level_index]
        qualification = pick(rng, QUALIFICATIONS[applicant.track.code, level])
        passed = rng.random() < PASSED_SHARE
        imported_share = IMPORTED_SHARES[
            min(self.years[-1] - year, len(IMPORTED_SHARES) - 1)
        ]
        row = {
            "organizing_unit": unit.name,
            "review_year": year,
            "data_source": (
                DataSource.IMPORTED
                if rng.random() < imported_share
                else DataSource.DECLARED
            ),
            "applicant_name": applicant.person.name,
            "id_number": applicant.person.id_number,
            "employer": applicant.employer,
            "recommending_unit": applicant.recommending_unit,
            "qualification": (applicant.series.code, qualification.name),
            "specialty": applicant.specialty,
            "passed_review": passed,
            "reviewed_at": reviewed_at,
        }
        applicant.passed = passed
        return row, applicant

    def newcomer(self, unit, reviewed_on):
        rng = self.rng
        scope = pick(rng, unit.scopes)
        series = SERIES_BY_CODE[scope.series]
        track = self.track(series, scope)
        level = pick(rng, scope.levels)
        prefecture, employer, recommending_unit, specialty = self.workplace(unit, track)
        person = self.person(
            ethnicity=pick(rng, data.PREFECTURES[prefecture].people),
            female=rng.random() < data.FEMALE_SHARES[track.code],
            prefecture=prefecture,
            level=level,
            reviewed_on=reviewed_on,
        )
        return Applicant(
            person=person,
            scope=scope,
            series=series,
            track=track,
            level_index=data.LEVELS.index(level),
            passed=False,
            employer=employer,
            recommending_unit=recommending_unit,
            specialty=specialty,
        )

    def returning(self, unit, reviewed_on):
        """Someone from an earlier year, one level up after a pass; or None."""
        pool = self.past_applicants.get(unit.name)
        if not pool:
            return None
        index = self.rng.randrange(len(pool))
        applicant = pool[index]
        level_index = applicant.level_index + (1 if applicant.passed else 0)
        if level_index >= len(data.LEVELS):
            return None
        if not applicant.scope.levels.get(data.LEVELS[level_index]):
            return None
        if (
            age_on(applicant.person.born_on, reviewed_on)
            > data.AGES[data.FULL_SENIOR][1]
        ):
            return None

        pool[index] = pool[-1]
        pool.pop()
        return dataclasses.replace(applicant, level_index=level_index)

    def track(self, series, scope):
        if scope.tracks:
            return TRACKS[pick(self.rng, scope.tracks)]
        return self.rng.choice(series.tracks)

    def workplace(self, unit, track):
        """(prefecture, employer, recommending unit, specialty) of an applicant."""
        rng = self.rng
        if unit.kind == OrganizingUnit.Kind.SELF_ACCREDITING:
            departments = unit.departments[track.code]
            department = rng.choice(tuple(departments))
            return (
                unit.prefecture or unit.seat,
                unit.name,
                f"{unit.name}{department}",
                pick(rng, departments[department]),
            )

        if (
            unit.kind == OrganizingUnit.Kind.DEPARTMENT
            and track.code in data.REGIONAL_EMPLOYERS
            and rng.random() < REGIONAL_EMPLOYER_SHARE
        ):
            employer = rng.choice(data.REGIONAL_EMPLOYERS[track.code])
            specialties = track.specialties or data.REGIONAL_ENGINEERING_SPECIALTIES
            return "650100", employer, employer, pick(rng, specialties)

        prefecture = unit.prefecture or self.prefecture_weights.pick(rng)
        county = self.county(prefecture)
        employer = pick(rng, data.EMPLOYERS[track.code])
        institution_place, numbered_place, bureau_place = place_names(
            prefecture, county
        )
        if "{n}" in employer.template:
            ordinal = chinese_ordinal(rng.randint(1, max_ordinal(prefecture, county)))
            name = employer.template.format(place=numbered_place, n=ordinal)
        else:
            name = employer.template.format(place=institution_place)
        # Prefecture committees hear from county bureaus; regional ones from
        # the prefecture's.
        if unit.kind != OrganizingUnit.Kind.PREFECTURE:
            bureau_place = prefecture_name(prefecture)
        specialty = pick(rng, employer.specialties or track.specialties)
        return prefecture, name, f"{bureau_place}{employer.bureau}", specialty

    def county(self, prefecture):
        counties = data.PREFECTURES[prefecture].counties
        # The seat is where most institutions are.
        if self.rng.random() < 0.3:
            return counties[0]
        return self.rng.choice(counties)

    def person(self, *, ethnicity, female, prefecture, level, reviewed_on):
        rng = self.rng
        youngest, oldest, usual = data.AGES[level]
        age = round(rng.triangular(youngest, oldest, usual))
        # Between `age` years and one day short of `age + 1` years old.
        born_on = years_before(reviewed_on, age) - datetime.timedelta(
            days=rng.randrange(365)
        )
        name = person_name(rng, ethnicity, female)
        area = self.birth_area(prefecture, ethnicity)
        return Person(name, self.id_number(area, born_on, female), born_on)

    def birth_area(self, prefecture, ethnicity):
        roll = self.rng.random()
        if ethnicity in (data.HAN, data.HUI) and roll < BORN_INLAND_SHARE:
            return pick(self.rng, data.INLAND_BIRTH_PROVINCES)
        if roll > 1 - BORN_IN_OTHER_PREFECTURE_SHARE:
            return self.prefecture_weights.pick(self.rng)
        return prefecture

    def id_number(self, area, born_on, female):
        codes = codes_in_use(area, max(born_on.year, FIRST_ID_NUMBER_YEAR))
        while True:
            # The sequence number is odd for men and even for women.
            if female:
                sequence = self.rng.randrange(1, 500) * 2
            else:
                sequence = self.rng.randrange(500) * 2 + 1
            body = (
                f"{self.rng.choice(codes)}{born_on.year:04d}{born_on.month:02d}"
                f"{born_on.day:02d}{sequence:03d}"
            )
            number = body + ric.calc_check_digit(body + "0")
            if number not in self.id_numbers:
                self.id_numbers.add(number)
                return number

    def review_time(self, year):
        rng = self.rng
        month = pick(rng, REVIEW_MONTHS)
        last_day = calendar.monthrange(year, month)[1]
        day = rng.randint(1, last_day)
        # Weekends are quieter, not empty: one more draw.
        if datetime.date(year, month, day).weekday() >= 5:
            day = rng.randint(1, last_day)
        moment = datetime.datetime(year, month, day, tzinfo=CHINA_TIME)
        moment += datetime.timedelta(seconds=rng.randrange(9 * 3600 + 1800, 20 * 3600))

        if self.not_after and moment > self.not_after:
            start = datetime.datetime(year, 1, 1, tzinfo=CHINA_TIME)
            span = int((self.not_after - start).total_seconds())
            moment = start + datetime.timedelta(seconds=rng.randrange(max(span, 1)))
        return moment


def place_names(prefecture, county):
    """How institutions, numbered schools and bureaus of a county begin.

    City districts number their schools city-wide (乌鲁木齐市第十中学) but
    name other institutions and bureaus after the district.
    """
    if county.name.endswith("区"):
        city = prefecture_name(prefecture)
        return f"{city}{county.name}", city, f"{city}{county.name}"
    return county.institution_name, county.institution_name, county.name


def max_ordinal(prefecture, county):
    is_district = county.name.endswith("区")
    if prefecture == "650100" and is_district:
        return 80
    if is_district or county == data.PREFECTURES[prefecture].counties[0]:
        return 20
    return 6


def years_before(day, years):
    try:
        return day.replace(year=day.year - years)
    except ValueError:  # 29 February in a common year
        return day.replace(year=day.year - years, day=28)


def age_on(born_on, day):
    return (
        day.year - born_on.year - ((day.month, day.day) < (born_on.month, born_on.day))
    )


def number_applications(rows):
    """Give each row its application number, in order of review time."""
    order = sorted(
        range(len(rows)), key=lambda index: (rows[index]["reviewed_at"], index)
    )
    for serial, index in enumerate(order, start=FIRST_SERIAL):
        rows[index]["number"] = APPLICATION_NUMBER.format(serial=serial)
    return [rows[index] for index in order]

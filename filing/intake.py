"""The one place that checks and saves rows of applications, whatever they come from.

A spreadsheet import, a push from the declaration platform's API or a
management command all hand over *rows*: mappings of field name (see
`FIELDS`) to a raw value, as a reader produced it (text, a number, a date,
a boolean, or an object for the two relations). `check_rows` judges every
row against the units the caller may write for and returns one `Verdict`
per row: accepted (to create, to update, or unchanged) or refused, with
translated messages filed under the field they concern, each with a stable
code. Nothing is written.

`save_rows` takes the same arguments, checks the rows again inside one
transaction with the existing applications locked (what was true at the
preview may not be true any more), and writes the accepted rows: created or
updated by application number, only the fields that differ. Saving the same
rows twice changes nothing the second time, not even `updated_at`. One audit
entry per organizing unit names the source (e.g. the file name).

Both read the database in chunks, never once per row: 20,000 rows are a few
dozen queries.
"""

import datetime
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.log_actions import log

from .models import (
    Application,
    FilingApplication,
    OrganizingUnit,
    Qualification,
    TitleSeries,
)
from .validators import (
    CHINA_TIME,
    INVISIBLE_CHARACTERS,
    china_today,
    id_number_warnings,
    normalize_id_number,
    validate_id_number,
)

# A batch larger than this is refused whole: split it. It bounds the time and
# memory one request can take.
MAX_ROWS = 50_000

# How many values one `IN (...)` query carries; below every backend's limit.
CHUNK = 900

EARLIEST_REVIEW_YEAR = 2000


@dataclass(frozen=True)
class Field:
    """A column of a batch: its name in rows, its label, whether it must be filled."""

    name: str
    label: str
    required: bool = True


# In the order a template lists them. The organizing unit and the review year
# may come from the caller instead (`organizing_unit=`, `review_year=`).
FIELDS = (
    Field("number", gettext_lazy("Application number")),
    Field("applicant_name", gettext_lazy("Applicant")),
    Field("id_number", gettext_lazy("ID number")),
    Field("employer", gettext_lazy("Employer")),
    Field("recommending_unit", gettext_lazy("Recommending unit")),
    Field("qualification", gettext_lazy("Qualification")),
    Field("title_series", gettext_lazy("Title series"), required=False),
    Field("specialty", gettext_lazy("Specialty")),
    Field("passed_review", gettext_lazy("Passed review")),
    Field("reviewed_at", gettext_lazy("Review time"), required=False),
    Field("review_year", gettext_lazy("Review year")),
    Field("organizing_unit", gettext_lazy("Organizing unit")),
)
FIELDS_BY_NAME = {f.name: f for f in FIELDS}
DEFAULTABLE = ("organizing_unit", "review_year")

# Fields stored on the application as they are; the rest are looked up.
TEXT_FIELDS = ("applicant_name", "employer", "recommending_unit", "specialty")
SAVED_FIELDS = (
    "applicant_name",
    "id_number",
    "employer",
    "recommending_unit",
    "qualification",
    "specialty",
    "passed_review",
    "reviewed_at",
    "review_year",
)

YES = {"是", "通过", "合格", "已通过", "y", "yes", "true", "1", "ھەئە", "ئۆتتى"}
NO = {"否", "不通过", "未通过", "不合格", "n", "no", "false", "0", "ياق", "ئۆتمىدى"}

DATE_FORMATS = (
    "%Y-%m-%d %H:%M:%S",
    "%Y-%m-%d %H:%M",
    "%Y-%m-%d",
    "%Y/%m/%d %H:%M:%S",
    "%Y/%m/%d %H:%M",
    "%Y/%m/%d",
    "%Y.%m.%d",
    "%Y年%m月%d日 %H:%M",
    "%Y年%m月%d日",
)

# How spreadsheet programs show a long number they have turned into a float.
SCIENTIFIC = re.compile(r"[0-9](\.[0-9]+)?E\+?[0-9]+", re.IGNORECASE)


class Outcome:
    CREATE = "create"
    UPDATE = "update"
    UNCHANGED = "unchanged"
    REFUSED = "refused"

    LABELS = {
        CREATE: gettext_lazy("New"),
        UPDATE: gettext_lazy("Update"),
        UNCHANGED: gettext_lazy("Unchanged"),
        REFUSED: gettext_lazy("Refused"),
    }
    ACCEPTED = (CREATE, UPDATE, UNCHANGED)


@dataclass(frozen=True)
class FieldError:
    """Why a field of a row was refused: a stable code and a translated sentence."""

    code: str
    message: str


@dataclass(frozen=True)
class Unreadable:
    """A raw value its reader could not read (e.g. a formula with no result).

    A reader puts one in a row in place of the value; the row is refused at
    that field with the reader's code and message.
    """

    code: str
    message: str


class Refusal(Exception):
    """Raised by a field's cleaner; becomes a `FieldError` of the row."""

    def __init__(self, code, message):
        self.error = FieldError(code, str(message))
        super().__init__(self.error.message)


@dataclass
class Verdict:
    """What happens to one row, and why."""

    line: int
    raw: dict
    values: dict = field(default_factory=dict)
    errors: dict = field(default_factory=dict)
    warnings: dict = field(default_factory=dict)
    outcome: str = Outcome.CREATE
    changed: list = field(default_factory=list)
    existing: Application | None = None

    @property
    def accepted(self):
        return not self.errors

    @property
    def number(self):
        return self.values.get("number") or _text(self.raw.get("number"))

    @property
    def outcome_label(self):
        return Outcome.LABELS[self.outcome]

    def refuse(self, field_name, code, message):
        self.errors.setdefault(field_name, []).append(FieldError(code, str(message)))
        self.outcome = Outcome.REFUSED


@dataclass
class Batch:
    """The verdicts of a batch, in the order of its rows."""

    verdicts: list
    saved: bool = False

    def count(self, outcome):
        return sum(1 for verdict in self.verdicts if verdict.outcome == outcome)

    @property
    def counts(self):
        counts = Counter(verdict.outcome for verdict in self.verdicts)
        return {outcome: counts[outcome] for outcome in Outcome.LABELS}

    @property
    def changes(self):
        """How many rows saving would write: new ones and updated ones."""
        counts = self.counts
        return counts[Outcome.CREATE] + counts[Outcome.UPDATE]


class BatchTooLarge(Exception):
    def __init__(self, rows):
        self.message = _(
            "%(rows)d rows is more than the %(limit)d rows one import may hold; "
            "split them."
        ) % {"rows": rows, "limit": MAX_ROWS}
        super().__init__(self.message)


# Checking


def check_rows(
    rows,
    *,
    units,
    data_source,
    organizing_unit=None,
    review_year=None,
    lines=None,
    lock=False,
):
    """Judge each row; nothing is written.

    `units` are the organizing units the caller may write for. A row that
    names no unit or year takes `organizing_unit` / `review_year`; a row that
    names another one than these is refused. `lines` numbers the rows in the
    caller's terms (spreadsheet rows, array positions); 1, 2, 3… otherwise.
    """
    rows = list(rows)
    if len(rows) > MAX_ROWS:
        raise BatchTooLarge(len(rows))
    lines = list(lines) if lines is not None else range(1, len(rows) + 1)
    lookups = _Lookups(units)
    defaults = {"organizing_unit": organizing_unit, "review_year": review_year}

    verdicts = [
        _clean_row(Verdict(line=line, raw=dict(row)), lookups, defaults)
        for line, row in zip(lines, rows, strict=True)
    ]
    _refuse_duplicate_numbers(verdicts)
    _compare_with_existing(verdicts, data_source, lookups, lock=lock)
    return Batch(verdicts)


class _Lookups:
    """Everything rows refer to by name, read once for the whole batch."""

    def __init__(self, units):
        self.units = {unit.pk: unit for unit in units}
        self.unit_ids = set(self.units)
        self.units_by_name = {}
        for unit in self.units.values():
            for name in (unit.name, unit.name_ug):
                if name:
                    self.units_by_name[_key(name)] = unit

        self.qualifications = {q.pk: q for q in Qualification.objects.all()}
        self.qualifications_by_name = defaultdict(list)
        for qualification in self.qualifications.values():
            for name in {qualification.name, qualification.name_ug} - {""}:
                self.qualifications_by_name[_key(name)].append(qualification)

        self.series_by_name = {}
        for series in TitleSeries.objects.all():
            for name in (series.code, series.name, series.name_ug):
                if name:
                    self.series_by_name[_key(name)] = series


def _clean_row(verdict, lookups, defaults):
    raw = verdict.raw
    for name, value in raw.items():
        if isinstance(value, Unreadable):
            verdict.refuse(name, value.code, value.message)

    for name, cleaner in CLEANERS.items():
        if name in verdict.errors:
            continue
        try:
            value = cleaner(raw.get(name), name)
            if value in ("", None) and name == "review_year":
                value = defaults["review_year"]
            if value in ("", None) and FIELDS_BY_NAME[name].required:
                raise Refusal("required", _("This field is required."))
            verdict.values[name] = value
        except Refusal as refusal:
            verdict.refuse(name, refusal.error.code, refusal.error.message)

    _check_year_matches(verdict, defaults["review_year"])
    if "organizing_unit" not in verdict.errors:
        _resolve_unit(verdict, lookups, defaults["organizing_unit"])
    if not {"qualification", "title_series"} & verdict.errors.keys():
        _resolve_qualification(verdict, lookups)
    if "id_number" in verdict.values and not verdict.errors.get("id_number"):
        warnings = id_number_warnings(verdict.values["id_number"])
        if warnings:
            verdict.warnings["id_number"] = warnings
    return verdict


def _key(name):
    return unicodedata.normalize("NFKC", name).strip().casefold()


def _text(raw):
    """Any cell as text: stripped, and without the apostrophe that marks text."""
    if raw is None:
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    text = str(raw).strip()
    if text.startswith("'"):
        text = text[1:].strip()
    return text


def _limit(text, name):
    max_length = Application._meta.get_field(name).max_length
    if len(text) > max_length:
        raise Refusal(
            "too_long",
            _("At most %(limit)d characters; this has %(length)d.")
            % {"limit": max_length, "length": len(text)},
        )
    return text


def _clean_text(raw, name):
    text = _text(raw)
    if INVISIBLE_CHARACTERS.search(text):
        raise Refusal(
            "invisible_characters",
            _("This contains invisible characters; type it again."),
        )
    return _limit(text, name)


def _code_text(raw):
    """A number or code: a float is refused, full-width characters made standard."""
    if isinstance(raw, float):
        raise Refusal(
            "stored_as_number",
            _(
                "The cell holds a number (%(value)s), which spreadsheet programs "
                "round after 15 digits; format the column as text and type it again."
            )
            % {"value": f"{raw:.15g}"},
        )
    text = unicodedata.normalize("NFKC", _text(raw))
    if SCIENTIFIC.fullmatch(text):
        raise Refusal(
            "scientific_notation",
            _(
                "“%(value)s” is a long number in scientific form, its last "
                "digits lost; format the column as text and type it again."
            )
            % {"value": text},
        )
    return text


def _clean_number(raw, name):
    text = _code_text(raw)
    if INVISIBLE_CHARACTERS.search(text) or re.search(r"\s", text):
        raise Refusal(
            "characters",
            _("An application number has no spaces or invisible characters."),
        )
    return _limit(text, name)


def _clean_id_number(raw, name):
    if isinstance(raw, float):
        return _code_text(raw)
    value = normalize_id_number(_text(raw))
    if SCIENTIFIC.fullmatch(unicodedata.normalize("NFKC", value)):
        return _code_text(value)
    if not value:
        return value
    try:
        validate_id_number(value)
    except ValidationError as error:
        raise Refusal(error.code, error.messages[0]) from None
    return value


def _clean_passed_review(raw, name):
    if raw is None or isinstance(raw, bool):
        return raw
    text = _key(_text(raw))
    if text == "":
        return None
    if text in YES:
        return True
    if text in NO:
        return False
    raise Refusal(
        "not_yes_or_no",
        _("Write 是 or 否 (yes or no); “%(value)s” is neither.") % {"value": text},
    )


def _clean_reviewed_at(raw, name):
    if raw is None or raw == "":
        return None
    if isinstance(raw, datetime.datetime):
        moment = raw
    elif isinstance(raw, datetime.date):
        moment = datetime.datetime.combine(raw, datetime.time())
    elif isinstance(raw, str):
        moment = _parse_datetime(unicodedata.normalize("NFKC", _text(raw)))
    else:
        raise Refusal(
            "not_a_date",
            _("“%(value)s” is a number, not a date; format the cell as a date.")
            % {"value": raw},
        )
    if moment is None:
        return None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=CHINA_TIME)
    if moment > timezone.now():
        raise Refusal(
            "in_future",
            _("The review time %(date)s is in the future.")
            % {"date": moment.astimezone(CHINA_TIME).strftime("%Y-%m-%d %H:%M")},
        )
    return moment


def _parse_datetime(text):
    if not text:
        return None
    for pattern in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(text, pattern)
        except ValueError:
            continue
    raise Refusal(
        "not_a_date",
        _("“%(value)s” is not a date; write it as 2024-05-31 or 2024-05-31 10:30.")
        % {"value": text},
    )


def _clean_review_year(raw, name):
    if raw is None or raw == "":
        return None
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, bool) or not isinstance(raw, int | str):
        raise Refusal("not_a_year", _("Write the review year as four digits."))
    text = unicodedata.normalize("NFKC", _text(raw)).removesuffix("年")
    if not re.fullmatch(r"[0-9]{4}", text, re.ASCII):
        raise Refusal("not_a_year", _("Write the review year as four digits."))
    year = int(text)
    this_year = china_today().year
    if not EARLIEST_REVIEW_YEAR <= year <= this_year:
        raise Refusal(
            "year_out_of_range",
            _("The review year must be between %(first)d and %(last)d.")
            % {"first": EARLIEST_REVIEW_YEAR, "last": this_year},
        )
    return year


CLEANERS = {
    "number": _clean_number,
    "id_number": _clean_id_number,
    "passed_review": _clean_passed_review,
    "reviewed_at": _clean_reviewed_at,
    "review_year": _clean_review_year,
    **dict.fromkeys(TEXT_FIELDS, _clean_text),
}


def _check_year_matches(verdict, expected):
    year = verdict.values.get("review_year")
    if expected is not None and year is not None and year != expected:
        verdict.refuse(
            "review_year",
            "wrong_year",
            _("This import is for the review year %(expected)d, not %(year)d.")
            % {"expected": expected, "year": year},
        )


def _resolve_unit(verdict, lookups, default):
    raw = verdict.raw.get("organizing_unit")
    if isinstance(raw, OrganizingUnit):
        unit = lookups.units.get(raw.pk)
    elif isinstance(raw, int) and not isinstance(raw, bool):
        unit = lookups.units.get(raw)
    elif _text(raw):
        unit = lookups.units_by_name.get(_key(_text(raw)))
    elif default is not None:
        raw, unit = default, lookups.units.get(default.pk)
    else:
        verdict.refuse("organizing_unit", "required", _("This field is required."))
        return
    if unit is None:
        # The same answer for a unit that exists elsewhere and one that does
        # not, so that the message tells nothing about other units.
        verdict.refuse(
            "organizing_unit",
            "wrong_unit",
            _("“%(value)s” is not a unit you may import for.") % {"value": raw},
        )
    elif default is not None and unit.pk != default.pk:
        verdict.refuse(
            "organizing_unit",
            "wrong_unit",
            _("This import is for %(expected)s, not %(unit)s.")
            % {"expected": default, "unit": unit},
        )
    else:
        verdict.values["organizing_unit"] = unit


def _resolve_qualification(verdict, lookups):
    raw = verdict.raw.get("qualification")
    series_raw = _text(verdict.raw.get("title_series"))
    series = None
    if series_raw:
        series = lookups.series_by_name.get(_key(series_raw))
        if series is None:
            verdict.refuse(
                "title_series",
                "unknown_title_series",
                _("“%(value)s” is not a known title series.") % {"value": series_raw},
            )
            return

    if isinstance(raw, Qualification):
        candidates = [lookups.qualifications[raw.pk]]
    elif isinstance(raw, int) and not isinstance(raw, bool):
        candidates = (
            [lookups.qualifications[raw]] if raw in lookups.qualifications else []
        )
    elif _text(raw):
        candidates = lookups.qualifications_by_name.get(_key(_text(raw)), [])
    else:
        verdict.refuse("qualification", "required", _("This field is required."))
        return
    if series is not None:
        candidates = [q for q in candidates if q.series_id == series.pk]

    if not candidates and series is not None:
        verdict.refuse(
            "qualification",
            "unknown_qualification",
            _("“%(value)s” is not a known qualification of %(series)s.")
            % {"value": _text(raw), "series": series},
        )
    elif not candidates:
        verdict.refuse(
            "qualification",
            "unknown_qualification",
            _("“%(value)s” is not a known qualification.") % {"value": _text(raw)},
        )
    elif len(candidates) > 1:
        verdict.refuse(
            "qualification",
            "ambiguous_qualification",
            _(
                "Several title series have a qualification “%(value)s”; "
                "name the title series too."
            )
            % {"value": _text(raw)},
        )
    else:
        verdict.values["qualification"] = candidates[0]


def _refuse_duplicate_numbers(verdicts):
    lines_of = defaultdict(list)
    for verdict in verdicts:
        if verdict.values.get("number"):
            lines_of[verdict.values["number"]].append(verdict.line)
    for verdict in verdicts:
        lines = lines_of.get(verdict.values.get("number"), [])
        if len(lines) > 1:
            others = ", ".join(str(line) for line in lines if line != verdict.line)
            verdict.refuse(
                "number",
                "duplicate_number",
                _("The same application number is also on row %(rows)s.")
                % {"rows": others},
            )


def _compare_with_existing(verdicts, data_source, lookups, *, lock):
    numbers = [v.values["number"] for v in verdicts if v.values.get("number")]
    existing = _existing_applications(numbers, lock=lock)

    for verdict in verdicts:
        application = existing.get(verdict.values.get("number"))
        if application is None:
            continue
        verdict.existing = application
        if application.organizing_unit_id not in lookups.unit_ids:
            verdict.refuse(
                "number",
                "number_taken",
                _("This application number belongs to another unit's application."),
            )
            continue
        if application.data_source != data_source:
            verdict.refuse(
                "number",
                "other_source",
                _(
                    "This application number came from “%(source)s”; "
                    "it cannot be changed from here."
                )
                % {"source": application.get_data_source_display()},
            )
            continue
        unit = verdict.values.get("organizing_unit")
        if unit is not None and unit.pk != application.organizing_unit_id:
            verdict.refuse(
                "organizing_unit",
                "unit_fixed",
                _("This application belongs to %(unit)s; its unit cannot change.")
                % {"unit": lookups.units[application.organizing_unit_id]},
            )
        if verdict.errors:
            continue

        verdict.changed = [
            name
            for name in SAVED_FIELDS
            if _stored(application, name) != _stored_value(verdict.values, name)
        ]
        if not verdict.changed:
            verdict.outcome = Outcome.UNCHANGED
        elif application.in_live_filing:
            labels = ", ".join(str(FIELDS_BY_NAME[n].label) for n in verdict.changed)
            verdict.refuse(
                "number",
                "in_live_filing",
                _(
                    "This application is in a filing, so it cannot be changed "
                    "(%(fields)s differ). Take it out of the filing first, or "
                    "import the row as it was."
                )
                % {"fields": labels},
            )
        else:
            verdict.outcome = Outcome.UPDATE


def _existing_applications(numbers, *, lock):
    live = FilingApplication.objects.live().filter(application=OuterRef("pk"))
    found = {}
    for start in range(0, len(numbers), CHUNK):
        queryset = Application.objects.filter(
            number__in=numbers[start : start + CHUNK]
        ).annotate(in_live_filing=Exists(live))
        if lock:
            queryset = queryset.select_for_update()
        found.update((a.number, a) for a in queryset)
    return found


def _stored(application, name):
    if name == "qualification":
        return application.qualification_id
    return getattr(application, name)


def _stored_value(values, name):
    if name == "qualification":
        return values[name].pk
    return values[name]


# Saving


def save_rows(rows, *, user, source, **options):
    """Check the rows again, locked, and write the accepted ones in one transaction.

    Takes `check_rows`' arguments, plus the `user` who acts (None for a
    system) and the `source` the audit entry names. Returns the `Batch` as
    saved: its counts say what was created, updated and left unchanged.
    """
    with transaction.atomic():
        batch = check_rows(rows, lock=True, **options)
        now = timezone.now()
        to_create, to_update, changed_fields = [], [], {"updated_at"}
        for verdict in batch.verdicts:
            if verdict.outcome == Outcome.CREATE:
                to_create.append(_new_application(verdict, options["data_source"]))
            elif verdict.outcome == Outcome.UPDATE:
                application = verdict.existing
                for name in verdict.changed:
                    setattr(application, name, verdict.values[name])
                application.updated_at = now
                changed_fields.update(verdict.changed)
                to_update.append(application)

        Application.objects.bulk_create(to_create, batch_size=500)
        Application.objects.bulk_update(
            to_update, sorted(changed_fields), batch_size=500
        )
        _log_by_unit(batch, user, source, options["data_source"])
    batch.saved = True
    return batch


def _new_application(verdict, data_source):
    values = verdict.values
    return Application(
        number=values["number"],
        organizing_unit=values["organizing_unit"],
        data_source=data_source,
        **{name: values[name] for name in SAVED_FIELDS},
    )


def _log_by_unit(batch, user, source, data_source):
    by_unit = defaultdict(lambda: {Outcome.CREATE: [], Outcome.UPDATE: []})
    for verdict in batch.verdicts:
        if verdict.outcome in (Outcome.CREATE, Outcome.UPDATE):
            unit = verdict.values["organizing_unit"]
            by_unit[unit][verdict.outcome].append(verdict.values["number"])
    for unit, numbers in by_unit.items():
        log(
            unit,
            "filing.import_applications",
            user=user,
            data={
                "source": source,
                "data_source": str(data_source),
                "created": len(numbers[Outcome.CREATE]),
                "updated": len(numbers[Outcome.UPDATE]),
                "unchanged": batch.count(Outcome.UNCHANGED),
                "refused": batch.count(Outcome.REFUSED),
                "numbers_created": numbers[Outcome.CREATE],
                "numbers_updated": numbers[Outcome.UPDATE],
            },
        )

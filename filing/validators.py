"""Citizen ID numbers and notice numbers, as `reference/standards.md` defines them.

Both are normalised first (what a person meant is clear, so we fix it and say
so) and validated strictly afterwards (what is ambiguous is refused with a
message that shows the corrected form).
"""

import datetime
import functools
import re
import unicodedata
import zoneinfo
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _
from stdnum import numdb
from stdnum.cn import ric
from stdnum.exceptions import InvalidComponent

CHINA_TIME = zoneinfo.ZoneInfo("Asia/Shanghai")

# Zero-width characters, bidi controls and the byte-order mark: invisible on
# screen, so a number holding one can never be what the person typed.
INVISIBLE_CHARACTERS = re.compile(
    "[\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff]"
)


def china_today():
    """Today in China Standard Time, whatever time zone is active."""
    return timezone.localdate(timezone.now(), timezone=CHINA_TIME)


# Citizen ID numbers (GB 11643-1999)

ID_NUMBER_FORM = re.compile(r"[0-9]{17}[0-9X]", re.ASCII)


# Full-width digits and X are the only look-alikes fixed. NFKC would also turn
# circled or superscript digits (①, ²) into ASCII ones, and nobody types those
# on purpose.
_FULL_WIDTH_ID_CHARACTERS = str.maketrans("０１２３４５６７８９ｘＸ", "0123456789xX")


def normalize_id_number(value):
    """Full-width digits and a lowercase x become ASCII; nothing else changes."""
    return value.strip().translate(_FULL_WIDTH_ID_CHARACTERS).upper()


def validate_id_number(value):
    if INVISIBLE_CHARACTERS.search(value):
        raise ValidationError(
            _("The ID number contains invisible characters; type it again."),
            code="invisible_characters",
        )
    if len(value) != 18:
        raise ValidationError(
            _("An ID number has 18 characters; this one has %(length)d.")
            % {"length": len(value)},
            code="length",
        )
    if not ID_NUMBER_FORM.fullmatch(value):
        raise ValidationError(
            _(
                "An ID number has 17 digits 0–9 followed by a digit or X; "
                "other characters are not allowed."
            ),
            code="characters",
        )

    try:
        born_on = ric.get_birth_date(value)
    except InvalidComponent:
        raise ValidationError(
            _("The birth date inside the ID number (%(digits)s) is not a real date.")
            % {"digits": value[6:14]},
            code="birth_date",
        ) from None
    if born_on > china_today():
        raise ValidationError(
            _("The birth date inside the ID number (%(date)s) is in the future.")
            % {"date": born_on.isoformat()},
            code="birth_date_future",
        )

    if ric.calc_check_digit(value) != value[-1]:
        raise ValidationError(
            _(
                "The last character of the ID number does not match the others; "
                "check every digit against the card."
            ),
            code="check_character",
        )


def id_number_warnings(value):
    """Doubts that do not make the number invalid: an unknown address code.

    People keep the address code they were born with, so a code that has since
    been retired (652100 吐鲁番地区) is fine; only a code that never existed is
    worth a second look.
    """
    if _known_address_code(value[:6]):
        return []
    return [
        _("The address code %(code)s is not a known Chinese region; check it.")
        % {"code": value[:6]}
    ]


@functools.lru_cache(maxsize=4096)
def _known_address_code(code):
    # The database answers every lookup with the code split into parts; a part
    # it does not know comes back with no properties, not left out. A lookup
    # scans the whole table, so each code is looked up once per process.
    found = dict(numdb.get("cn/loc").info(code))
    return bool(found.get(code[:2]) and found.get(code[2:6]))


def mask_id_number(value):
    """`650102199001011234` becomes `6501**********1234`."""
    if not value:
        return ""
    if len(value) <= 8:
        return "*" * len(value)
    return f"{value[:4]}{'*' * (len(value) - 8)}{value[-4:]}"


# Notice numbers (GB/T 9704-2012 发文字号)

NOTICE_NUMBER_FORM = re.compile(
    r"(?P<code>[\u3400-\u4dbf\u4e00-\u9fff]+)〔(?P<year>[0-9]{4})〕(?P<serial>[1-9][0-9]*)号",
    re.ASCII,
)

# Brackets people use instead of 〔〕 around the year; NFKC has already turned
# the full-width ones into ASCII and the small ones into 〔〕.
_YEAR_IN_BRACKETS = re.compile(
    r"[\[(【〖〈《{⟮❲〘〔]([0-9]{4})[\])】〗〉》}⟯❳〙〕]", re.ASCII
)


@dataclass
class NormalizedNoticeNumber:
    value: str
    changes: list = field(default_factory=list)


def normalize_notice_number(raw):
    """Fix what is unambiguous and report each fix in words the user reads."""
    changes = []
    value = INVISIBLE_CHARACTERS.sub("", re.sub(r"\s+", "", raw))
    if value != raw:
        changes.append(_("Spaces and invisible characters were removed."))

    standard = unicodedata.normalize("NFKC", value)
    if standard != value:
        changes.append(_("Full-width digits and brackets were made standard."))
    value = standard

    bracketed = _YEAR_IN_BRACKETS.sub(r"〔\1〕", value)
    if bracketed != value:
        changes.append(_("The year is written in tortoise-shell brackets 〔〕."))
    value = bracketed

    return NormalizedNoticeNumber(value=value, changes=changes)


def suggest_notice_number(value):
    """The form we think was meant, for a message; None when we cannot tell."""
    match = re.fullmatch(
        r"(?P<code>[^〔〕0-9]+?)〔?(?P<year>[0-9]{2}|[0-9]{4})(?:〕|年)第?0*(?P<serial>[0-9]+)号?",
        value,
    )
    if not match or int(match["serial"]) == 0:
        return None
    year = match["year"]
    if len(year) == 2:
        year = f"20{year}"
    return f"{match['code']}〔{year}〕{int(match['serial'])}号"


def validate_notice_number(value):
    if NOTICE_NUMBER_FORM.fullmatch(value):
        return

    suggestion = suggest_notice_number(value)
    if "第" in value:
        message = _("Leave out “第” before the serial number.")
    elif re.search(r"〕0[0-9]", value):
        message = _("The serial number has no leading zeros.")
    elif re.search(r"〔[0-9]{2}〕", value) or re.search(r"[^0-9][0-9]{2}年", value):
        message = _("Write the year with all four digits.")
    elif "〔" not in value:
        message = _("Put the four-digit year in tortoise-shell brackets 〔〕.")
    elif not value.endswith("号"):
        message = _("A notice number ends with “号”.")
    else:
        message = _(
            "A notice number is the issuing body's code, the year in 〔〕, "
            "the serial number and “号”, e.g. 伊州职改〔2023〕7号."
        )
    if suggestion and suggestion != value:
        message = _("%(reason)s Did you mean %(suggestion)s?") % {
            "reason": message,
            "suggestion": suggestion,
        }
    raise ValidationError(message, code="notice_number_form")


def notice_number_year(value):
    return int(NOTICE_NUMBER_FORM.fullmatch(value)["year"])


def validate_notice_year(value, review_year, today=None):
    """The notice is issued in or after the review year, and not in the future."""
    validate_notice_number(value)
    year = notice_number_year(value)
    this_year = (today or china_today()).year
    if year < review_year:
        raise ValidationError(
            _(
                "The notice number's year %(year)d is before the review year "
                "%(review_year)d."
            )
            % {"year": year, "review_year": review_year},
            code="notice_year_before_review",
        )
    if year > this_year:
        raise ValidationError(
            _("The notice number's year %(year)d has not begun yet.") % {"year": year},
            code="notice_year_future",
        )


def validate_conferred_on(value, review_year, today=None):
    """DESIGN rule 7: a date, not in the future in China, not before the review year."""
    if value > (today or china_today()):
        raise ValidationError(
            _("The conferred date %(date)s is in the future.")
            % {"date": value.isoformat()},
            code="conferred_in_future",
        )
    if value < datetime.date(review_year, 1, 1):
        raise ValidationError(
            _("The conferred date %(date)s is before the review year %(year)d.")
            % {"date": value.isoformat(), "year": review_year},
            code="conferred_before_review_year",
        )

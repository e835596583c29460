"""ID numbers, notice numbers and dates, against `reference/standards.md`."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone, translation

from filing.validators import (
    id_number_warnings,
    mask_id_number,
    normalize_id_number,
    normalize_notice_number,
    validate_conferred_on,
    validate_id_number,
    validate_notice_number,
    validate_notice_year,
)

UTC = datetime.UTC

# ISO 7064 MOD 11-2 as GB 11643-1999 states it, written out independently of
# the code under test so that the test data does not borrow its arithmetic.
CHECK_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2]
CHECK_CHARACTERS = "10X98765432"

FULL_WIDTH_FIXED = "Full-width digits and brackets were made standard."
SPACES_REMOVED = "Spaces and invisible characters were removed."
BRACKETS_FIXED = "The year is written in tortoise-shell brackets 〔〕."


def id_number(address="650102", born="19900101", sequence="123"):
    first_17 = f"{address}{born}{sequence}"
    total = sum(
        int(digit) * weight
        for digit, weight in zip(first_17, CHECK_WEIGHTS, strict=True)
    )
    return first_17 + CHECK_CHARACTERS[total % 11]


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@pytest.fixture
def freeze_now(monkeypatch):
    """Set the moment `django.utils.timezone.now` returns, in UTC."""

    def freeze(*args):
        moment = datetime.datetime(*args, tzinfo=UTC)
        monkeypatch.setattr(timezone, "now", lambda: moment)

    return freeze


def refusal_code(validate, *args, **kwargs):
    with pytest.raises(ValidationError) as caught:
        validate(*args, **kwargs)
    return caught.value.code


# Citizen ID numbers


@pytest.mark.parametrize("value", ["11010519491231002X", "440524188001010014"])
def test_examples_from_the_standard_are_valid_without_warnings(value):
    validate_id_number(value)

    assert id_number_warnings(value) == []


def test_id_number_helper_gives_the_check_characters_of_the_standard():
    assert id_number("110105", "19491231", "002") == "11010519491231002X"
    assert id_number("440524", "18800101", "001") == "440524188001010014"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("１１０１０５１９４９１２３１００２Ｘ", "11010519491231002X"),
        ("11010519491231002x", "11010519491231002X"),
        ("１１０１０５１９４９１２３１００２ｘ", "11010519491231002X"),
        (" 11010519491231002X\t", "11010519491231002X"),
    ],
)
def test_normalize_id_number_makes_full_width_and_lowercase_forms_ascii(raw, expected):
    normalized = normalize_id_number(raw)

    assert normalized == expected
    validate_id_number(normalized)


@pytest.mark.parametrize(
    "value",
    [
        # Arabic-Indic and Extended Arabic-Indic digits: `\d` and int() take
        # them, NFKC leaves them as they are.
        "١١٠١٠٥١٩٤٩١٢٣١٠٠٢X",
        "۱۱۰۱۰۵۱۹۴۹۱۲۳۱۰۰۲X",
        "1101051949123100٢X",
    ],
)
def test_arabic_indic_digits_are_refused(value):
    normalized = normalize_id_number(value)

    assert refusal_code(validate_id_number, normalized) == "characters"


@pytest.mark.parametrize(
    "invisible",
    [
        "\u200b",  # zero-width space
        "\u200c",  # zero-width non-joiner
        "\u200d",  # zero-width joiner
        "\u2060",  # word joiner
        "\ufeff",  # byte-order mark
        "\u200e",  # left-to-right mark
        "\u200f",  # right-to-left mark
        "\u061c",  # Arabic letter mark
        "\u202a",  # left-to-right embedding
        "\u202e",  # right-to-left override
        "\u2066",  # left-to-right isolate
        "\u2069",  # pop directional isolate
    ],
)
@pytest.mark.parametrize("position", [0, 6, 18])
def test_zero_width_and_bidi_control_characters_are_refused(invisible, position):
    valid = "11010519491231002X"
    value = valid[:position] + invisible + valid[position:]

    normalized = normalize_id_number(value)

    assert refusal_code(validate_id_number, normalized) == "invisible_characters"


@pytest.mark.parametrize(
    "value", ["", "11010519491231002", "11010519491231002X1", "1101051949123100 2X"]
)
def test_id_number_of_wrong_length_is_refused_with_its_length(value):
    with pytest.raises(ValidationError) as caught:
        validate_id_number(value)

    assert caught.value.code == "length"
    assert f"this one has {len(value)}" in caught.value.messages[0]


def test_id_number_with_a_letter_other_than_a_final_x_is_refused():
    assert refusal_code(validate_id_number, "1101051949123100XX") == "characters"


@pytest.mark.parametrize(
    "born", ["19900230", "19990229", "19901301", "19900100", "19900431", "00000101"]
)
def test_birth_date_that_does_not_exist_is_refused(born):
    value = id_number(born=born)

    with pytest.raises(ValidationError) as caught:
        validate_id_number(value)

    assert caught.value.code == "birth_date"
    assert born in caught.value.messages[0]


def test_february_29_of_a_leap_year_is_a_real_birth_date():
    validate_id_number(id_number(born="20000229"))


def test_birth_date_that_is_today_in_china_but_tomorrow_in_utc_is_accepted(
    freeze_now,
):
    freeze_now(2026, 12, 31, 17, 0)  # 2027-01-01 01:00 in China

    validate_id_number(id_number(born="20270101"))


def test_birth_date_after_today_in_china_is_refused(freeze_now):
    freeze_now(2026, 12, 31, 17, 0)

    assert (
        refusal_code(validate_id_number, id_number(born="20270102"))
        == "birth_date_future"
    )


def test_birth_date_of_tomorrow_in_china_is_refused_a_minute_before_midnight(
    freeze_now,
):
    freeze_now(2026, 12, 31, 15, 59)  # 23:59 in China, still 2026

    assert (
        refusal_code(validate_id_number, id_number(born="20270101"))
        == "birth_date_future"
    )


@pytest.mark.parametrize(
    "value",
    [
        "110105194912310020",  # the example's X replaced by 0
        "440524188001010015",  # the example's 4 replaced by 5
        "44052418800101001X",
        "11010519491231020X",  # two digits of the sequence swapped
    ],
)
def test_wrong_check_character_is_refused(value):
    assert refusal_code(validate_id_number, value) == "check_character"


def test_check_character_other_than_a_digit_or_x_is_refused():
    assert refusal_code(validate_id_number, "11010519491231002Y") == "characters"


@pytest.mark.parametrize("address", ["652100", "652200"])
def test_retired_xinjiang_address_codes_are_valid_without_warnings(address):
    value = id_number(address=address, born="19850615")

    validate_id_number(value)

    assert id_number_warnings(value) == []


@pytest.mark.parametrize("address", ["999999", "000000", "659999", "110199"])
def test_unknown_address_code_gives_a_warning_but_validates(address):
    value = id_number(address=address)

    validate_id_number(value)
    warnings = id_number_warnings(value)

    assert len(warnings) == 1
    assert address in warnings[0]


@pytest.mark.parametrize(
    ("value", "masked"),
    [
        ("65010219900101103X", "6501**********103X"),
        ("11010519491231002X", "1101**********002X"),
        ("", ""),
        (None, ""),
        ("12345678", "********"),
        ("123456789", "1234*6789"),
    ],
)
def test_mask_id_number_shows_only_the_first_and_last_four(value, masked):
    assert mask_id_number(value) == masked


# Notice numbers


def test_notice_number_in_the_standard_form_is_left_alone_and_valid():
    normalized = normalize_notice_number("伊州职改〔2023〕7号")

    assert normalized.value == "伊州职改〔2023〕7号"
    assert normalized.changes == []
    validate_notice_number(normalized.value)


@pytest.mark.parametrize(
    ("raw", "changes"),
    [
        ("伊州职改[2023]7号", [BRACKETS_FIXED]),
        ("伊州职改【2023】7号", [BRACKETS_FIXED]),
        ("伊州职改(2023)7号", [BRACKETS_FIXED]),
        ("伊州职改〖2023〗7号", [BRACKETS_FIXED]),
        ("伊州职改（2023）7号", [FULL_WIDTH_FIXED, BRACKETS_FIXED]),
        ("伊州职改［2023］7号", [FULL_WIDTH_FIXED, BRACKETS_FIXED]),
        ("伊州职改﹝2023﹞7号", [FULL_WIDTH_FIXED]),
        ("伊州职改〔２０２３〕７号", [FULL_WIDTH_FIXED]),
        ("伊州职改 〔2023〕 7号", [SPACES_REMOVED]),
        (" 伊州职改 〔 2023 〕 7 号 ", [SPACES_REMOVED]),
        ("伊州职改\u200b〔2023〕7号", [SPACES_REMOVED]),
        (
            "伊州职改 【２０２３】 ７号",
            [SPACES_REMOVED, FULL_WIDTH_FIXED, BRACKETS_FIXED],
        ),
    ],
)
def test_normalize_notice_number_fixes_unambiguous_forms_and_says_so(raw, changes):
    normalized = normalize_notice_number(raw)

    assert normalized.value == "伊州职改〔2023〕7号"
    assert normalized.changes == changes
    validate_notice_number(normalized.value)


@pytest.mark.parametrize(
    ("raw", "suggestion", "reason"),
    [
        ("伊州职改〔2021〕012号", "伊州职改〔2021〕12号", "no leading zeros"),
        ("伊州职改〔2019〕第12号", "伊州职改〔2019〕12号", "第"),
        ("伊州职改〔19〕12号", "伊州职改〔2019〕12号", "all four digits"),
        ("伊州职改2017年5号", "伊州职改〔2017〕5号", "tortoise-shell brackets"),
        ("伊州职改17年5号", "伊州职改〔2017〕5号", "all four digits"),
        ("伊州职改（2021）第012号", "伊州职改〔2021〕12号", "第"),
        ("伊州职改〔2023〕7", "伊州职改〔2023〕7号", "ends with"),
    ],
)
def test_notice_number_still_wrong_after_normalizing_is_refused_with_a_suggestion(
    raw, suggestion, reason
):
    normalized = normalize_notice_number(raw)

    with pytest.raises(ValidationError) as caught:
        validate_notice_number(normalized.value)

    assert caught.value.code == "notice_number_form"
    message = caught.value.messages[0]
    assert reason in message
    assert f"Did you mean {suggestion}?" in message


@pytest.mark.parametrize(
    "value",
    [
        "伊州职改〔2023〕0号",
        "〔2023〕7号",
        "YZ〔2023〕7号",
        "伊州职改〔20233〕7号",
        "伊州职改[19]12号",
        "伊州职改〔2023〕7号号",
        "伊州职改〔２０２３〕７号",
    ],
)
def test_notice_number_with_no_clear_meaning_is_refused(value):
    assert refusal_code(validate_notice_number, value) == "notice_number_form"


def test_normalizing_does_not_remove_a_leading_zero_or_di_silently():
    normalized = normalize_notice_number("伊州职改〔2019〕第012号")

    assert normalized.value == "伊州职改〔2019〕第012号"
    assert normalized.changes == []


@pytest.mark.parametrize("year", [2023, 2024, 2026])
def test_notice_year_from_the_review_year_to_the_current_year_is_accepted(year):
    validate_notice_year(
        f"伊州职改〔{year}〕7号", review_year=2023, today=datetime.date(2026, 6, 1)
    )


def test_notice_year_before_the_review_year_is_refused():
    code = refusal_code(
        validate_notice_year,
        "伊州职改〔2022〕7号",
        review_year=2023,
        today=datetime.date(2026, 6, 1),
    )

    assert code == "notice_year_before_review"


def test_notice_year_after_the_current_year_is_refused():
    code = refusal_code(
        validate_notice_year,
        "伊州职改〔2027〕7号",
        review_year=2023,
        today=datetime.date(2026, 12, 31),
    )

    assert code == "notice_year_future"


def test_notice_year_follows_the_calendar_in_china(freeze_now):
    freeze_now(2026, 12, 31, 17, 0)  # 2027-01-01 in China

    validate_notice_year("伊州职改〔2027〕7号", review_year=2026)


def test_notice_year_not_yet_begun_in_china_is_refused(freeze_now):
    freeze_now(2026, 12, 31, 15, 59)  # 2026-12-31 23:59 in China

    code = refusal_code(validate_notice_year, "伊州职改〔2027〕7号", review_year=2026)

    assert code == "notice_year_future"


# Conferred date (DESIGN rule 7)


def test_conferred_today_in_china_is_accepted_while_utc_is_still_yesterday(
    freeze_now,
):
    freeze_now(2026, 12, 31, 17, 0)

    validate_conferred_on(datetime.date(2027, 1, 1), review_year=2026)


def test_conferred_date_follows_china_whatever_time_zone_is_active(freeze_now):
    freeze_now(2026, 12, 31, 17, 0)  # 09:00 on 2026-12-31 in Los Angeles

    with timezone.override("America/Los_Angeles"):
        validate_conferred_on(datetime.date(2027, 1, 1), review_year=2026)


def test_conferred_tomorrow_in_china_is_refused(freeze_now):
    freeze_now(2026, 12, 31, 17, 0)

    code = refusal_code(
        validate_conferred_on, datetime.date(2027, 1, 2), review_year=2026
    )

    assert code == "conferred_in_future"


def test_conferred_on_a_date_not_yet_reached_in_china_is_refused(freeze_now):
    freeze_now(2026, 12, 31, 15, 59)

    code = refusal_code(
        validate_conferred_on, datetime.date(2027, 1, 1), review_year=2026
    )

    assert code == "conferred_in_future"


def test_conferred_on_the_first_day_of_the_review_year_is_accepted(freeze_now):
    freeze_now(2026, 6, 1, 0, 0)

    validate_conferred_on(datetime.date(2024, 1, 1), review_year=2024)


def test_conferred_before_the_review_year_is_refused(freeze_now):
    freeze_now(2026, 6, 1, 0, 0)

    with pytest.raises(ValidationError) as caught:
        validate_conferred_on(datetime.date(2023, 12, 31), review_year=2024)

    assert caught.value.code == "conferred_before_review_year"
    assert "2023-12-31" in caught.value.messages[0]
    assert "2024" in caught.value.messages[0]


def test_conferred_on_takes_an_explicit_today():
    code = refusal_code(
        validate_conferred_on,
        datetime.date(2025, 3, 2),
        review_year=2024,
        today=datetime.date(2025, 3, 1),
    )

    assert code == "conferred_in_future"


@pytest.mark.parametrize("lookalike", ["①", "²", "𝟏", "١"])
def test_digit_lookalikes_other_than_full_width_are_refused(lookalike):
    value = normalize_id_number(lookalike + "1010519491231002X")

    with pytest.raises(ValidationError) as refusal:
        validate_id_number(value)

    assert refusal.value.code == "characters"


def test_a_notice_number_with_only_a_full_width_space_reports_only_the_space():
    result = normalize_notice_number("伊州职改〔2023〕\u30007号")

    assert result.value == "伊州职改〔2023〕7号"
    assert result.changes == ["Spaces and invisible characters were removed."]


def test_the_year_check_refuses_a_malformed_notice_number_instead_of_crashing():
    with pytest.raises(ValidationError):
        validate_notice_year("伊州职改2023年7号", 2023)

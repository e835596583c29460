import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import ModelLogEntry

from filing import actions, intake
from filing.factories import (
    ApplicationFactory,
    FilingFactory,
    QualificationFactory,
    TitleSeriesFactory,
    id_number_for,
)
from filing.intake import Outcome
from filing.models import Application, DataSource, FilingApplication, TitleLevel
from filing.validators import CHINA_TIME

pytestmark = pytest.mark.django_db


def row(number="YL2024000001", **fields):
    return {
        "number": number,
        "applicant_name": "阿依古丽·买买提",
        "id_number": id_number_for(1),
        "employer": "伊宁市第三中学",
        "recommending_unit": "伊宁市教育局",
        "qualification": "工程师",
        "specialty": "土木工程",
        "passed_review": "是",
        "reviewed_at": "2024-06-30",
        **fields,
    }


def wrong_check_character():
    good = id_number_for(1)
    return good[:-1] + ("1" if good[-1] != "1" else "2")


@pytest.fixture
def options(unit, qualification):
    return {
        "units": [unit],
        "data_source": DataSource.IMPORTED,
        "organizing_unit": unit,
        "review_year": 2024,
    }


def check(rows, options):
    return intake.check_rows(rows, **options)


def only_errors(rows, options):
    """The error codes of each row, by field."""
    batch = check(rows, options)
    return [
        {name: [e.code for e in errors] for name, errors in v.errors.items()}
        for v in batch.verdicts
    ]


# Good rows


def test_a_good_row_is_accepted_as_new_with_clean_values(options, unit, qualification):
    [verdict] = check([row()], options).verdicts

    assert verdict.outcome == Outcome.CREATE
    assert verdict.errors == {}
    assert verdict.values["organizing_unit"] == unit
    assert verdict.values["qualification"] == qualification
    assert verdict.values["review_year"] == 2024
    assert verdict.values["passed_review"] is True
    assert verdict.values["reviewed_at"] == datetime.datetime(
        2024, 6, 30, tzinfo=CHINA_TIME
    )


def test_cells_as_spreadsheets_give_them_are_made_standard(options):
    id_number = id_number_for(7)
    full_width = id_number.translate(
        str.maketrans("0123456789", "０１２３４５６７８９")
    )

    [verdict] = check(
        [
            row(
                number="'ＹＬ２０２４０００００１",
                id_number=f"'{full_width}",
                passed_review="ھەئە",
                reviewed_at=datetime.datetime(2024, 6, 30, 10, 30),
                review_year=2024.0,
                employer="  伊宁市第三中学 ",
            )
        ],
        options,
    ).verdicts

    assert verdict.errors == {}
    assert verdict.values["number"] == "YL2024000001"
    assert verdict.values["id_number"] == id_number
    assert verdict.values["employer"] == "伊宁市第三中学"
    assert verdict.values["reviewed_at"] == datetime.datetime(
        2024, 6, 30, 10, 30, tzinfo=CHINA_TIME
    )


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024/6/30", datetime.datetime(2024, 6, 30)),
        ("2024年6月30日", datetime.datetime(2024, 6, 30)),
        ("2024-06-30 09:15", datetime.datetime(2024, 6, 30, 9, 15)),
        ("２０２４－０６－３０", datetime.datetime(2024, 6, 30)),
        (datetime.date(2024, 6, 30), datetime.datetime(2024, 6, 30)),
        ("", None),
    ],
)
def test_review_times_are_read_from_text_and_dates(options, text, expected):
    [verdict] = check([row(reviewed_at=text)], options).verdicts

    assert verdict.errors == {}
    if expected is not None:
        expected = expected.replace(tzinfo=CHINA_TIME)
    assert verdict.values["reviewed_at"] == expected


def test_a_qualification_is_found_by_its_uyghur_name_or_by_object(options):
    qualification = QualificationFactory(level=TitleLevel.JUNIOR)
    qualification.name_ug = "ياردەمچى ئىنژېنېر"
    qualification.save()

    batch = check(
        [
            row("A1", qualification="ياردەمچى ئىنژېنېر"),
            row("A2", qualification=qualification),
            row("A3", qualification=qualification.pk),
        ],
        options,
    )

    assert [v.values.get("qualification") for v in batch.verdicts] == [
        qualification
    ] * 3


def test_a_name_two_series_share_needs_the_series(options, qualification):
    health = TitleSeriesFactory(code="health", name="卫生技术")
    QualificationFactory(series=health, name="工程师")

    batch = check(
        [row("A1"), row("A2", title_series="工程技术"), row("A3", title_series="bad")],
        options,
    )

    first, second, third = batch.verdicts
    assert first.errors["qualification"][0].code == "ambiguous_qualification"
    assert second.values["qualification"] == qualification
    assert third.errors["title_series"][0].code == "unknown_title_series"


# Bad rows, one kind each


@pytest.mark.parametrize(
    ("fields", "field", "code"),
    [
        ({"id_number": "65010219850615001"}, "id_number", "length"),
        ({"id_number": "65010219851315001X"}, "id_number", "birth_date"),
        ({"id_number": wrong_check_character()}, "id_number", "check_character"),
        ({"id_number": "6501021985\u200b0615001X"}, "id_number",
         "invisible_characters"),
        ({"id_number": 6.50102198506151e17}, "id_number", "stored_as_number"),
        ({"id_number": "6.50102E+17"}, "id_number", "scientific_notation"),
        ({"number": 2.024e13}, "number", "stored_as_number"),
        ({"number": "YL 2024"}, "number", "characters"),
        ({"number": "X" * 33}, "number", "too_long"),
        ({"qualification": "宇航员"}, "qualification", "unknown_qualification"),
        ({"qualification": ""}, "qualification", "required"),
        ({"applicant_name": ""}, "applicant_name", "required"),
        ({"employer": "伊宁\u200b三中"}, "employer", "invisible_characters"),
        ({"passed_review": "也许"}, "passed_review", "not_yes_or_no"),
        ({"passed_review": None}, "passed_review", "required"),
        ({"reviewed_at": "去年夏天"}, "reviewed_at", "not_a_date"),
        ({"reviewed_at": 45473}, "reviewed_at", "not_a_date"),
        ({"reviewed_at": "2999-01-01"}, "reviewed_at", "in_future"),
        ({"review_year": 2023}, "review_year", "wrong_year"),
        ({"review_year": "二〇二四"}, "review_year", "not_a_year"),
        ({"organizing_unit": "喀什地区人力资源和社会保障局"}, "organizing_unit",
         "wrong_unit"),
    ],
)  # fmt: skip
def test_each_kind_of_bad_row_is_refused_at_its_field(
    options, other_unit, fields, field, code
):
    [errors] = only_errors([row(**fields)], options)

    assert errors == {field: [code]}


def test_a_review_year_outside_the_possible_ones_is_refused(options):
    options["review_year"] = None

    errors = only_errors(
        [row("A1", review_year=1999), row("A2", review_year=2999), row("A3")],
        options,
    )

    assert errors == [
        {"review_year": ["year_out_of_range"]},
        {"review_year": ["year_out_of_range"]},
        {"review_year": ["required"]},
    ]


def test_a_unit_outside_ones_scope_is_refused_even_as_the_default(options, other_unit):
    options["organizing_unit"] = other_unit

    [errors] = only_errors([row()], options)

    assert errors == {"organizing_unit": ["wrong_unit"]}


def test_every_row_sharing_a_number_is_refused_naming_the_others(options):
    batch = check([row("A1"), row("A2"), row("A1")], options)

    first, second, third = batch.verdicts
    assert first.errors["number"][0].code == "duplicate_number"
    assert "3" in first.errors["number"][0].message
    assert second.outcome == Outcome.CREATE
    assert third.errors["number"][0].code == "duplicate_number"


def test_a_number_of_another_units_application_is_refused(options, other_unit):
    ApplicationFactory(number="A1", organizing_unit=other_unit)

    [errors] = only_errors([row("A1")], options)

    assert errors == {"number": ["number_taken"]}


def test_a_declared_application_cannot_be_overwritten_by_an_import(options, unit):
    ApplicationFactory(number="A1", organizing_unit=unit, data_source="declared")

    [errors] = only_errors([row("A1")], options)

    assert errors == {"number": ["other_source"]}


def test_a_row_may_not_move_an_application_to_another_of_ones_units(
    options, unit, other_unit
):
    ApplicationFactory(
        number="A1", organizing_unit=other_unit, data_source=DataSource.IMPORTED
    )
    options.update(units=[unit, other_unit], organizing_unit=None)

    [errors] = only_errors([row("A1", organizing_unit=unit.name)], options)

    assert errors == {"organizing_unit": ["unit_fixed"]}


def test_an_application_in_a_live_filing_cannot_change_but_may_come_again(
    options, unit
):
    intake.save_rows([row("A1"), row("A2")], user=None, source="a.xlsx", **options)
    filing = FilingFactory(organizing_unit=unit, data_source=DataSource.IMPORTED)
    FilingApplication.objects.create(
        filing=filing, application=Application.objects.get(number="A1")
    )

    [changed] = check([row("A1", specialty="水利工程")], options).verdicts
    [same] = check([row("A1")], options).verdicts

    assert changed.errors["number"][0].code == "in_live_filing"
    assert (
        str(intake.FIELDS_BY_NAME["specialty"].label)
        in changed.errors["number"][0].message
    )
    assert same.outcome == Outcome.UNCHANGED


def test_a_withdrawn_filing_no_longer_holds_its_applications(options, unit):
    intake.save_rows([row("A1")], user=None, source="a.xlsx", **options)
    filing = FilingFactory(
        organizing_unit=unit, data_source=DataSource.IMPORTED, status="withdrawn"
    )
    FilingApplication.objects.create(
        filing=filing,
        application=Application.objects.get(number="A1"),
        released_at=datetime.datetime(2024, 7, 1, tzinfo=CHINA_TIME),
    )

    [verdict] = check([row("A1", specialty="水利工程")], options).verdicts

    assert verdict.outcome == Outcome.UPDATE
    assert verdict.changed == ["specialty"]


def test_too_many_rows_are_refused_whole(options, monkeypatch):
    monkeypatch.setattr(intake, "MAX_ROWS", 2)

    with pytest.raises(intake.BatchTooLarge):
        check([row("A1"), row("A2"), row("A3")], options)


# Saving


def test_saving_creates_updates_and_leaves_the_rest(options, unit):
    first = intake.save_rows(
        [row("A1"), row("A2"), row("A3", id_number="1")],
        user=None,
        source="第一批.xlsx",
        **options,
    )
    a2 = Application.objects.get(number="A2")

    second = intake.save_rows(
        [row("A1"), row("A2", specialty="水利工程")],
        user=None,
        source="第二批.xlsx",
        **options,
    )

    assert first.counts == {"create": 2, "update": 0, "unchanged": 0, "refused": 1}
    assert second.counts == {"create": 0, "update": 1, "unchanged": 1, "refused": 0}
    assert Application.objects.filter(organizing_unit=unit).count() == 2
    a2_after = Application.objects.get(number="A2")
    assert a2_after.specialty == "水利工程"
    assert a2_after.updated_at > a2.updated_at
    assert a2_after.data_source == DataSource.IMPORTED
    assert not Application.objects.filter(number="A3").exists()


def test_saving_the_same_rows_twice_changes_nothing_the_second_time(options, unit):
    rows = [row(f"A{n}", id_number=id_number_for(n)) for n in range(5)]
    intake.save_rows(rows, user=None, source="名单.xlsx", **options)
    before = list(Application.objects.values_list("number", "updated_at"))
    entries = ModelLogEntry.objects.count()

    again = intake.save_rows(rows, user=None, source="名单.xlsx", **options)

    assert again.counts["unchanged"] == 5
    assert again.changes == 0
    assert list(Application.objects.values_list("number", "updated_at")) == before
    assert ModelLogEntry.objects.count() == entries


def test_saving_writes_one_audit_entry_naming_the_source(options, unit, filer):
    intake.save_rows(
        [row("A1"), row("A2"), row("A3", id_number="bad")],
        user=filer,
        source="伊犁州2024年评审结果.xlsx",
        **options,
    )

    [entry] = ModelLogEntry.objects.filter(action="filing.import_applications")
    assert entry.object_id == str(unit.pk)
    assert entry.user_id == filer.pk
    assert entry.data["source"] == "伊犁州2024年评审结果.xlsx"
    assert entry.data["created"] == 2
    assert entry.data["refused"] == 1
    assert entry.data["numbers_created"] == ["A1", "A2"]


def test_saving_checks_again_and_refuses_what_a_filing_took_since(options, unit):
    intake.save_rows([row("A1")], user=None, source="a.xlsx", **options)
    rows = [row("A1", specialty="水利工程")]
    assert check(rows, options).verdicts[0].outcome == Outcome.UPDATE
    filing = FilingFactory(organizing_unit=unit, data_source=DataSource.IMPORTED)
    FilingApplication.objects.create(
        filing=filing, application=Application.objects.get(number="A1")
    )

    saved = intake.save_rows(rows, user=None, source="a.xlsx", **options)

    assert saved.verdicts[0].errors["number"][0].code == "in_live_filing"
    assert Application.objects.get(number="A1").specialty == "土木工程"


def test_rows_are_read_and_written_in_chunks_not_one_by_one(options):
    def queries(count):
        rows = [row(f"Q{count}-{n}", id_number=id_number_for(n)) for n in range(count)]
        with CaptureQueriesContext(connection) as captured:
            intake.save_rows(rows, user=None, source="q.csv", **options)
        return len(captured)

    # Inserts go in batches as large as the database takes (SQLite: a few
    # dozen rows of this width), so the count grows, but by chunks.
    assert queries(400) < 20


# The action filers go through


def test_a_filer_imports_for_their_unit_only(filer, unit, other_unit, qualification):
    saved = actions.import_applications(
        filer, [row()], source="a.csv", organizing_unit=unit, review_year=2024
    )

    assert saved.counts["create"] == 1
    assert Application.objects.get().data_source == DataSource.IMPORTED
    with pytest.raises(actions.NotPermitted):
        actions.import_applications(
            filer, [row()], source="a.csv", organizing_unit=other_unit, review_year=2024
        )


def test_a_reviewer_may_not_import(chain, unit, qualification):
    reviewer = chain["reviewers"]["ili"]
    unit.administrators.add(reviewer)

    with pytest.raises(actions.NotPermitted):
        actions.check_import(reviewer, [row()], organizing_unit=unit, review_year=2024)

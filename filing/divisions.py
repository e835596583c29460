"""Xinjiang's administrative divisions, read from `data/xinjiang-divisions.csv`.

The table is `reference/xinjiang-divisions.csv` with a Uyghur name added to
each row. Prefecture codes identify where an organizing unit and a review
office sit; legacy codes are still valid inside ID numbers.
"""

import csv
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils.functional import lazy
from django.utils.translation import get_language

DATA_FILE = Path(__file__).parent / "data" / "xinjiang-divisions.csv"


@dataclass(frozen=True)
class Division:
    code: str
    name: str
    name_ug: str
    kind: str

    @property
    def localized_name(self):
        return self.name_ug if get_language() == "ug" else self.name


@cache
def divisions():
    with DATA_FILE.open(encoding="utf-8", newline="") as csv_file:
        return {
            row["code"]: Division(row["code"], row["name"], row["name_ug"], row["kind"])
            for row in csv.DictReader(csv_file)
        }


def division_name(code):
    division = divisions().get(code)
    return division.localized_name if division else code


_lazy_division_name = lazy(division_name, str)


def prefecture_choices():
    """Prefectures as model-field choices, labelled in the active language."""
    return [
        (code, _lazy_division_name(code))
        for code, division in divisions().items()
        if division.kind == "prefecture"
    ]

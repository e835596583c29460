from concurrent.futures import ThreadPoolExecutor

import pytest
from django.core.management import call_command
from fontTools.ttLib import TTFont

from filing.management.commands import build_fonts
from filing.pdf import (
    EXTENSION_FONT_FAMILY,
    SUBSET_FONT_FAMILY,
    asset_dir,
    built_font_paths,
)


@pytest.fixture
def fake_subsetting(monkeypatch):
    """Record the builds instead of spending a minute on each."""
    built = []

    def build_subset(family, weight, source, number, common, target):
        built.append(f"{family} {weight}")
        target.write_bytes(b"OTTO")
        return str(target)

    monkeypatch.setattr(build_fonts, "build_subset", build_subset)
    monkeypatch.setattr(build_fonts, "ProcessPoolExecutor", ThreadPoolExecutor)
    return built


def test_gb2312_holds_its_7445_characters():
    characters = build_fonts.gb2312_characters()

    assert len(characters) == 7445
    assert {"王", "淼", "鑫", "、", "〔", "〕"} <= characters


def test_subset_covers_ascii_punctuation_and_every_template_character():
    characters = build_fonts.subset_characters()

    assert {chr(code) for code in range(0x21, 0x7F)} <= characters
    assert {"—", "（", "）", "：", "\u3000", "·"} <= characters
    for path in asset_dir().glob("*.html"):
        used = {c for c in path.read_text() if ord(c) > 0x7F and not c.isspace()}
        assert used <= characters, path


def test_build_fonts_builds_once_and_then_skips(settings, tmp_path, fake_subsetting):
    settings.PDF_FONT_DIR = tmp_path

    call_command("build_fonts", verbosity=0)
    call_command("build_fonts", verbosity=0)

    assert sorted(fake_subsetting) == [
        "Filing Serif SC Extension bold",
        "Filing Serif SC Extension regular",
        "Filing Serif SC bold",
        "Filing Serif SC regular",
    ]
    assert (tmp_path / "fonts.json").is_file()


def test_build_fonts_rebuilds_when_the_character_list_changes(
    settings, tmp_path, fake_subsetting, monkeypatch
):
    settings.PDF_FONT_DIR = tmp_path
    call_command("build_fonts", verbosity=0)
    monkeypatch.setattr(build_fonts, "EXTRA_CHARACTERS", "\u00b7\u2022\u30fb\u2116喆")

    call_command("build_fonts", verbosity=0)

    # Both cuts: the extension is what the face holds beyond the subset.
    assert len(fake_subsetting) == 8
    assert len(set(fake_subsetting)) == 4


def test_built_subset_is_its_own_family_without_layout_features():
    path = built_font_paths()[SUBSET_FONT_FAMILY, "regular"]
    assert path.is_file(), "run `manage.py build_fonts` first"

    font = TTFont(path, lazy=True)

    assert font["name"].getDebugName(1) == "Filing Serif SC"
    assert font["name"].getDebugName(0).startswith("©")
    cmap = font.getBestCmap()
    assert all(ord(c) in cmap for c in build_fonts.gb2312_characters())
    assert ord("喆") not in cmap
    assert not font["GSUB"].table.FeatureList.FeatureRecord


@pytest.mark.parametrize("weight", ["regular", "bold"])
def test_built_extension_holds_the_rare_ideographs_the_subset_lacks(weight):
    subset = TTFont(built_font_paths()[SUBSET_FONT_FAMILY, weight], lazy=True)
    path = built_font_paths()[EXTENSION_FONT_FAMILY, weight]
    assert path.is_file(), "run `manage.py build_fonts` first"

    extension = TTFont(path, lazy=True)

    assert extension["name"].getDebugName(1) == EXTENSION_FONT_FAMILY
    cmap = extension.getBestCmap()
    # Extension A, the unified block beyond GB2312, and Extension B.
    assert {ord(c) for c in "䶮喆堃玥祎赟𠇔"} <= set(cmap)
    assert not set(cmap) & set(subset.getBestCmap())

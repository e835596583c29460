from django.core import checks
from weasyprint.text import ffi

from filing.checks import (
    check_harfbuzz_subset,
    check_subset_fonts,
    check_task_timeouts,
)
from filing.pdf import BUILT_FONT_FILES


def test_no_error_when_weasyprint_loaded_the_harfbuzz_subsetter():
    assert check_harfbuzz_subset(None) == []


def test_error_when_weasyprint_could_not_load_the_harfbuzz_subsetter(monkeypatch):
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)

    messages = check_harfbuzz_subset(None)

    assert [message.id for message in messages] == ["filing.E001"]
    assert messages[0].level == checks.ERROR
    assert "libharfbuzz-subset0" in messages[0].hint


def test_error_when_the_harfbuzz_library_is_too_old(monkeypatch):
    class OldHarfBuzz:
        def hb_version_atleast(self, major, minor, micro):
            return False

    monkeypatch.setattr(ffi, "harfbuzz", OldHarfBuzz())

    assert [message.id for message in check_harfbuzz_subset(None)] == ["filing.E001"]


def test_warning_names_each_missing_subset_font(settings, tmp_path):
    settings.PDF_FONT_DIR = tmp_path
    (tmp_path / "FilingSerifSC-Regular.otf").write_bytes(b"OTTO")

    messages = check_subset_fonts(None)

    assert [message.id for message in messages] == ["filing.W001"] * 3
    assert messages[0].level == checks.WARNING
    missing = " ".join(message.msg for message in messages)
    assert "FilingSerifSC-Bold.otf" in missing
    assert "FilingSerifSCExtension-Regular.otf" in missing
    assert "build_fonts" in messages[0].hint


def test_no_warning_when_the_subset_fonts_are_built(settings, tmp_path):
    settings.PDF_FONT_DIR = tmp_path
    for name in BUILT_FONT_FILES.values():
        (tmp_path / name).write_bytes(b"OTTO")

    assert check_subset_fonts(None) == []


def test_warning_when_task_retry_does_not_outlast_the_timeout(settings):
    settings.Q_CLUSTER = {**settings.Q_CLUSTER, "timeout": 300, "retry": 300}

    messages = check_task_timeouts(None)

    assert [message.id for message in messages] == ["filing.W002"]


def test_configured_task_retry_outlasts_the_timeout():
    assert check_task_timeouts(None) == []


def test_the_checks_run_with_the_system_checks(monkeypatch):
    monkeypatch.setattr(ffi, "harfbuzz_subset", None)

    messages = checks.run_checks(tags=["pdf"])

    assert "filing.E001" in {message.id for message in messages}

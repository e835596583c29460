"""System checks for what the generated PDFs need from the machine."""

from django.conf import settings
from django.core import checks
from django.utils.translation import gettext as _


@checks.register("pdf")
def check_harfbuzz_subset(app_configs, **kwargs):
    """WeasyPrint silently falls back to a subsetter about 100 times slower."""
    from weasyprint.text import ffi

    if ffi.harfbuzz_subset is not None and ffi.harfbuzz.hb_version_atleast(4, 1, 0):
        return []
    return [
        checks.Error(
            _("WeasyPrint could not load libharfbuzz-subset (version 4.1 or later)."),
            hint=_(
                "Install the Debian package libharfbuzz-subset0 (make run does). "
                "Without it every PDF subsets its fonts with fontTools, about "
                "100 times slower: a roster takes minutes instead of seconds."
            ),
            id="filing.E001",
        )
    ]


@checks.register("pdf")
def check_subset_fonts(app_configs, **kwargs):
    from .pdf import built_font_paths

    missing = [path for path in built_font_paths().values() if not path.is_file()]
    if not missing:
        return []
    return [
        checks.Warning(
            _("The pre-subset PDF font %(path)s is missing.") % {"path": path},
            hint=_(
                "Run `manage.py build_fonts`. Until then PDFs take their glyphs "
                "from the full Noto Serif CJK SC font: twice as slow to render "
                "and three times as large."
            ),
            id="filing.W001",
        )
        for path in missing
    ]


@checks.register("pdf")
def check_task_timeouts(app_configs, **kwargs):
    """django-q2 hands a task to a second worker once `retry` seconds pass."""
    timeout = settings.Q_CLUSTER.get("timeout")
    retry = settings.Q_CLUSTER.get("retry")
    if timeout and retry and retry > timeout:
        return []
    return [
        checks.Warning(
            _(
                "Q_CLUSTER retry (%(retry)s s) must be longer than its timeout "
                "(%(timeout)s s)."
            )
            % {"retry": retry, "timeout": timeout},
            hint=_(
                "Otherwise a second worker starts a document render while the "
                "first one is still running it."
            ),
            id="filing.W002",
        )
    ]


@checks.register()
def check_review_rule_settings(app_configs, **kwargs):
    from fractions import Fraction

    from .review_rules import MODES

    errors = []
    for name in ("REVIEW_COMMITTEE_SIZE_MODE", "REVIEW_QUORUM_MODE"):
        if getattr(settings, name) not in MODES:
            errors.append(
                checks.Error(
                    f"{name} must be one of {', '.join(MODES)}.", id="filing.E010"
                )
            )
    try:
        share = Fraction(settings.REVIEW_QUORUM)
    except (TypeError, ValueError, ZeroDivisionError):
        share = None
    if share is None or not 0 < share <= 1:
        errors.append(
            checks.Error(
                "REVIEW_QUORUM must be a fraction between 0 and 1, e.g. 2/3.",
                id="filing.E011",
            )
        )
    return errors

"""The review rules a pre-review filing's meeting is checked against.

The figures come from reference/standards.md (职称评审管理暂行规定, 2019) and
are settings, each with a mode: "warn" shows the finding beside its field and
lets the filing go on; "refuse" stops saving and submitting until it is fixed.
"""

from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from .models import FilingLevel, ReviewMeeting

WARN, REFUSE = "warn", "refuse"
MODES = (WARN, REFUSE)


@dataclass(frozen=True)
class Finding:
    """One rule the meeting breaks: the field it concerns, why, and how hard."""

    field: str
    message: str
    mode: str

    @property
    def refuses(self):
        return self.mode == REFUSE


def quorum():
    return Fraction(settings.REVIEW_QUORUM)


def minimum_committee_size(filing_level, committee_scope):
    """The least number of experts the committee may have; None when no rule applies.

    The standards name figures for senior committees only.
    """
    if filing_level != FilingLevel.SENIOR:
        return None
    if committee_scope == ReviewMeeting.CommitteeScope.SPECIALTY:
        return settings.REVIEW_SENIOR_SPECIALTY_COMMITTEE_MIN
    return settings.REVIEW_SENIOR_SERIES_COMMITTEE_MIN


def meeting_findings(*, filing_level, committee_scope, committee_size, experts_present):
    """Every rule the figures break, in the order of the form's fields."""
    findings = []
    least = minimum_committee_size(filing_level, committee_scope)
    if least is not None and committee_size is not None and committee_size < least:
        findings.append(
            Finding(
                "committee_size",
                _(
                    "A senior review committee of this kind has at least "
                    "%(least)d experts; this one has %(size)d."
                )
                % {"least": least, "size": committee_size},
                settings.REVIEW_COMMITTEE_SIZE_MODE,
            )
        )
    if committee_size and experts_present is not None:
        share = quorum()
        if experts_present * share.denominator < committee_size * share.numerator:
            needed = -(-committee_size * share.numerator // share.denominator)
            findings.append(
                Finding(
                    "experts_present",
                    _(
                        "At least %(share)s of the committee must attend: "
                        "%(needed)d of %(size)d experts, not %(present)d."
                    )
                    % {
                        "share": str(share),
                        "needed": needed,
                        "size": committee_size,
                        "present": experts_present,
                    },
                    settings.REVIEW_QUORUM_MODE,
                )
            )
    return findings


def findings_for(meeting):
    return meeting_findings(
        filing_level=meeting.filing.filing_level,
        committee_scope=meeting.committee_scope,
        committee_size=meeting.committee_size,
        experts_present=meeting.experts_present,
    )

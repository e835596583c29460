"""Review offices, the routes filings follow through them, and certificates."""

from django.conf import settings
from django.contrib import admin
from django.db import models
from django.utils import timezone
from django.utils.translation import get_language_bidi
from django.utils.translation import gettext_lazy as _
from modelcluster.fields import ParentalKey, ParentalManyToManyField
from modelcluster.models import ClusterableModel
from wagtail.models import Orderable

from config.wording import listed
from filing.divisions import prefecture_choices
from filing.models import (
    Filing,
    FilingLevel,
    LocalizedNameMixin,
    OrganizingUnit,
    private_storage,
)


class ReviewOffice(LocalizedNameMixin, models.Model):  # noqa: DJ008 (mixin's __str__)
    """An office that checks and approves filings; a snippet editors keep."""

    class Kind(models.TextChoices):
        PREFECTURE = "prefecture", _("Prefecture title office")
        DEPARTMENT = "department", _("Competent department")
        REGIONAL_HR = "regional_hr", _("Regional HR department")
        REGIONAL_EDUCATION = "regional_education", _("Regional education department")

    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    prefecture = models.CharField(
        _("prefecture"),
        max_length=6,
        blank=True,
        choices=prefecture_choices,
        help_text=_("Only for prefecture title offices."),
    )
    name = models.CharField(_("name"), max_length=120, unique=True)
    name_ug = models.CharField(_("name in Uyghur"), max_length=240, blank=True)
    code = models.SlugField(
        _("code"),
        max_length=20,
        unique=True,
        help_text=_(
            "Short and stable: it begins the numbers of the certificates "
            "the office issues, e.g. YL for 伊犁."
        ),
    )
    contact_person = models.CharField(_("contact person"), max_length=60)
    phone = models.CharField(_("phone"), max_length=40)
    address = models.CharField(_("address"), max_length=200, blank=True)
    email = models.EmailField(_("email"), blank=True)
    reviewers = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="review_offices",
        verbose_name=_("reviewers"),
    )

    class Meta:
        ordering = ["kind", "prefecture", "name"]
        verbose_name = _("review office")
        verbose_name_plural = _("review offices")
        constraints = [
            models.UniqueConstraint(
                fields=["prefecture"],
                condition=models.Q(kind="prefecture"),
                name="one_title_office_per_prefecture",
            ),
        ]


class Route(ClusterableModel):
    """The chain of offices that filings of a kind, unit, level and series follow.

    Empty criteria match anything. Of the routes matching a filing, the one
    with the most criteria set wins (see approvals.routing).
    """

    name = models.CharField(_("name"), max_length=120)
    filing_kind = models.CharField(
        _("kind of filing"),
        max_length=20,
        choices=Filing.Kind.choices,
        default=Filing.Kind.POST_REVIEW,
    )
    unit_kind = models.CharField(
        _("kind of organizing unit"),
        max_length=20,
        blank=True,
        choices=OrganizingUnit.Kind.choices,
    )
    prefecture = models.CharField(
        _("prefecture"), max_length=6, blank=True, choices=prefecture_choices
    )
    filing_level = models.CharField(
        _("filing level"), max_length=20, blank=True, choices=FilingLevel.choices
    )
    title_series = ParentalManyToManyField(
        "filing.TitleSeries",
        blank=True,
        related_name="routes",
        verbose_name=_("title series"),
        help_text=_("Leave empty for every series."),
    )

    class Meta:
        ordering = ["name"]
        verbose_name = _("route")
        verbose_name_plural = _("routes")

    def __str__(self):
        return self.name

    @admin.display(description=_("title series"))
    def series_summary(self):
        return listed(self.title_series.all())

    @admin.display(description=_("offices, in order"))
    def stops_summary(self):
        # The arrow points the way the reader reads.
        arrow = " ← " if get_language_bidi() else " → "
        return arrow.join(
            str(stop.office or _("prefecture title office"))
            for stop in self.stops.all()
        )


class Task(models.TextChoices):
    """What an office on a route does with a filing."""

    REVIEW = "review", _("Formal review, then forward")
    CONSENT = "consent", _("Give or refuse consent")
    APPROVE = "approve", _("Approve")


class RouteStop(Orderable):
    route = ParentalKey(Route, on_delete=models.CASCADE, related_name="stops")
    office = models.ForeignKey(
        ReviewOffice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("office"),
        help_text=_("Leave empty for the title office of the unit's prefecture."),
    )
    task = models.CharField(_("task"), max_length=20, choices=Task.choices)

    class Meta(Orderable.Meta):
        verbose_name = _("stop")
        verbose_name_plural = _("stops")

    def __str__(self):
        return f"{self.route}: {self.office or _('prefecture title office')}"


class FilingStop(models.Model):
    """An office on a submitted filing's route, fixed when it was first submitted."""

    filing = models.ForeignKey(
        "filing.Filing",
        on_delete=models.CASCADE,
        related_name="stops",
        verbose_name=_("filing"),
    )
    position = models.PositiveSmallIntegerField(_("position"))
    office = models.ForeignKey(
        ReviewOffice,
        on_delete=models.PROTECT,
        related_name="filing_stops",
        verbose_name=_("office"),
    )
    task = models.CharField(_("task"), max_length=20, choices=Task.choices)

    class Meta:
        ordering = ["filing", "position"]
        verbose_name = _("stop of a filing")
        verbose_name_plural = _("stops of filings")
        constraints = [
            models.UniqueConstraint(
                fields=["filing", "position"], name="one_stop_per_position"
            )
        ]

    def __str__(self):
        return f"{self.position + 1}. {self.office}"


class ReviewStep(models.Model):
    """One thing that happened to a filing on its way through the offices."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        RESUBMITTED = "resubmitted", _("Submitted again")
        WITHDRAWN = "withdrawn", _("Withdrawn")
        PASSED = "passed", _("Passed formal review")
        RETURNED = "returned", _("Returned for changes")
        FORWARDED = "forwarded", _("Forwarded")
        CONSENTED = "consented", _("Consent given")
        CONSENT_REFUSED = "consent_refused", _("Consent refused")
        APPROVED = "approved", _("Approved")
        CERTIFICATES_ISSUED = "certificates_issued", _("Certificates issued")

    filing = models.ForeignKey(
        "filing.Filing",
        on_delete=models.CASCADE,
        related_name="review_steps",
        verbose_name=_("filing"),
    )
    office = models.ForeignKey(
        ReviewOffice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="review_steps",
        verbose_name=_("office"),
    )
    to_office = models.ForeignKey(
        ReviewOffice,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("to office"),
        help_text=_("Where the filing went: the next office, or the receiving one."),
    )
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
    flagged = models.JSONField(
        _("what to fix"),
        default=list,
        blank=True,
        help_text=_("The attachments and fields a return names."),
    )
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("actor"),
    )
    acted_at = models.DateTimeField(_("processed at"), default=timezone.now)
    snapshot = models.JSONField(
        _("snapshot"),
        default=dict,
        blank=True,
        help_text=_("The filing as it stood at this step."),
    )

    class Meta:
        ordering = ["acted_at", "pk"]
        verbose_name = _("review step")
        verbose_name_plural = _("review steps")

    def __str__(self):
        return f"{self.get_action_display()} {self.acted_at:%Y-%m-%d %H:%M}"

    @property
    def summary(self):
        """What happened, as DESIGN rule 10 puts it: the acting office in brackets.

        Steps the filer took name the organizing unit instead of an office.
        """
        who = self.office or self.filing.organizing_unit
        names = {
            "who": who.localized_name,
            "to": self.to_office.localized_name if self.to_office else "",
        }
        return STEP_SUMMARIES[self.action] % names


STEP_SUMMARIES = {
    ReviewStep.Action.SUBMITTED: _("[%(who)s] submitted the filing to [%(to)s]"),
    ReviewStep.Action.RESUBMITTED: _(
        "[%(who)s] submitted the filing again to [%(to)s]"
    ),
    ReviewStep.Action.WITHDRAWN: _("[%(who)s] withdrew the filing"),
    ReviewStep.Action.PASSED: _("[%(who)s] passed the formal review"),
    ReviewStep.Action.RETURNED: _("[%(who)s] returned the filing for changes"),
    ReviewStep.Action.FORWARDED: _("[%(who)s] forwarded the filing to [%(to)s]"),
    ReviewStep.Action.CONSENTED: _(
        "[%(who)s] gave consent and forwarded the filing to [%(to)s]"
    ),
    ReviewStep.Action.CONSENT_REFUSED: _(
        "[%(who)s] refused consent and returned the filing"
    ),
    ReviewStep.Action.APPROVED: _("[%(who)s] approved the filing"),
    ReviewStep.Action.CERTIFICATES_ISSUED: _("[%(who)s] issued the certificates"),
}


def certificate_path(instance, filename):
    return f"certificates/{instance.issuing_office_id}/{instance.number}.pdf"


class Certificate(models.Model):
    """An electronic title certificate for one approved application."""

    filing = models.ForeignKey(
        "filing.Filing",
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("filing"),
    )
    application = models.OneToOneField(
        "filing.Application",
        on_delete=models.PROTECT,
        related_name="certificate",
        verbose_name=_("application"),
    )
    issuing_office = models.ForeignKey(
        ReviewOffice,
        on_delete=models.PROTECT,
        related_name="certificates",
        verbose_name=_("issuing office"),
    )
    year = models.PositiveSmallIntegerField(_("year of issue"))
    sequence = models.PositiveIntegerField(_("sequence"))
    number = models.CharField(_("certificate number"), max_length=40, unique=True)
    verification_code = models.CharField(
        _("verification code"), max_length=32, unique=True
    )
    issued_at = models.DateTimeField(_("issued at"), default=timezone.now)
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=certificate_path,
        max_length=255,
        blank=True,
    )
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.TextField(_("reason for revoking"), blank=True)

    class Meta:
        ordering = ["number"]
        verbose_name = _("certificate")
        verbose_name_plural = _("certificates")
        permissions = [
            ("issue_certificates", _("Can issue certificates")),
            ("revoke_certificate", _("Can revoke certificates")),
        ]
        constraints = [
            # Numbers count up per issuing office and year, never twice.
            models.UniqueConstraint(
                fields=["issuing_office", "year", "sequence"],
                name="one_certificate_per_sequence",
            ),
        ]

    def __str__(self):
        return self.number


class Notification(models.Model):
    """Something that happened to a filing that one person should know about.

    Shown on the person's admin dashboard until read; an email goes out too
    (see approvals.notifications).
    """

    class Event(models.TextChoices):
        ARRIVED = "arrived", _("A filing is waiting for your office")
        RETURNED = "returned", _("Your filing was returned for changes")
        APPROVED = "approved", _("Your filing was approved")
        CERTIFICATES_ISSUED = "certificates_issued", _("Certificates were issued")
        WITHDRAWN = "withdrawn", _("A filing waiting for your office was withdrawn")

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="filing_notifications",
        verbose_name=_("recipient"),
    )
    filing = models.ForeignKey(
        "filing.Filing",
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("filing"),
    )
    step = models.ForeignKey(
        ReviewStep,
        on_delete=models.CASCADE,
        related_name="notifications",
        verbose_name=_("review step"),
    )
    event = models.CharField(_("event"), max_length=30, choices=Event.choices)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("emailed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        constraints = [
            # A task run twice for one step notifies nobody twice.
            models.UniqueConstraint(
                fields=["step", "recipient"], name="one_notification_per_step"
            ),
        ]
        indexes = [
            models.Index(
                fields=["recipient", "read_at"], name="notification_unread_idx"
            ),
        ]

    def __str__(self):
        return self.get_event_display()

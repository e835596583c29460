"""Units, applications and the post-review filings that carry them."""

import datetime

from django.conf import settings
from django.core.files.storage import storages
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import get_language, gettext
from django.utils.translation import gettext_lazy as _

from config.wording import listed

from .divisions import prefecture_choices
from .validators import mask_id_number, validate_id_number


def private_storage():
    return storages["private"]


def localized_name(name, name_ug):
    """The Uyghur name for ug users when there is one, else the Chinese one."""
    if get_language() == "ug" and name_ug:
        return name_ug
    return name


class LocalizedNameMixin:
    """A Chinese `name` with an optional Uyghur `name_ug` shown to ug users."""

    @property
    def localized_name(self):
        return localized_name(self.name, self.name_ug)

    def __str__(self):
        return self.localized_name


class TitleLevel(models.TextChoices):
    JUNIOR = "junior", _("Junior")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ASSOCIATE_SENIOR = "associate_senior", _("Associate senior")
    FULL_SENIOR = "full_senior", _("Full senior")


class FilingLevel(models.TextChoices):
    INTERMEDIATE_JUNIOR = "intermediate_junior", _("Intermediate and junior")
    SENIOR = "senior", _("Senior (associate and full)")

    @property
    def title_levels(self):
        if self is FilingLevel.SENIOR:
            return [TitleLevel.ASSOCIATE_SENIOR, TitleLevel.FULL_SENIOR]
        return [TitleLevel.JUNIOR, TitleLevel.INTERMEDIATE]


class DataSource(models.TextChoices):
    DECLARED = "declared", _("Declared on the platform")
    IMPORTED = "imported", _("Imported")


class TitleSeries(LocalizedNameMixin, models.Model):
    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=60, unique=True)
    name_ug = models.CharField(_("name in Uyghur"), max_length=120, blank=True)
    is_teacher_series = models.BooleanField(
        _("teacher series"),
        default=False,
        help_text=_(
            "Senior results of teacher series need the regional education "
            "department's consent."
        ),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("title series")
        verbose_name_plural = _("title series")


class Qualification(LocalizedNameMixin, models.Model):
    """A title one can apply for, e.g. a secondary-school first-grade teacher."""

    series = models.ForeignKey(
        TitleSeries,
        on_delete=models.PROTECT,
        related_name="qualifications",
        verbose_name=_("title series"),
    )
    level = models.CharField(_("level"), max_length=20, choices=TitleLevel.choices)
    name = models.CharField(_("name"), max_length=60)
    name_ug = models.CharField(_("name in Uyghur"), max_length=120, blank=True)

    class Meta:
        ordering = ["series__code", "level", "name"]
        verbose_name = _("qualification")
        verbose_name_plural = _("qualifications")
        constraints = [
            models.UniqueConstraint(
                fields=["series", "name"], name="qualification_unique_in_series"
            )
        ]


class OrganizingUnit(LocalizedNameMixin, models.Model):
    """A unit that forms a review committee and files its results."""

    class Kind(models.TextChoices):
        PREFECTURE = "prefecture", _("Prefecture-level unit")
        DEPARTMENT = "department", _("Regional industry department")
        SELF_ACCREDITING = "self_accrediting", _("Self-accrediting unit")

    name = models.CharField(_("name"), max_length=120, unique=True)
    name_ug = models.CharField(_("name in Uyghur"), max_length=240, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    prefecture = models.CharField(
        _("prefecture"),
        max_length=6,
        blank=True,
        choices=prefecture_choices,
        help_text=_("Leave empty for units at regional level."),
    )
    administrators = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        blank=True,
        related_name="administered_units",
        verbose_name=_("filing administrators"),
    )

    class Meta:
        ordering = ["kind", "prefecture", "name"]
        verbose_name = _("organizing unit")
        verbose_name_plural = _("organizing units")


class ApplicationQuerySet(models.QuerySet):
    def in_live_filing(self):
        return self.filter(
            Exists(FilingApplication.objects.live().filter(application=OuterRef("pk")))
        )

    def not_in_live_filing(self):
        return self.exclude(
            Exists(FilingApplication.objects.live().filter(application=OuterRef("pk")))
        )


class Application(models.Model):
    """One person's application that went through a review."""

    number = models.CharField(_("application number"), max_length=32, unique=True)
    organizing_unit = models.ForeignKey(
        OrganizingUnit,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("organizing unit"),
    )
    review_year = models.PositiveSmallIntegerField(_("review year"))
    data_source = models.CharField(
        _("data source"), max_length=20, choices=DataSource.choices
    )
    applicant_name = models.CharField(_("applicant"), max_length=64)
    id_number = models.CharField(
        _("ID number"), max_length=18, validators=[validate_id_number]
    )
    employer = models.CharField(_("employer"), max_length=200)
    recommending_unit = models.CharField(_("recommending unit"), max_length=200)
    qualification = models.ForeignKey(
        Qualification,
        on_delete=models.PROTECT,
        related_name="applications",
        verbose_name=_("qualification"),
    )
    specialty = models.CharField(_("specialty"), max_length=100)
    passed_review = models.BooleanField(_("passed review"), default=False)
    reviewed_at = models.DateTimeField(_("review time"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    objects = ApplicationQuerySet.as_manager()

    class Meta:
        ordering = ["number"]
        verbose_name = _("application")
        verbose_name_plural = _("applications")
        permissions = [("view_full_id_number", _("Can see full ID numbers"))]
        indexes = [
            # The eligible pool of a filing (DESIGN rule 3) seeks on these;
            # its levels arrive as the ids of the qualifications at them.
            models.Index(
                fields=[
                    "organizing_unit",
                    "review_year",
                    "data_source",
                    "qualification",
                ],
                condition=Q(passed_review=True),
                name="application_pool_idx",
            ),
        ]

    def __str__(self):
        return f"{self.number} {self.applicant_name}"

    @property
    def masked_id_number(self):
        return mask_id_number(self.id_number)


class FilingQuerySet(models.QuerySet):
    def live(self):
        return self.exclude(status=Filing.Status.WITHDRAWN)

    def for_unit_administrator(self, user):
        return self.filter(organizing_unit__administrators=user)


class Filing(models.Model):
    """A filing with the authorities (备案): a meeting before it, or its results."""

    class Kind(models.TextChoices):
        POST_REVIEW = "post_review", _("Post-review filing")
        PRE_REVIEW = "pre_review", _("Pre-review filing")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted, waiting for formal review")
        RETURNED = "returned", _("Returned for changes")
        PASSED = "passed", _("Passed formal review")
        FORWARDED = "forwarded", _("Forwarded")
        AWAITING_CONSENT = "awaiting_consent", _("Waiting for consent")
        APPROVED = "approved", _("Approved (filed)")
        CERTIFICATES_ISSUED = "certificates_issued", _("Certificates issued")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    # Statuses whose office matters to the filer: it is shown in brackets.
    STATUSES_AT_OFFICE = {
        Status.SUBMITTED,
        Status.PASSED,
        Status.FORWARDED,
        Status.AWAITING_CONSENT,
    }
    # The filer may change the filing only in these.
    EDITABLE_STATUSES = {Status.DRAFT, Status.RETURNED}

    kind = models.CharField(
        _("kind"), max_length=20, choices=Kind.choices, default=Kind.POST_REVIEW
    )
    organizing_unit = models.ForeignKey(
        OrganizingUnit,
        on_delete=models.PROTECT,
        related_name="filings",
        verbose_name=_("organizing unit"),
    )
    notice_title = models.CharField(_("notice title"), max_length=200, blank=True)
    review_year = models.PositiveSmallIntegerField(
        _("review year"),
        validators=[MinValueValidator(2000), MaxValueValidator(2100)],
    )
    declared_headcount = models.PositiveIntegerField(
        _("declared headcount"), validators=[MinValueValidator(1)]
    )
    data_source = models.CharField(
        _("data source"), max_length=20, choices=DataSource.choices
    )
    filing_level = models.CharField(
        _("filing level"), max_length=20, choices=FilingLevel.choices
    )
    notice_number = models.CharField(_("notice number"), max_length=64, blank=True)
    conferred_on = models.DateField(_("conferred on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.DRAFT
    )
    # The stop of its route the filing is at, and that stop's office, kept
    # beside it so that "filings at my office" is one indexed column.
    current_stop = models.ForeignKey(
        "approvals.FilingStop",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("current stop"),
    )
    current_office = models.ForeignKey(
        "approvals.ReviewOffice",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="filings_at_office",
        verbose_name=_("current office"),
    )
    pre_review = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="post_review_filings",
        limit_choices_to={"kind": "pre_review"},
        verbose_name=_("pre-review filing"),
        help_text=_(
            "The approved pre-review filing of the meeting whose results this "
            "filing reports; its candidates who passed are the ones to choose from."
        ),
    )
    applications = models.ManyToManyField(
        Application,
        through="FilingApplication",
        related_name="filings",
        verbose_name=_("applications"),
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    last_action_at = models.DateTimeField(_("processed at"), default=timezone.now)

    objects = FilingQuerySet.as_manager()

    class Meta:
        ordering = ["-last_action_at", "-pk"]
        verbose_name = _("filing")
        verbose_name_plural = _("filings")
        constraints = [
            # DESIGN rule 6: a notice number belongs to one live filing.
            models.UniqueConstraint(
                fields=["notice_number"],
                condition=~Q(notice_number="") & ~Q(status="withdrawn"),
                name="filing_notice_number_unique_when_live",
            ),
        ]
        indexes = [
            models.Index(
                fields=["organizing_unit", "status", "review_year"],
                name="filing_unit_status_idx",
            ),
            # The API's filing list walks these in its order (latest first),
            # page after page from where the last one stopped: all of a
            # portal's filings, or one unit's.
            models.Index(
                fields=["last_action_at", "id"], name="filing_last_action_idx"
            ),
            models.Index(
                fields=["organizing_unit", "last_action_at", "id"],
                name="filing_unit_last_action_idx",
            ),
        ]

    def __str__(self):
        return self.notice_title or gettext("Untitled filing %(pk)s") % {"pk": self.pk}

    @property
    def is_pre_review(self):
        return self.kind == self.Kind.PRE_REVIEW

    @property
    def attachment_kinds(self):
        """The scans this kind of filing needs, in the order of their slots."""
        return PRE_REVIEW_SCANS if self.is_pre_review else POST_REVIEW_SCANS

    @property
    def title_levels(self):
        return FilingLevel(self.filing_level).title_levels

    @property
    def details_url(self):
        """The admin page with everything about the filing: its inspect view."""
        return reverse("wagtailsnippets_filing_filing:inspect", args=[self.pk])

    @property
    def is_editable(self):
        return self.status in self.EDITABLE_STATUSES

    @property
    def status_display(self):
        """The status as the filer reads it, with the office in brackets."""
        office = None
        if self.status in self.STATUSES_AT_OFFICE and self.current_office_id:
            office = self.current_office.localized_name
        return self.worded_status(self.status, office)

    @classmethod
    def worded_status(cls, status, office=None):
        """A status as the filer reads it; `office`: where it is, by name."""
        # Straight to the label: get_status_display() rebuilds the choices
        # for every call, which a list of fifty filings feels.
        label = cls.Status(status).label
        if office is None or status not in cls.STATUSES_AT_OFFICE:
            return label
        if status == cls.Status.FORWARDED:
            # Rule 10: "forwarded to [office]", the office it went to.
            return _("Forwarded to [%(office)s]") % {"office": office}
        return _("[%(office)s] %(status)s") % {"office": office, "status": label}

    def eligible_pool(self):
        """Applications this filing may carry (DESIGN rule 3).

        A meeting's candidates are the unit's applications of the year and
        level in the committee's title series, passed or not: they are
        reviewed at it. A post-review filing that follows a meeting carries
        that meeting's candidates who passed.
        """
        at_level = Qualification.objects.filter(level__in=self.title_levels)
        if self.is_pre_review and self.pk:
            # A health committee reviews no teachers. (An unsaved filing has
            # no meeting yet: its pool is every series.)
            at_level = at_level.filter(
                series__in=ReviewMeeting.objects.filter(filing_id=self.pk).values(
                    "series"
                )
            )
        pool = Application.objects.filter(
            organizing_unit_id=self.organizing_unit_id,
            review_year=self.review_year,
            data_source=self.data_source,
            qualification__in=at_level.values("pk"),
        )
        if self.is_pre_review:
            return pool
        if self.pre_review_id:
            pool = pool.filter(candidacies__filing_id=self.pre_review_id)
        return pool.filter(passed_review=True)

    def selected_applications(self):
        if self.is_pre_review:
            return Application.objects.filter(candidacies__filing=self)
        return Application.objects.filter(
            filing_entries__filing=self, filing_entries__released_at__isnull=True
        )

    def held(self, *, others_only=False):
        """Whether an application (the outer row) is in a live filing of this kind.

        With `others_only`, a live filing other than this one.
        """
        if self.is_pre_review:
            rows = MeetingCandidate.objects.filter(
                application=OuterRef("pk"), filing__kind=self.Kind.PRE_REVIEW
            ).exclude(filing__status=self.Status.WITHDRAWN)
        else:
            rows = FilingApplication.objects.live().filter(application=OuterRef("pk"))
        if others_only:
            rows = rows.exclude(filing_id=self.pk)
        return Exists(rows)

    def free_candidates(self):
        """The pool less what this or another live filing of its kind holds."""
        return self.eligible_pool().exclude(self.held())

    def earliest_conferred_on(self):
        return datetime.date(self.review_year, 1, 1)


class FilingApplicationQuerySet(models.QuerySet):
    def live(self):
        return self.filter(released_at__isnull=True)


class FilingApplication(models.Model):
    """An application selected into a filing; released when the filing ends."""

    filing = models.ForeignKey(
        Filing,
        on_delete=models.CASCADE,
        related_name="entries",
        verbose_name=_("filing"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="filing_entries",
        verbose_name=_("application"),
    )
    selected_at = models.DateTimeField(_("selected at"), default=timezone.now)
    released_at = models.DateTimeField(_("released at"), null=True, blank=True)

    objects = FilingApplicationQuerySet.as_manager()

    class Meta:
        verbose_name = _("selected application")
        verbose_name_plural = _("selected applications")
        constraints = [
            # DESIGN rule 2, held by the database so that racing requests,
            # tabs or workers can never both claim one application.
            models.UniqueConstraint(
                fields=["application"],
                condition=Q(released_at__isnull=True),
                name="application_in_one_live_filing",
            ),
            models.UniqueConstraint(
                fields=["filing", "application"], name="application_once_per_filing"
            ),
        ]

    def __str__(self):
        return f"{self.filing_id}: {self.application_id}"


class ReviewMeeting(models.Model):
    """The review meeting a pre-review filing registers (会前备案)."""

    class CommitteeScope(models.TextChoices):
        SERIES = "series", _("Committee of a title series")
        SPECIALTY = "specialty", _("Committee of a specialty")

    filing = models.OneToOneField(
        Filing,
        on_delete=models.CASCADE,
        related_name="meeting",
        verbose_name=_("filing"),
    )
    committee_name = models.CharField(_("review committee"), max_length=200)
    committee_scope = models.CharField(
        _("committee formed by"),
        max_length=20,
        choices=CommitteeScope.choices,
        default=CommitteeScope.SERIES,
    )
    series = models.ForeignKey(
        TitleSeries,
        on_delete=models.PROTECT,
        related_name="meetings",
        verbose_name=_("title series"),
    )
    specialties = models.CharField(_("specialties"), max_length=300)
    meeting_date = models.DateField(_("meeting date"))
    place = models.CharField(_("meeting place"), max_length=200)
    committee_size = models.PositiveSmallIntegerField(
        _("experts on the committee"), validators=[MinValueValidator(1)]
    )
    experts_present = models.PositiveSmallIntegerField(
        _("experts at the meeting"), validators=[MinValueValidator(1)]
    )

    class Meta:
        verbose_name = _("review meeting")
        verbose_name_plural = _("review meetings")

    def __str__(self):
        return f"{self.committee_name} {self.meeting_date:%Y-%m-%d}"


class MeetingCandidate(models.Model):
    """An application put before a review meeting.

    Unlike a selected application (DESIGN rule 2), a candidacy claims
    nothing: the same application is filed after the meeting by a
    post-review filing.
    """

    filing = models.ForeignKey(
        Filing,
        on_delete=models.CASCADE,
        related_name="candidates",
        verbose_name=_("pre-review filing"),
    )
    application = models.ForeignKey(
        Application,
        on_delete=models.PROTECT,
        related_name="candidacies",
        verbose_name=_("application"),
    )
    added_at = models.DateTimeField(_("added at"), default=timezone.now)

    class Meta:
        verbose_name = _("candidate")
        verbose_name_plural = _("candidates")
        constraints = [
            models.UniqueConstraint(
                fields=["filing", "application"], name="candidate_once_per_meeting"
            ),
        ]

    def __str__(self):
        return f"{self.filing_id}: {self.application_id}"


class AttachmentKind(models.TextChoices):
    SIGNED_NOTICE_SCAN = "signed_notice_scan", _("Scan of the signed notice")
    STAMPED_ROSTER_SCAN = "stamped_roster_scan", _("Stamped certificate roster")
    MEETING_MINUTES = "meeting_minutes", _("Meeting minutes")
    PUBLICITY_EVIDENCE = "publicity_evidence", _("Publicity evidence")
    REVIEW_PLAN = "review_plan", _("Review plan")


# The scans each kind of filing needs (DESIGN rule 5), in slot order.
POST_REVIEW_SCANS = [
    AttachmentKind.SIGNED_NOTICE_SCAN,
    AttachmentKind.STAMPED_ROSTER_SCAN,
    AttachmentKind.MEETING_MINUTES,
    AttachmentKind.PUBLICITY_EVIDENCE,
]
PRE_REVIEW_SCANS = [AttachmentKind.REVIEW_PLAN]


def attachment_path(instance, filename):
    # The original name is kept in the row; the stored name never carries it,
    # so no user-chosen text reaches the file system.
    name = f"{instance.kind}-{instance.sha256[:16]}.pdf"
    return f"filings/{instance.filing_id}/attachments/{name}"


class AttachmentQuerySet(models.QuerySet):
    def in_kind_order(self):
        """The order of the upload slots, newest version first within a kind."""
        slot = models.Case(
            *(
                models.When(kind=kind, then=index)
                for index, kind in enumerate(AttachmentKind)
            )
        )
        return self.order_by(slot, "-uploaded_at")


class Attachment(models.Model):
    """An uploaded scan; a replaced one stays, marked with when it was replaced."""

    filing = models.ForeignKey(
        Filing,
        on_delete=models.CASCADE,
        related_name="attachments",
        verbose_name=_("filing"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=AttachmentKind.choices)
    file = models.FileField(
        _("file"), storage=private_storage, upload_to=attachment_path, max_length=255
    )
    original_name = models.CharField(_("file name"), max_length=255)
    size = models.PositiveIntegerField(_("size in bytes"))
    sha256 = models.CharField(_("SHA-256"), max_length=64)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("uploaded by"),
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)

    objects = AttachmentQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "-uploaded_at"]
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")
        constraints = [
            models.UniqueConstraint(
                fields=["filing", "kind"],
                condition=Q(replaced_at__isnull=True),
                name="one_current_attachment_per_kind",
            ),
        ]

    def __str__(self):
        return self.original_name


class DocumentKind(models.TextChoices):
    DRAFT_NOTICE = "draft_notice", _("Draft notice")
    NOTICE_ROSTER = "notice_roster", _("Notice roster")


def document_path(instance, filename):
    name = f"{instance.kind}-{instance.fingerprint[:16]}.pdf"
    return f"filings/{instance.filing_id}/documents/{name}"


# Why a render failed, kept as a code so that each reader sees the message in
# their own admin language, whoever the worker rendered for.
ERROR_MESSAGES = {
    "nothing_selected": _(
        "“%(document)s” was not generated: the filing has no selected "
        "applications. Select them in step 2, then generate it again."
    ),
    "render_failed": _(
        "“%(document)s” could not be generated. Generate it again; if it "
        "fails again, tell the system administrator (reference: document "
        "%(reference)s)."
    ),
}


class GeneratedDocument(models.Model):
    """A PDF the product renders for a filing, and the state of its rendering."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RENDERING = "rendering", _("Rendering")
        READY = "ready", _("Ready")
        FAILED = "failed", _("Failed")

    filing = models.ForeignKey(
        Filing,
        on_delete=models.CASCADE,
        related_name="documents",
        verbose_name=_("filing"),
    )
    kind = models.CharField(_("kind"), max_length=20, choices=DocumentKind.choices)
    status = models.CharField(
        _("status"), max_length=20, choices=Status.choices, default=Status.QUEUED
    )
    fingerprint = models.CharField(
        _("fingerprint"),
        max_length=64,
        help_text=_("SHA-256 of the data the document was rendered from."),
    )
    file = models.FileField(
        _("file"),
        storage=private_storage,
        upload_to=document_path,
        max_length=255,
        blank=True,
    )
    size = models.PositiveIntegerField(_("size in bytes"), null=True, blank=True)
    sha256 = models.CharField(_("SHA-256"), max_length=64, blank=True)
    page_count = models.PositiveIntegerField(_("pages"), null=True, blank=True)
    error = models.CharField(
        _("error"),
        max_length=30,
        blank=True,
        choices=[(code, code) for code in ERROR_MESSAGES],
        help_text=_("Why the last render failed, as a code; shown translated."),
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("requested by"),
    )
    requested_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        verbose_name = _("generated document")
        verbose_name_plural = _("generated documents")
        constraints = [
            models.UniqueConstraint(
                fields=["filing", "kind"], name="one_generated_document_per_kind"
            ),
        ]

    def __str__(self):
        return self.get_kind_display()

    @property
    def error_message(self):
        """Why the last render failed, in the active language; empty if it did not."""
        if not self.error:
            return ""
        return ERROR_MESSAGES[self.error] % {
            "document": self.get_kind_display(),
            "reference": self.pk,
        }


class ApiTokenQuerySet(models.QuerySet):
    def active(self):
        return self.filter(revoked_at__isnull=True)


class ApiToken(models.Model):
    """A key an external system sends to the API, bound to one unit or one portal.

    Not Wagtail's own `APIToken`: that one stands for a user, with all of the
    user's rights; ours is bound to a unit or a portal and to scopes.

    Only a SHA-256 of the key is stored: the key itself is shown once, when
    the token is created. A unit's token reads and changes that unit's data
    only; a portal's token reads the progress of every filing from its
    submission on, and may push applications of any unit, but never drives
    the wizard (see README, "API").
    """

    class Scope(models.TextChoices):
        READ_PROGRESS = "read_progress", _("Read filing progress")
        PUSH_APPLICATIONS = "push_applications", _("Push applications")
        VERIFY_CERTIFICATES = "verify_certificates", _("Verify certificates")
        FILE = "file", _("Create and submit filings")

    name = models.CharField(
        _("name"),
        max_length=120,
        help_text=_("Who uses the token and what for, e.g. 伊犁州申报平台对接."),
    )
    organizing_unit = models.ForeignKey(
        OrganizingUnit,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="api_tokens",
        verbose_name=_("organizing unit"),
        help_text=_("The unit whose data the token reaches; or name a portal."),
    )
    portal = models.CharField(
        _("portal"),
        max_length=120,
        blank=True,
        help_text=_(
            "The portal the token belongs to, e.g. 新疆职称申报平台; "
            "leave empty for a unit's token."
        ),
    )
    acting_user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acts as"),
        help_text=_(
            "The unit's filing administrator in whose name the token creates "
            "and submits filings; needed for that scope only."
        ),
    )
    may_read_progress = models.BooleanField(Scope.READ_PROGRESS.label, default=True)
    may_push_applications = models.BooleanField(
        Scope.PUSH_APPLICATIONS.label, default=False
    )
    may_verify_certificates = models.BooleanField(
        Scope.VERIFY_CERTIFICATES.label, default=False
    )
    may_file = models.BooleanField(Scope.FILE.label, default=False)
    prefix = models.CharField(_("key prefix"), max_length=12, unique=True)
    key_hash = models.CharField(_("key hash"), max_length=64)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    objects = ApiTokenQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=(Q(organizing_unit__isnull=False) & Q(portal=""))
                | (Q(organizing_unit__isnull=True) & ~Q(portal="")),
                name="api_token_unit_or_portal",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    SCOPE_FIELDS = {
        Scope.READ_PROGRESS: "may_read_progress",
        Scope.PUSH_APPLICATIONS: "may_push_applications",
        Scope.VERIFY_CERTIFICATES: "may_verify_certificates",
        Scope.FILE: "may_file",
    }

    @property
    def scopes(self):
        return [
            scope for scope, field in self.SCOPE_FIELDS.items() if getattr(self, field)
        ]

    @property
    def scopes_display(self):
        return listed(scope.label for scope in self.scopes)

    @property
    def is_revoked(self):
        return self.revoked_at is not None

"""Review offices and the steps a filing takes through them."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from filing.divisions import prefecture_choices
from filing.models import LocalizedNameMixin


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


class ReviewStep(models.Model):
    """One thing that happened to a filing on its way through the offices."""

    class Action(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")

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
    action = models.CharField(_("action"), max_length=30, choices=Action.choices)
    reason = models.TextField(_("reason"), blank=True)
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

"""Choices every part of the cycle shares and the municipality's feedback settings."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

MIN_SUPPRESSION_THRESHOLD = 3


class Channel(models.TextChoices):
    PAPER = "paper", _("Paper form (box)")
    EMAIL = "email", _("E-mail link")
    ONLINE = "online", _("Online form")
    IMPORT = "import", _("Imported (Google Forms)")


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")


class AgeBand(models.TextChoices):
    UNDER_30 = "18-29", "18-29"
    FROM_30 = "30-44", "30-44"
    FROM_45 = "45-59", "45-59"
    FROM_60 = "60-74", "60-74"
    OVER_75 = "75+", "75+"


class FeedbackSettings(models.Model):
    """One row per municipality (schema): how its feedback cycle is run."""

    suppression_threshold = models.PositiveSmallIntegerField(
        _("smallest published figure"),
        default=5,
        validators=[MinValueValidator(MIN_SUPPRESSION_THRESHOLD)],
        help_text=_(
            "Public figures below this number are hidden so that nobody can be recognised (at least 3)."
        ),
    )
    invitation_weekdays = models.CharField(
        _("invitation sending weekdays"),
        max_length=20,
        default="1,4",
        help_text=_("ISO weekdays (1 = Monday) on which queued invitations are sent, comma separated."),
    )
    invitation_valid_days = models.PositiveSmallIntegerField(_("invitation valid for, days"), default=30)
    reminder_after_days = models.PositiveSmallIntegerField(_("send the reminder after, days"), default=7)
    box_reminder_weekday = models.PositiveSmallIntegerField(
        _("box reminder weekday"),
        default=5,
        validators=[MinValueValidator(1), MaxValueValidator(7)],
        help_text=_(
            "ISO weekday (1 = Monday) on which the front desk is reminded to empty the box if it was not."
        ),
    )
    box_reminder_sent_on = models.DateField(_("box reminder last sent on"), null=True, blank=True)
    # The reporting calendar: the only periods whose figures are released to readers of suppressed figures
    # (council members, citizens, published reports); see municipal_platform.disclosure.
    reporting_start = models.DateField(
        _("reporting calendar starts on"),
        null=True,
        blank=True,
        help_text=_(
            "First day of the first reporting period."
            " Left empty: periods from 1 March 2000 (March-May, June-August, ...)."
        ),
    )
    reporting_months = models.PositiveSmallIntegerField(
        _("months in a reporting period"),
        default=3,
        choices=[(1, "1"), (2, "2"), (3, "3"), (4, "4"), (6, "6"), (12, "12")],
        help_text=_("A reporting year is made of whole periods, so the length divides twelve."),
    )

    # retention: how long personal data and evidence files are kept (the daily retention task)
    invitation_address_days = models.PositiveSmallIntegerField(
        _("keep invitation addresses for, days"),
        default=60,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_(
            "An invitation not answered by then is ended and its e-mail address deleted (at least as long"
            " as an invitation is valid)."
        ),
    )
    invitation_token_days = models.PositiveSmallIntegerField(
        _("keep ended invitation links for, days"),
        default=90,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
        help_text=_("After this, the stored digest of a used, expired or refused link is deleted."),
    )
    import_file_days = models.PositiveSmallIntegerField(
        _("keep imported CSV files for, days"),
        default=180,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )
    batch_scan_days = models.PositiveSmallIntegerField(
        _("keep scans of box opening records for, days"),
        default=365,
        validators=[MinValueValidator(1), MaxValueValidator(3650)],
    )

    class Meta:
        verbose_name = _("feedback settings")
        verbose_name_plural = _("feedback settings")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(suppression_threshold__gte=MIN_SUPPRESSION_THRESHOLD),
                name="%(app_label)s_%(class)s_threshold_at_least_3",
            )
        ]

    def __str__(self) -> str:
        return str(_("feedback settings"))

    def weekdays(self) -> set[int]:
        return {int(d) for d in self.invitation_weekdays.split(",") if d.strip().isdigit()}

"""Analysis reports, working meetings and their decisions."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from municipal_platform.periods import Period


class Report(models.Model):
    """The analysis report of a period: draft -> approved (head of service) -> published.

    `figures` keeps the exact summary it was approved with; the public page derives the suppressed view.
    The period is stored half-open (``period_to`` is the day after the last); people give and read it as
    its first and last day through `period`.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", pgettext_lazy("feedback report", "Approved")
        PUBLISHED = "published", _("Published")
        # taken off the public page: the reason is shown there in its place; staff still read it
        WITHDRAWN = "withdrawn", _("Withdrawn")

    title = models.CharField(_("title"), max_length=300)
    period_from = models.DateField(_("period from"))
    period_to = models.DateField(_("period to (exclusive)"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    findings = models.TextField(_("main findings"), blank=True)
    figures = models.JSONField(_("figures"), default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("prepared by")
    )
    created_on = models.DateField(_("prepared on"))
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    published_on = models.DateField(_("published on"), null=True, blank=True)
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    withdrawal_reason = models.TextField(_("reason for withdrawal"), blank=True)
    # a corrected version names the report it corrects and says what changed
    corrects = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="corrections",
        verbose_name=_("corrects report"),
    )
    correction_note = models.TextField(_("what changed"), blank=True)

    class Meta:
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        ordering = ("-period_from", "-id")
        constraints = (
            models.CheckConstraint(
                condition=models.Q(period_to__gt=models.F("period_from")),
                name="%(app_label)s_%(class)s_period_order",
            ),
        )

    def __str__(self) -> str:
        return self.title

    @property
    def period(self) -> Period:
        """The report's period as people read it: first and last day, both included."""
        return Period.from_bounds(self.period_from, self.period_to)


class WorkingMeeting(models.Model):
    held_on = models.DateField(_("held on"))
    report = models.ForeignKey(
        Report,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="meetings",
        verbose_name=_("report discussed"),
    )
    participants = models.TextField(_("participants"))
    agenda = models.TextField(_("agenda"))
    minutes = models.TextField(_("minutes"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("working meeting")
        verbose_name_plural = _("working meetings")
        ordering = ("-held_on", "-id")

    def __str__(self) -> str:
        return f"{self.held_on}"


class Decision(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("Proposed")
        ADOPTED = "adopted", _("Adopted")
        IMPLEMENTED = "implemented", _("Implemented")

    meeting = models.ForeignKey(
        WorkingMeeting, on_delete=models.CASCADE, related_name="decisions", verbose_name=_("meeting")
    )
    change = models.TextField(_("what changes"))
    service = models.ForeignKey(
        "programmes.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    budget_line = models.ForeignKey(
        "programmes.BudgetLine",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("budget line"),
    )
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.PROPOSED)
    responsible = models.CharField(_("responsible"), max_length=200)
    due_on = models.DateField(_("due on"), null=True, blank=True)
    decided_on = models.DateField(_("status changed on"), null=True, blank=True)

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ("meeting", "id")

    def __str__(self) -> str:
        return self.change[:80]

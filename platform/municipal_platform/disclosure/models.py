"""The release ledger: what each reporting period's figures were when they were released to readers of
suppressed figures (council members, citizens, published pages and PDFs)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Release(models.Model):
    """One release of a topic's figures for one reporting period or year.

    ``figures`` are the exact figures the released view was made from, ``hidden`` the cells hidden in
    it (JSON lists for tuple keys). A period's figures are released once, when first read after the period
    ended or when its report is published; later readings serve the same release, so entries made after
    it (a late paper form, an application decided later) change no released figure. A new version is
    made only when a corrected or newly published report brings different figures, and then it is checked
    against every earlier version of the period (see ``ledger.release_figures``)."""

    class Topic(models.TextChoices):
        FEEDBACK = "feedback", _("Feedback")
        APPLICATIONS = "applications", _("Applications per service")
        CHILD_SUPPORT = "child_support", _("Child and family support")

    topic = models.CharField(_("topic"), max_length=20, choices=Topic.choices)
    first_day = models.DateField(_("first day"))
    last_day = models.DateField(_("last day"))
    version = models.PositiveSmallIntegerField(_("version"), default=1)
    figures = models.JSONField(_("exact figures"))
    hidden = models.JSONField(_("hidden cells"), default=list)
    threshold = models.PositiveSmallIntegerField(_("suppression threshold"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    released_at = models.DateTimeField(_("released at"), auto_now_add=True)

    class Meta:
        verbose_name = _("release of figures")
        verbose_name_plural = _("releases of figures")
        ordering = ("topic", "first_day", "version")
        constraints = (
            models.UniqueConstraint(
                fields=("topic", "first_day", "last_day", "version"),
                name="disclosure_release_one_version_number",
            ),
            models.CheckConstraint(
                condition=models.Q(last_day__gte=models.F("first_day")),
                name="disclosure_release_period_not_reversed",
            ),
        )

    def __str__(self) -> str:
        return f"{self.topic} {self.first_day}–{self.last_day} v{self.version}"

"""Anonymous responses, their answers, and the themes open comments are grouped by.

Anonymity is by construction: `Response` and `Answer` carry no foreign key, token, e-mail or time of
day that could join them to an `Invitation`, a `BenefitApplication` or a person."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from .collect import BoxBatch
from .common import AgeBand, Channel, Sex
from .forms import FormVersion, Question


class Response(models.Model):
    """One anonymous filled-in form. No link to a person, an application or an invitation; the day only."""

    version = models.ForeignKey(
        FormVersion, on_delete=models.PROTECT, related_name="responses", verbose_name=_("form version")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    submitted_on = models.DateField(_("submitted on"))
    # null: the respondent did not say, or it cannot be read which service they used
    service = models.ForeignKey(
        "programmes.Service",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("service"),
    )
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices, blank=True)
    age_band = models.CharField(_("age band"), max_length=6, choices=AgeBand.choices, blank=True)
    batch = models.ForeignKey(
        BoxBatch,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="responses",
        verbose_name=_("box batch"),
    )
    # sha256 of the source row of a CSV import, so the same file imported twice adds nothing
    import_key = models.CharField(_("import key"), max_length=64, null=True, blank=True, unique=True)

    class Meta:
        verbose_name = _("response")
        verbose_name_plural = _("responses")
        indexes = (
            models.Index(
                fields=["submitted_on", "service", "sex", "channel"], name="feedback_resp_day_covering"
            ),
        )

    def __str__(self) -> str:
        return f"{self.version} {self.submitted_on} ({self.channel})"


class CommentTheme(models.Model):
    """A theme the analyst groups open comments by, with the keywords that suggest it."""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_ka = models.CharField(_("name (Georgian)"), max_length=200)
    name_en = models.CharField(_("name (English)"), max_length=200, blank=True)
    keywords = models.TextField(
        _("keywords"),
        blank=True,
        help_text=_("One word or word stem per line; a comment containing one suggests this theme."),
    )
    position = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("comment theme")
        verbose_name_plural = _("comment themes")
        ordering = ("position", "code")

    def __str__(self) -> str:
        return self.name_ka

    def keyword_list(self) -> list[str]:
        return [k.strip().lower() for k in self.keywords.splitlines() if k.strip()]


class Answer(models.Model):
    MAX_TEXT = 2000

    response = models.ForeignKey(
        Response, on_delete=models.CASCADE, related_name="answers", verbose_name=_("response")
    )
    question = models.ForeignKey(
        Question, on_delete=models.PROTECT, related_name="answers", verbose_name=_("question")
    )
    # the response's day, copied so that period reports aggregate answers without joining responses
    submitted_on = models.DateField(_("submitted on"))
    number = models.SmallIntegerField(
        _("number"), null=True, blank=True, validators=[MinValueValidator(0), MaxValueValidator(5)]
    )  # scale 1-5, yes=1/no=0
    choices = models.JSONField(_("chosen"), default=list, blank=True)
    text = models.TextField(_("text"), blank=True, max_length=MAX_TEXT)
    theme = models.ForeignKey(
        CommentTheme,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="answers",
        verbose_name=_("theme"),
    )
    publishable = models.BooleanField(_("approved for publication"), default=False)

    class Meta:
        verbose_name = _("answer")
        verbose_name_plural = _("answers")
        constraints = (
            models.UniqueConstraint(
                fields=["response", "question"], name="%(app_label)s_%(class)s_unique_question"
            ),
        )
        indexes = (
            # index-only scans for the period reports: per question, by day, with the value and theme
            models.Index(
                fields=["question", "submitted_on"],
                include=["number", "theme"],
                name="feedback_answer_question_day",
            ),
        )

    def __str__(self) -> str:
        return f"{self.question.code}: {self.number if self.number is not None else self.text[:40]}"

"""Forms, their versions and their questions."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

# What the form builder sets on a form (besides its questions): form_update accepts these and the
# builder's settings form edits them.
FORM_SETTINGS = (
    "code",
    "kind",
    "title_ka",
    "title_en",
    "intro_ka",
    "intro_en",
    "asks_service",
    "asks_sex",
    "asks_age",
    "is_active",
)


class Form(models.Model):
    """A feedback form. Its questions live in versions; responses point at the version they answered."""

    class Kind(models.TextChoices):
        PAPER = "paper", _("Paper (Annex 1)")
        ELECTRONIC = "electronic", _("Electronic (Annex 2)")
        OTHER = "other", _("Other")

    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices, default=Kind.OTHER)
    title_ka = models.CharField(_("title (Georgian)"), max_length=200)
    title_en = models.CharField(_("title (English)"), max_length=200, blank=True)
    intro_ka = models.TextField(_("introduction (Georgian)"), blank=True)
    intro_en = models.TextField(_("introduction (English)"), blank=True)
    asks_service = models.BooleanField(_("asks which service"), default=True)
    asks_sex = models.BooleanField(_("asks sex"), default=True)
    asks_age = models.BooleanField(_("asks age band"), default=True)
    is_active = models.BooleanField(_("open for responses"), default=True)
    is_standard = models.BooleanField(_("standard form"), default=False)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("form")
        verbose_name_plural = _("forms")
        ordering = ("-is_standard", "code")

    def __str__(self) -> str:
        return self.title_ka


class FormVersion(models.Model):
    form = models.ForeignKey(Form, on_delete=models.CASCADE, related_name="versions", verbose_name=_("form"))
    number = models.PositiveSmallIntegerField(_("version"))
    is_current = models.BooleanField(_("current"), default=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("form version")
        verbose_name_plural = _("form versions")
        ordering = ("form", "-number")
        constraints = (
            models.UniqueConstraint(fields=["form", "number"], name="%(app_label)s_%(class)s_unique_number"),
            models.UniqueConstraint(
                fields=["form"],
                condition=models.Q(is_current=True),
                name="%(app_label)s_%(class)s_one_current",
            ),
        )

    def __str__(self) -> str:
        return f"{self.form.code} v{self.number}"


class Question(models.Model):
    class Kind(models.TextChoices):
        SCALE = "scale", _("Scale 1-5")
        YES_NO = "yes_no", _("Yes / no")
        SINGLE = "single", _("Single choice")
        MULTIPLE = "multiple", _("Multiple choice")
        TEXT = "text", _("Free text")

    version = models.ForeignKey(
        FormVersion, on_delete=models.CASCADE, related_name="questions", verbose_name=_("version")
    )
    code = models.SlugField(_("code"), max_length=40)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    text_ka = models.CharField(_("question (Georgian)"), max_length=500)
    text_en = models.CharField(_("question (English)"), max_length=500, blank=True)
    # [{"code": "web", "ka": "...", "en": "..."}]
    choices = models.JSONField(_("choices"), default=list, blank=True)
    required = models.BooleanField(_("required"), default=False)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("question")
        verbose_name_plural = _("questions")
        ordering = ("version", "position", "id")
        constraints = (
            models.UniqueConstraint(fields=["version", "code"], name="%(app_label)s_%(class)s_unique_code"),
        )

    def __str__(self) -> str:
        return self.text_ka

    def choice_codes(self) -> list[str]:
        return [c["code"] for c in self.choices]

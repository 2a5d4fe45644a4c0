"""The feedback cycle's data: forms and their versions, anonymous responses, box batches, the comment
registry, invitations, reports, working meetings and decisions.

Anonymity is by construction: `Response` and `Answer` carry no foreign key, token, e-mail or time of
day that could join them to an `Invitation`, a `BenefitApplication` or a person.
"""

from __future__ import annotations

import datetime

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

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


class BoxBatch(models.Model):
    """One opening of the feedback box: how many forms were in it, and the typing-in of them."""

    class Status(models.TextChoices):
        OPEN = "open", _("Being entered")
        CLOSED = "closed", _("Closed")

    opened_on = models.DateField(_("box opened on"))
    counted = models.PositiveIntegerField(_("forms counted"))
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    form = models.ForeignKey(Form, on_delete=models.PROTECT, related_name="batches", verbose_name=_("form"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    close_reason = models.TextField(_("reason for closing with a difference"), blank=True)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("box batch")
        verbose_name_plural = _("box batches")
        ordering = ("-opened_on", "-id")

    def __str__(self) -> str:
        return f"{self.opened_on} ({self.counted})"


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


class RegistryComment(models.Model):
    """The comment registry: comments and questions citizens make about the form or the process."""

    class Kind(models.TextChoices):
        COMMENT = "comment", _("Comment")
        QUESTION = "question", _("Question")

    class About(models.TextChoices):
        FORM = "form", _("The form")
        PROCESS = "process", _("The process")
        OTHER = "other", _("Other")

    received_on = models.DateField(_("received on"))
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices, default=Channel.PAPER)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices, default=Kind.COMMENT)
    about = models.CharField(_("about"), max_length=10, choices=About.choices, default=About.FORM)
    text = models.TextField(_("text"), max_length=2000)
    reply = models.TextField(_("reply / action taken"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )

    class Meta:
        verbose_name = _("registry comment")
        verbose_name_plural = _("comment registry")
        ordering = ("-received_on", "-id")

    def __str__(self) -> str:
        return f"{self.received_on}: {self.text[:60]}"


class Invitation(models.Model):
    """An e-mail invitation to answer the electronic form once a service ended: the outbox row the
    scheduled batch relays (it holds the address to write to while the link is pending).

    Tokens are stored only as sha256 hashes. Once the link is used, expires or the citizen opts out, the
    row is replaced by a fresh one (new id, new transaction id) that keeps only the status and the token
    hashes, so nothing joins it to the applicant, the address, the queue order or the response it led to.
    Queueing stays idempotent through `InvitedApplication`, which has no link to this row.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        SENT = "sent", _("Sent")
        REMINDED = "reminded", _("Reminder sent")
        USED = "used", _("Answered")
        OPTED_OUT = "opted_out", _("Opted out")
        EXPIRED = "expired", _("Expired")

    PENDING = (Status.QUEUED, Status.SENT, Status.REMINDED)

    # set while the link is pending (the service to offer pre-selected); NULL once it is finished
    application = models.OneToOneField(
        "programmes.BenefitApplication",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="feedback_invitation",
        verbose_name=_("application"),
    )
    email = models.EmailField(_("e-mail address"), blank=True)  # blanked once the link is finished
    form = models.ForeignKey(
        Form, on_delete=models.PROTECT, related_name="invitations", verbose_name=_("form")
    )
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    reminder_token_hash = models.CharField(max_length=64, unique=True, null=True, blank=True)
    queued_on = models.DateField(_("queued on"), null=True, blank=True)
    sent_on = models.DateField(_("sent on"), null=True, blank=True)
    reminded_on = models.DateField(_("reminder sent on"), null=True, blank=True)
    expires_on = models.DateField(_("expires on"), null=True, blank=True)

    class Meta:
        verbose_name = _("invitation")
        verbose_name_plural = _("invitations")
        ordering = ("-id",)
        constraints = (
            # a finished invitation keeps nothing that identifies anyone
            models.CheckConstraint(
                condition=models.Q(status__in=["queued", "sent", "reminded"])
                | models.Q(
                    application__isnull=True,
                    email="",
                    queued_on__isnull=True,
                    sent_on__isnull=True,
                    reminded_on__isnull=True,
                    expires_on__isnull=True,
                ),
                name="%(app_label)s_%(class)s_finished_is_anonymous",
            ),
        )

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.queued_on or '-'})"


class InvitedApplication(models.Model):
    """The ledger that keeps queueing idempotent: an application is invited at most once. Written in the
    same transaction as the queued `Invitation`, with no link to it."""

    application = models.OneToOneField(
        "programmes.BenefitApplication",
        on_delete=models.CASCADE,
        primary_key=True,
        related_name="+",
        verbose_name=_("application"),
    )
    queued_on = models.DateField(_("queued on"))

    class Meta:
        verbose_name = _("invited application")
        verbose_name_plural = _("invited applications")

    def __str__(self) -> str:
        return str(self.queued_on)


class OptOut(models.Model):
    """An address that asked not to be invited again, stored as an HMAC (keyed by the SECRET_KEY) of the
    normalised address, never the address."""

    email_hash = models.CharField(max_length=64, unique=True)
    on = models.DateField(_("opted out on"))

    class Meta:
        verbose_name = _("opt-out")
        verbose_name_plural = _("opt-outs")

    def __str__(self) -> str:
        return str(self.on)


class Report(models.Model):
    """The analysis report of a period: draft -> approved (head of service) -> published.

    `figures` keeps the exact summary it was approved with; the public page derives the suppressed view.
    """

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        APPROVED = "approved", pgettext_lazy("feedback report", "Approved")
        PUBLISHED = "published", _("Published")

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
    def period_last_day(self) -> datetime.date:
        """The period's last day (``period_to`` is exclusive), as shown to citizens."""
        return self.period_to - datetime.timedelta(days=1)


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

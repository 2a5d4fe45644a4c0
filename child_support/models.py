"""Child and family support cases (seed 003, the Tskaltubo practice).

A case is a household of the programmes register and its children, assigned to one social worker. It
moves intake -> assessment -> interdisciplinary review -> plan active -> closed (reopened when needed).
What the family gets is written as provisions (in-kind aid, capped per family per calendar year) and
referrals (internal services the municipality pays for, and external services). Who may read a case is
decided in one place, `child_support.access_rules`; every read and change of a case is a row of
`CaseAuditEntry`, which the database refuses to change or delete.
"""

from __future__ import annotations

from decimal import Decimal

import pgtrigger
from django.conf import settings
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from municipal_platform.crypto import EncryptedTextField
from municipal_platform.history import HistoryEvent
from programmes.models import BudgetLine, Consent, Household, Person

ZERO = Decimal("0")


class SealedTextField(EncryptedTextField):
    """Special-category text of a case (health, disability, violence, what a family told the worker),
    encrypted with the municipality's key (`municipal_platform.crypto`); `visibility.open_texts` opens it.

    Empty text is stored as NULL, not as the ciphertext of nothing: a loaded value is then either None
    (nothing written) or a `Sealed` that holds text, so "is there a reason?" never mistakes an empty one
    for a written one, and needs no decryption."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault("default", "")  # a new record's text reads "" (as loaded and opened), not None
        super().__init__(*args, **kwargs)

    def get_db_prep_value(self, value, connection, prepared=False):
        if isinstance(value, str) and not value.strip():
            return None
        return super().get_db_prep_value(value, connection, prepared)


class Case(models.Model):
    class Source(models.TextChoices):
        OWN_FINDING = "own_finding", _("Social worker's own finding")
        STATE_AGENCY = "state_agency", _("State Social Service Agency")
        SCHOOL = "school", _("School or kindergarten")
        HEALTH_WORKER = "health_worker", _("Health worker")
        FAMILY = "family", _("The family itself")
        OTHER = "other", _("Other")

    class Status(models.TextChoices):
        INTAKE = "intake", _("Intake")
        ASSESSMENT = "assessment", _("Assessment")
        REVIEW = "review", _("Interdisciplinary review")
        PLAN_ACTIVE = "plan_active", _("Plan active")
        CLOSED = "closed", _("Closed")

    class CloseReason(models.TextChoices):
        GOALS_MET = "goals_met", _("The plan's goals are met")
        MOVED_AWAY = "moved_away", _("The family moved away")
        REFUSED = "refused", _("The family refused support")
        TRANSFERRED = "transferred", _("Handed over to another service")
        NO_NEED = "no_need", _("No need found")
        OTHER = "other", _("Other")

    OPEN_STATUSES = (Status.INTAKE, Status.ASSESSMENT, Status.REVIEW, Status.PLAN_ACTIVE)

    year = models.PositiveSmallIntegerField(_("year"))
    sequence = models.PositiveIntegerField(_("number in the year"))
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="child_cases", verbose_name=_("household")
    )
    source = models.CharField(_("how the case came"), max_length=20, choices=Source.choices)
    source_detail = models.CharField(_("source details"), max_length=300, blank=True)
    opened_on = models.DateField(_("opened on"))
    assigned_worker = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="assigned_cases",
        verbose_name=_("social worker"),
    )
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.INTAKE)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    close_reason = models.CharField(
        _("reason for closing"), max_length=20, choices=CloseReason.choices, blank=True
    )
    close_note = SealedTextField(_("closing note"))
    # Set for good by a violence referral: from then on only the worker and the head of service read it.
    restricted = models.BooleanField(_("restricted (violence)"), default=False)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("opened by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-year", "-sequence"]
        constraints = [
            models.UniqueConstraint(fields=["year", "sequence"], name="child_support_case_unique_number"),
            models.CheckConstraint(
                condition=~models.Q(status="closed") | models.Q(closed_on__isnull=False),
                name="child_support_case_closed_has_date",
            ),
        ]
        indexes = [
            models.Index(fields=["assigned_worker", "status"], name="child_case_worker_status"),
            models.Index(fields=["status"], name="child_case_status"),
        ]

    def __str__(self) -> str:
        return self.number

    @property
    def number(self) -> str:
        """The case number people write on paper: year and number in the year (2023-0042)."""
        return f"{self.year}-{self.sequence:04d}"

    @property
    def is_open(self) -> bool:
        return self.status != self.Status.CLOSED


class CaseChild(models.Model):
    class Disability(models.TextChoices):
        NONE = "none", _("No disability")
        DISABILITY = "disability", _("Disability status")
        SEVERE = "severe", _("Severe disability status")

    class Orphan(models.TextChoices):
        NO = "no", _("Not an orphan")
        PARTIAL = "partial", _("One parent deceased")
        FULL = "full", _("Full orphan")

    class Schooling(models.TextChoices):
        HOME = "home", _("At home")
        KINDERGARTEN = "kindergarten", _("Kindergarten")
        SCHOOL = "school", _("School")
        NONE = "none", _("Neither (school age)")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="children", verbose_name=_("case"))
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="+", verbose_name=_("child"))
    disability = models.CharField(
        _("disability status"), max_length=20, choices=Disability.choices, default=Disability.NONE
    )
    autism_diagnosis = models.BooleanField(_("autism spectrum diagnosis"), default=False)
    orphan = models.CharField(_("orphan status"), max_length=10, choices=Orphan.choices, default=Orphan.NO)
    schooling = models.CharField(_("kindergarten or school"), max_length=20, choices=Schooling.choices)
    institution = models.CharField(_("name of the kindergarten or school"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("child")
        verbose_name_plural = _("children")
        ordering = ["person__birth_date", "id"]
        constraints = [
            models.UniqueConstraint(fields=["case", "person"], name="child_support_child_once_per_case")
        ]

    def __str__(self) -> str:
        return str(self.person)


class Assessment(models.Model):
    """The worker's assessment of the family, or the lighter needs screening the seed names."""

    class Kind(models.TextChoices):
        ASSESSMENT = "assessment", _("Assessment")
        SCREENING = "screening", _("Needs screening")

    class Risk(models.TextChoices):
        LOW = "low", _("Low")
        MEDIUM = "medium", _("Medium")
        HIGH = "high", _("High")

    case = models.ForeignKey(
        Case, on_delete=models.CASCADE, related_name="assessments", verbose_name=_("case")
    )
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices, default=Kind.ASSESSMENT)
    assessed_on = models.DateField(_("assessed on"))
    assessed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("assessed by")
    )
    findings = SealedTextField(_("findings"))
    risk_level = models.CharField(_("risk level"), max_length=10, choices=Risk.choices)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        ordering = ["-assessed_on", "-id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.assessed_on}"


class AssessmentNeed(models.Model):
    class Domain(models.TextChoices):
        HOUSING = "housing", _("Housing")
        FOOD = "food", _("Food")
        HEALTH = "health", _("Health")
        DEVELOPMENT = "development", _("Development")
        EDUCATION = "education", _("Education")
        SAFETY = "safety", _("Safety")
        INCOME = "income", _("Income")
        CARE = "care", _("Care")

    class Severity(models.IntegerChoices):
        NONE = 0, _("No need")
        MILD = 1, _("Mild")
        SERIOUS = 2, _("Serious")
        CRITICAL = 3, _("Critical")

    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, related_name="needs", verbose_name=_("assessment")
    )
    domain = models.CharField(_("domain"), max_length=20, choices=Domain.choices)
    severity = models.PositiveSmallIntegerField(_("severity"), choices=Severity.choices)
    note = SealedTextField(_("note"))  # at most 500 characters (the service checks)

    class Meta:
        verbose_name = _("need")
        verbose_name_plural = _("needs")
        ordering = ["assessment", "id"]
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "domain"], name="child_support_need_once_per_domain"
            ),
            models.CheckConstraint(
                condition=models.Q(severity__lte=3), name="child_support_need_severity_range"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_domain_display()}: {self.get_severity_display()}"


class Review(models.Model):
    """The interdisciplinary group's review of an assessment: who sat, what it concluded."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="reviews", verbose_name=_("case"))
    assessment = models.ForeignKey(
        Assessment, on_delete=models.PROTECT, related_name="reviews", verbose_name=_("assessment reviewed")
    )
    held_on = models.DateField(_("held on"))
    conclusion = SealedTextField(_("conclusion"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("interdisciplinary review")
        verbose_name_plural = _("interdisciplinary reviews")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.held_on}"


class ReviewMember(models.Model):
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, related_name="members", verbose_name=_("review")
    )
    # staff of the municipality, or an outside specialist named by hand
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("staff member"),
    )
    name = models.CharField(_("name"), max_length=200)
    role = models.CharField(_("role"), max_length=200)

    class Meta:
        verbose_name = _("member")
        verbose_name_plural = _("members")
        ordering = ["review", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.role})"


class Plan(models.Model):
    """One version of a case's action plan. A revision is a new version; earlier ones stay readable."""

    class Term(models.TextChoices):
        SHORT = "short", _("Short-term")
        LONG = "long", _("Long-term")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Waiting for approval")
        APPROVED = "approved", _("Approved, active")
        SUPERSEDED = "superseded", _("Replaced by a later version")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="plans", verbose_name=_("case"))
    review = models.ForeignKey(
        Review, on_delete=models.PROTECT, related_name="plans", verbose_name=_("review")
    )
    version = models.PositiveSmallIntegerField(_("version"))
    term = models.CharField(_("term"), max_length=10, choices=Term.choices)
    goals = models.TextField(_("goals"))
    next_review_on = models.DateField(_("next review"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("written by")
    )
    written_at = models.DateTimeField(_("written at"), auto_now_add=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved by"),
    )
    approved_on = models.DateField(_("approved on"), null=True, blank=True)
    # the head of service approved a plan of a case they work themselves
    approved_own = models.BooleanField(_("approved by its own worker"), default=False)

    class Meta:
        verbose_name = _("action plan")
        verbose_name_plural = _("action plans")
        ordering = ["case", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["case", "version"], name="child_support_plan_unique_version"),
            models.UniqueConstraint(
                fields=["case"],
                condition=models.Q(status="approved"),
                name="child_support_plan_one_active",
            ),
        ]
        indexes = [models.Index(fields=["status", "next_review_on"], name="child_plan_status_review")]

    def __str__(self) -> str:
        return f"v{self.version} · {self.get_term_display()}"


class PlanAction(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="actions", verbose_name=_("plan"))
    what = models.CharField(_("action"), max_length=500)
    responsible = models.CharField(_("who is responsible"), max_length=200)
    due_on = models.DateField(_("due"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    class Meta:
        verbose_name = _("plan action")
        verbose_name_plural = _("plan actions")
        ordering = ["plan", "due_on", "id"]
        indexes = [models.Index(fields=["due_on"], name="child_plan_action_due")]

    def __str__(self) -> str:
        return self.what


class Provision(models.Model):
    """In-kind aid handed to a family: one delivery of one category, spending one budget line."""

    class Category(models.TextChoices):
        FOOD = "food", _("Food (incl. infant formula)")
        HOUSEHOLD_GOODS = "household_goods", _("Household goods")
        APPLIANCES = "appliances", _("Household appliances")
        HYGIENE = "hygiene", _("Hygiene items")
        STATIONERY = "stationery", _("Stationery (incl. textbooks)")
        OTHER = "other", _("Other")

    case = models.ForeignKey(
        Case, on_delete=models.PROTECT, related_name="provisions", verbose_name=_("case")
    )
    # the family the cap counts for (the case's household when it was given)
    household = models.ForeignKey(
        Household, on_delete=models.PROTECT, related_name="+", verbose_name=_("family")
    )
    category = models.CharField(_("category"), max_length=20, choices=Category.choices)
    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="child_provisions", verbose_name=_("budget line")
    )
    delivered_on = models.DateField(_("delivered on"))
    handed_over_by = models.CharField(_("handed over by"), max_length=200)
    received_by = models.CharField(_("received by"), max_length=200)
    total = models.DecimalField(
        _("total, GEL"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("recorded by")
    )
    recorded_at = models.DateTimeField(_("recorded at"), auto_now_add=True)

    class Meta:
        verbose_name = _("provision")
        verbose_name_plural = _("provisions")
        ordering = ["-delivered_on", "-id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(total__gt=0), name="child_support_provision_total_positive"
            )
        ]
        indexes = [
            models.Index(fields=["household", "delivered_on"], name="child_provision_family_day"),
            models.Index(fields=["delivered_on", "category"], name="child_provision_day_category"),
        ]

    def __str__(self) -> str:
        return f"{self.get_category_display()} · {self.total} GEL · {self.delivered_on}"


class ProvisionItem(models.Model):
    provision = models.ForeignKey(
        Provision, on_delete=models.CASCADE, related_name="items", verbose_name=_("provision")
    )
    name = models.CharField(_("item"), max_length=200)
    quantity = models.DecimalField(
        _("quantity"), max_digits=10, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    unit_value = models.DecimalField(
        _("unit value, GEL"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    total = models.DecimalField(_("total, GEL"), max_digits=12, decimal_places=2)

    class Meta:
        verbose_name = _("item")
        verbose_name_plural = _("items")
        ordering = ["provision", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__gt=0, unit_value__gt=0), name="child_support_item_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} × {self.quantity}"


class Referral(models.Model):
    class Kind(models.TextChoices):
        # internal: services the municipality runs or pays for
        AUTISM_THERAPY = "autism_therapy", _("Autism spectrum therapy at a day centre")
        EARLY_DEVELOPMENT = "early_development", _("Early development (specialist's travel, age 0-7)")
        INCLUSIVE_CENTRE = "inclusive_centre", _("Inclusive centre enrolment")
        REHABILITATION = "rehabilitation", _("Rehabilitation / habilitation")
        # external
        STATE_AGENCY = "state_agency", _("State Social Service Agency")
        HEALTH = "health", _("Health service")
        EDUCATION = "education", _("Education")
        POLICE = "police", _("Police")
        OTHER_SERVICE = "other_service", _("Other competent service")

    INTERNAL_KINDS = (Kind.AUTISM_THERAPY, Kind.EARLY_DEVELOPMENT, Kind.INCLUSIVE_CENTRE, Kind.REHABILITATION)

    class Direction(models.TextChoices):
        OUTGOING = "outgoing", _("From us to the service")
        INCOMING = "incoming", _("From the service to us")

    class Status(models.TextChoices):
        IN_PROGRESS = "in_progress", _("In progress")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        DONE = "done", _("Done")
        REVOKED = "revoked", _("Revoked")

    case = models.ForeignKey(Case, on_delete=models.PROTECT, related_name="referrals", verbose_name=_("case"))
    child = models.ForeignKey(
        CaseChild,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="referrals",
        verbose_name=_("child"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.OUTGOING
    )
    target = models.CharField(_("referred to"), max_length=300)
    reason = SealedTextField(_("reason for the referral"))
    referred_on = models.DateField(_("referred on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.IN_PROGRESS)
    status_reason = SealedTextField(_("reason (rejected or revoked)"))
    outcome = SealedTextField(_("outcome"))
    is_violence = models.BooleanField(_("violence"), default=False)
    # the gate of an external referral: the guardian's consent, or the head of service's override
    consent = models.ForeignKey(
        Consent,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("guardian's consent"),
    )
    override_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("consent overridden by"),
    )
    override_reason = SealedTextField(_("reason for the override"))
    budget_line = models.ForeignKey(
        BudgetLine,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="child_referrals",
        verbose_name=_("budget line"),
    )
    # autism therapy: monthly cost and months; early development: trips and amount
    monthly_cost = models.DecimalField(
        _("monthly cost, GEL"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    months = models.PositiveSmallIntegerField(_("months"), null=True, blank=True)
    trips = models.PositiveSmallIntegerField(_("trips"), null=True, blank=True)
    amount = models.DecimalField(_("amount, GEL"), max_digits=12, decimal_places=2, null=True, blank=True)
    # inclusive centre
    capacity = models.PositiveSmallIntegerField(_("centre capacity"), null=True, blank=True)
    enrolled_on = models.DateField(_("enrolled on"), null=True, blank=True)
    attendance_days = models.PositiveSmallIntegerField(_("days attended"), null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("referred by")
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("referral")
        verbose_name_plural = _("referrals")
        ordering = ["-referred_on", "-id"]
        indexes = [models.Index(fields=["kind", "referred_on"], name="child_referral_kind_day")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.target}"

    @property
    def is_internal(self) -> bool:
        return self.kind in self.INTERNAL_KINDS

    @property
    def cost(self) -> Decimal:
        """What the referral spends: the therapy's months times the monthly cost, or the amount paid."""
        if self.monthly_cost is not None and self.months is not None:
            return self.monthly_cost * self.months
        return self.amount or ZERO


class CommissionMeeting(models.Model):
    """A sitting of the municipality's commission. While it is open, its members read the cases on its
    agenda (and only those); the housing allocations put before it are added by the housing module."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        OPEN = "open", _("In session")
        CLOSED = "closed", _("Closed")

    held_on = models.DateField(_("date"))
    title = models.CharField(_("title"), max_length=300)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL, related_name="commission_meetings", verbose_name=_("members")
    )
    cases = models.ManyToManyField(
        Case, related_name="commission_meetings", blank=True, verbose_name=_("cases on the agenda")
    )

    class Meta:
        verbose_name = _("commission meeting")
        verbose_name_plural = _("commission meetings")
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"{self.title} · {self.held_on}"


class CaseEvent(HistoryEvent):
    """What was done to a case, with the changed values (shown on the case page's history)."""

    class Action(models.TextChoices):
        OPENED = "opened", _("Case opened")
        UPDATED = "updated", _("Case details changed")
        CHILD_ADDED = "child_added", _("Child added")
        TRANSFERRED = "transferred", _("Transferred to another worker")
        ASSESSED = "assessed", _("Assessment recorded")
        REVIEWED = "reviewed", _("Interdisciplinary review recorded")
        PLAN_WRITTEN = "plan_written", _("Plan version written")
        PLAN_APPROVED = "plan_approved", _("Plan approved")
        ACTION_DONE = "action_done", _("Plan action done")
        PROVISION = "provision", _("Aid delivered")
        REFERRAL = "referral", _("Referral made")
        REFERRAL_STATUS = "referral_status", _("Referral status changed")
        VIOLENCE = "violence", _("Violence referral: case restricted")
        CLOSED = "closed", _("Case closed")
        REOPENED = "reopened", _("Case reopened")

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="events", verbose_name=_("case"))
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)

    class Meta(HistoryEvent.Meta):
        verbose_name = _("case event")
        verbose_name_plural = _("case events")


class CaseAuditEntry(models.Model):
    """One read or change of a case: who, when, which case, what. Append-only: a trigger in the database
    refuses UPDATE and DELETE (TRUNCATE, a schema owner's tool, is left to the operator)."""

    class Kind(models.TextChoices):
        READ = "read", _("Read")
        CHANGE = "change", _("Change")

    at = models.DateTimeField(_("at"), auto_now_add=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("user")
    )
    # no foreign key: the trail outlives anything done to the case
    case_id = models.BigIntegerField(_("case"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    # what was read or changed: "page:case_detail", "api:case_detail", "export:csv", "provision_create"...
    what = models.CharField(_("what"), max_length=100)

    class Meta:
        verbose_name = _("case audit entry")
        verbose_name_plural = _("case audit trail")
        ordering = ["-at", "-id"]
        indexes = [
            models.Index(fields=["case_id", "at"], name="child_audit_case_at"),
            models.Index(fields=["user", "at"], name="child_audit_user_at"),
        ]
        triggers = [
            pgtrigger.Protect(name="child_audit_append_only", operation=pgtrigger.Update | pgtrigger.Delete),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.what} · case {self.case_id} · {self.at:%Y-%m-%d %H:%M}"


class Notification(models.Model):
    """An in-app notice for one user (the head of service's inbox): a violence referral, for now."""

    class Kind(models.TextChoices):
        VIOLENCE_REFERRAL = "violence_referral", _("Violence referral")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="child_notifications",
        verbose_name=_("to"),
    )
    kind = models.CharField(_("kind"), max_length=30, choices=Kind.choices)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="+", verbose_name=_("case"))
    referral = models.ForeignKey(
        Referral,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("referral"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    class Meta:
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["user", "read_at"], name="child_notification_unread")]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.case}"

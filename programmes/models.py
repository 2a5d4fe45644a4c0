"""The municipality's register of social programmes: what it offers, who applied, what was decided and paid."""

from __future__ import annotations

import re
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.deconstruct import deconstructible
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from municipal_platform.history import HistoryEvent


@deconstructible
class PersonalNumberValidator:
    """A Georgian personal number: exactly 11 digits, and not one digit repeated (00000000000,
    11111111111...), which a clerk types to get past the field but no citizen has. No checksum: the
    number has none that is published."""

    def __call__(self, value) -> None:
        value = str(value)
        if not re.fullmatch(r"\d{11}", value):
            raise ValidationError(
                _("A Georgian personal number has exactly 11 digits."), code="personal_number"
            )
        if len(set(value)) == 1:
            raise ValidationError(
                _("%(value)s is not a real personal number: check it on the identity card."),
                code="personal_number",
                params={"value": value},
            )

    def __eq__(self, other) -> bool:
        return isinstance(other, PersonalNumberValidator)


personal_number_validator = PersonalNumberValidator()


class Programme(models.Model):
    """A yearly social programme (e.g. the 2025 social protection programme) adopted by the council."""

    year = models.PositiveSmallIntegerField(_("year"))
    code = models.SlugField(_("code"), max_length=40)
    name_ka = models.CharField(_("name (Georgian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    resolution = models.CharField(_("adopting resolution"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        ordering = ["-year", "code"]
        constraints = [
            models.UniqueConstraint(fields=["year", "code"], name="%(app_label)s_%(class)s_unique_year_code")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"

    @property
    def name(self) -> str:
        """The name in the active language (Georgian unless English is chosen and given)."""
        return self.name_en if (get_language() or "ka").startswith("en") and self.name_en else self.name_ka


# What a head of service sets on a service of the catalogue: the service functions accept these, the
# catalogue form edits them and the API shows them.
SERVICE_FIELDS = (
    "code",
    "name_ka",
    "name_en",
    "kind",
    "eligibility",
    "documents",
    "amount_rule",
    "amount",
    "active_from",
    "active_to",
    "position",
)


class Service(models.Model):
    """A sub-programme or service citizens apply for. `code` is stable across years."""

    class Kind(models.TextChoices):
        ONE_TIME_CASH = "one_time_cash", _("One-time cash aid")
        MONTHLY_CASH = "monthly_cash", _("Monthly cash aid")
        IN_KIND = "in_kind", _("In-kind aid")
        SERVICE = "service", _("Service")

    class AmountRule(models.TextChoices):
        NONE = "none", _("No amount")
        FIXED = "fixed", _("Fixed amount")
        CAP = "cap", _("Up to a cap")

    programme = models.ForeignKey(
        Programme, on_delete=models.PROTECT, related_name="services", verbose_name=_("programme")
    )
    code = models.SlugField(_("code"), max_length=60)
    name_ka = models.CharField(_("name (Georgian)"), max_length=300)
    name_en = models.CharField(_("name (English)"), max_length=300, blank=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    eligibility = models.TextField(_("eligibility"), blank=True)
    # shown to citizens on the municipality's start page, beside who may apply
    documents = models.TextField(_("documents to bring"), blank=True)
    amount_rule = models.CharField(
        _("amount rule"), max_length=10, choices=AmountRule.choices, default=AmountRule.NONE
    )
    amount = models.DecimalField(
        _("amount, GEL"),
        max_digits=12,
        decimal_places=2,
        null=True,
        blank=True,
        validators=[MinValueValidator(Decimal(0))],
    )
    active_from = models.DateField(_("active from"), null=True, blank=True)
    active_to = models.DateField(_("active to"), null=True, blank=True)
    position = models.PositiveSmallIntegerField(_("display order"), default=0)

    class Meta:
        verbose_name = _("service")
        verbose_name_plural = _("services")
        ordering = ["programme", "position", "code"]
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "code"], name="%(app_label)s_%(class)s_unique_programme_code"
            ),
            models.CheckConstraint(
                condition=models.Q(amount_rule="none") | models.Q(amount__isnull=False),
                name="%(app_label)s_%(class)s_amount_given_for_rule",
            ),
        ]

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        """The name in the active language (Georgian unless English is chosen and given)."""
        return self.name_en if (get_language() or "ka").startswith("en") and self.name_en else self.name_ka


class BudgetLine(models.Model):
    """Planned money for a service in a year. Committed and paid are computed from decisions and payments."""

    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="budget_lines", verbose_name=_("service")
    )
    year = models.PositiveSmallIntegerField(_("year"))
    planned = models.DecimalField(
        _("planned, GEL"), max_digits=14, decimal_places=2, validators=[MinValueValidator(Decimal(0))]
    )
    funding_source = models.CharField(_("funding source"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["year", "service__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["service", "year"], name="%(app_label)s_%(class)s_unique_service_year"
            )
        ]

    def __str__(self) -> str:
        return f"{self.service} · {self.year}"


class Household(models.Model):
    settlement = models.CharField(_("settlement"), max_length=200, blank=True)
    address = models.CharField(_("address"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("household")
        verbose_name_plural = _("households")

    def __str__(self) -> str:
        return " ".join(part for part in (self.settlement, self.address) if part) or f"#{self.pk}"


class Person(models.Model):
    class Sex(models.TextChoices):
        FEMALE = "female", _("Female")
        MALE = "male", _("Male")

    household = models.ForeignKey(
        Household,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("household"),
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100)
    personal_number = models.CharField(
        _("personal number"), max_length=11, unique=True, validators=[personal_number_validator]
    )
    birth_date = models.DateField(_("date of birth"), null=True, blank=True)
    sex = models.CharField(_("sex"), max_length=6, choices=Sex.choices)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")
        ordering = ["last_name", "first_name"]
        indexes = [
            models.Index(
                fields=["personal_number"],
                name="programmes_person_pn_prefix",
                opclasses=["varchar_pattern_ops"],
            ),
        ]

    def __str__(self) -> str:
        return f"{self.first_name} {self.last_name}"


class PersonEvent(HistoryEvent):
    """The history of a person's record after registration: who changed which detail, when, from what."""

    class Action(models.TextChoices):
        UPDATED = "updated", _("Record changed")
        DATA_EXPORTED = "data_exported", _("Personal data exported")
        ERASED = "erased", _("Personal data erased")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="events", verbose_name=_("person")
    )
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)

    class Meta(HistoryEvent.Meta):
        verbose_name = _("person event")
        verbose_name_plural = _("person events")


class Consent(models.Model):
    class Purpose(models.TextChoices):
        SOCIAL_STATUS_DATA = "social_status_data", _("Fetch social-status data from the state database")
        CONTACT_BY_EMAIL = "contact_by_email", _("Contact by e-mail")
        # a guardian's consent to refer the child or family to an outside service (child_support)
        REFERRAL = "referral", _("Referral to an outside service")
        OTHER = "other", _("Other")

    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="consents", verbose_name=_("person")
    )
    purpose = models.CharField(_("purpose"), max_length=40, choices=Purpose.choices)
    given_on = models.DateField(_("given on"))
    withdrawn_on = models.DateField(_("withdrawn on"), null=True, blank=True)
    note = models.CharField(_("note"), max_length=300, blank=True)

    class Meta:
        verbose_name = _("consent")
        verbose_name_plural = _("consents")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(withdrawn_on__isnull=True)
                | models.Q(withdrawn_on__gte=models.F("given_on")),
                name="%(app_label)s_%(class)s_withdrawn_after_given",
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_purpose_display()} ({self.given_on})"


class BenefitApplication(models.Model):
    """A citizen's application for a service. Only programmes.services changes its status."""

    class Channel(models.TextChoices):
        PAPER = "paper", _("Paper, at the chancellery")
        EMAIL = "email", _("E-mail")
        ONLINE = "online", _("Online")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        UNDER_REVIEW = "under_review", _("Under review")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid / delivered")
        SERVICE_ENDED = "service_ended", _("Service ended")

    # Not decided yet: the registration may still be corrected, and a decision taken.
    DECIDABLE_STATUSES = (Status.RECEIVED, Status.UNDER_REVIEW)
    # Approved and not taken back: the decided amount spends the service's budget line.
    COMMITTED_STATUSES = (Status.APPROVED, Status.PAID, Status.SERVICE_ENDED)
    # Approved, with money that may still be paid out.
    PAYABLE_STATUSES = (Status.APPROVED, Status.PAID)

    number = models.CharField(_("registration number"), max_length=30, unique=True)
    applicant = models.ForeignKey(
        Person, on_delete=models.PROTECT, related_name="applications", verbose_name=_("applicant")
    )
    service = models.ForeignKey(
        Service, on_delete=models.PROTECT, related_name="applications", verbose_name=_("service")
    )
    channel = models.CharField(_("channel"), max_length=10, choices=Channel.choices)
    received_on = models.DateField(_("received on"))
    status = models.CharField(_("status"), max_length=20, choices=Status.choices, default=Status.RECEIVED)
    feedback_form_handed = models.BooleanField(_("paper feedback form handed over"), default=False)
    requested_amount = models.DecimalField(
        _("requested amount, GEL"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decided_on = models.DateField(_("decided on"), null=True, blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_amount = models.DecimalField(
        _("decided amount, GEL"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    decision_reason = models.TextField(_("decision reason"), blank=True)
    service_ended_on = models.DateField(_("service ended on"), null=True, blank=True)
    registered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("registered by"),
    )
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("benefit application")
        verbose_name_plural = _("benefit applications")
        ordering = ["-received_on", "-id"]
        indexes = [
            models.Index(fields=["service", "received_on"], name="programmes_app_service_day"),
            models.Index(fields=["status", "received_on"], name="programmes_app_status_day"),
            models.Index(fields=["received_on", "id"], name="programmes_app_day_id"),
            # prefix search of registration numbers (LIKE 'x%') whatever the database collation
            models.Index(
                fields=["number"], name="programmes_app_number_prefix", opclasses=["varchar_pattern_ops"]
            ),
        ]

    def __str__(self) -> str:
        return self.number


class Payment(models.Model):
    application = models.ForeignKey(
        BenefitApplication, on_delete=models.PROTECT, related_name="payments", verbose_name=_("application")
    )
    paid_on = models.DateField(_("paid on"))
    amount = models.DecimalField(
        _("amount, GEL"), max_digits=12, decimal_places=2, validators=[MinValueValidator(Decimal("0.01"))]
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        related_name="+",
        verbose_name=_("recorded by"),
    )

    class Meta:
        verbose_name = _("payment")
        verbose_name_plural = _("payments")

    def __str__(self) -> str:
        return f"{self.amount} GEL · {self.paid_on}"


class ApplicationEvent(HistoryEvent):
    """The history of an application: who did what, when, with the changed values."""

    class Action(models.TextChoices):
        REGISTERED = "registered", _("Registered")
        UPDATED = "updated", _("Corrected")
        REVIEW_STARTED = "review_started", _("Review started")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Payment recorded")
        DELIVERED = "delivered", _("Delivered")
        SERVICE_ENDED = "service_ended", _("Service ended")

    application = models.ForeignKey(
        BenefitApplication, on_delete=models.CASCADE, related_name="events", verbose_name=_("application")
    )
    action = models.CharField(_("action"), max_length=40, choices=Action.choices)

    class Meta(HistoryEvent.Meta):
        verbose_name = _("application event")
        verbose_name_plural = _("application events")

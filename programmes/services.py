"""Every write to the programmes register: one keyword-only, transactional function per use case.

Nothing else changes an application's status. Each function checks the caller's role, validates its
input (raising ``ValidationError`` with a dict that names the offending field, before anything is
written) and records what changed in the application's history.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone
from django.utils.translation import gettext as _

from municipal_platform.roles import Role, require_role

from .models import (
    ApplicationEvent,
    BenefitApplication,
    BudgetLine,
    Consent,
    Household,
    Payment,
    Person,
    Programme,
    Service,
)
from .signals import service_ended

Status = BenefitApplication.Status
DECIDABLE = (Status.RECEIVED, Status.UNDER_REVIEW)
COMMITTED = (Status.APPROVED, Status.PAID, Status.SERVICE_ENDED)


# --- helpers -----------------------------------------------------------------------------------------


def today() -> datetime.date:
    """Today in the platform's time zone (Asia/Tbilisi)."""
    return timezone.localdate()


def _not_in_future(field: str, value: datetime.date | None) -> None:
    if value is not None and value > today():
        raise ValidationError({field: _("The date cannot be in the future.")})


def _full_clean(obj, exclude: list[str] | None = None) -> None:
    obj.full_clean(exclude=exclude)


def _plain(value: Any) -> Any:
    """A JSON-safe form of a value for the history."""
    if value is None or isinstance(value, (bool, int, str)):
        return value
    if isinstance(value, (Decimal, datetime.date)):
        return str(value)
    if hasattr(value, "pk"):
        return str(value)
    return str(value)


def _record(application: BenefitApplication, actor, action: str, changes: dict[str, Any]) -> ApplicationEvent:
    return ApplicationEvent.objects.create(
        application=application,
        actor=actor,
        action=action,
        changes={
            k: _plain(v) if not isinstance(v, list) else [_plain(x) for x in v] for k, v in changes.items()
        },
    )


def _locked(application: BenefitApplication) -> BenefitApplication:
    """Re-read the application under a row lock so two decisions cannot race."""
    return BenefitApplication.objects.select_for_update().select_related("service").get(pk=application.pk)


# --- catalogue ---------------------------------------------------------------------------------------


@transaction.atomic
def programme_create(
    *, created_by, year: int, code: str, name_ka: str, name_en: str = "", resolution: str = ""
) -> Programme:
    require_role(created_by, Role.HEAD_OF_SERVICE)
    programme = Programme(year=year, code=code, name_ka=name_ka, name_en=name_en, resolution=resolution)
    _full_clean(programme)
    programme.save()
    return programme


@transaction.atomic
def programme_update(*, programme: Programme, updated_by, **fields: Any) -> Programme:
    require_role(updated_by, Role.HEAD_OF_SERVICE)
    allowed = {"year", "code", "name_ka", "name_en", "resolution"}
    for name, value in fields.items():
        if name not in allowed:
            raise ValidationError({name: _("This field cannot be changed.")})
        setattr(programme, name, value)
    _full_clean(programme)
    programme.save(update_fields=list(fields) or None)
    return programme


SERVICE_FIELDS = {
    "code",
    "name_ka",
    "name_en",
    "kind",
    "eligibility",
    "amount_rule",
    "amount",
    "active_from",
    "active_to",
    "position",
}


def _check_service(service: Service) -> None:
    if service.amount_rule != Service.AmountRule.NONE and not service.amount:
        raise ValidationError({"amount": _("Give the fixed amount or the cap of this service.")})
    if service.active_from and service.active_to and service.active_to < service.active_from:
        raise ValidationError({"active_to": _("The end date is before the start date.")})
    _full_clean(service)


@transaction.atomic
def service_create(
    *, created_by, programme: Programme, code: str, name_ka: str, kind: str, **fields: Any
) -> Service:
    require_role(created_by, Role.HEAD_OF_SERVICE)
    unknown = set(fields) - SERVICE_FIELDS
    if unknown:
        raise ValidationError({min(unknown): _("Unknown field.")})
    if "position" not in fields:
        fields["position"] = (
            programme.services.order_by("-position").values_list("position", flat=True).first() or 0
        ) + 1
    if fields.get("amount_rule", Service.AmountRule.NONE) == Service.AmountRule.NONE:
        fields["amount"] = None
    service = Service(programme=programme, code=code, name_ka=name_ka, kind=kind, **fields)
    _check_service(service)
    service.save()
    return service


@transaction.atomic
def service_update(*, service: Service, updated_by, **fields: Any) -> Service:
    require_role(updated_by, Role.HEAD_OF_SERVICE)
    for name, value in fields.items():
        if name not in SERVICE_FIELDS:
            raise ValidationError({name: _("This field cannot be changed.")})
        setattr(service, name, value)
    if service.amount_rule == Service.AmountRule.NONE:
        service.amount = None
    _check_service(service)
    service.save()
    return service


@transaction.atomic
def budget_line_set(
    *, set_by, service: Service, planned: Decimal, year: int | None = None, funding_source: str = ""
) -> BudgetLine:
    """Create or change the planned amount of a service's budget line for a year."""
    require_role(set_by, Role.HEAD_OF_SERVICE)
    year = year or service.programme.year
    if year != service.programme.year:
        raise ValidationError(
            {
                "year": _("A service's budget line is for its programme's year (%(year)s).")
                % {"year": service.programme.year}
            }
        )
    if planned is None or Decimal(planned) < 0:
        raise ValidationError({"planned": _("The planned amount must be zero or more.")})
    line = BudgetLine.objects.filter(service=service, year=year).first() or BudgetLine(
        service=service, year=year
    )
    line.planned = Decimal(planned)
    line.funding_source = funding_source
    _full_clean(line, exclude=["service"])
    line.save()
    return line


# --- citizens ----------------------------------------------------------------------------------------


@transaction.atomic
def household_create(*, created_by, settlement: str = "", address: str = "") -> Household:
    require_role(created_by, Role.FRONT_DESK, Role.SOCIAL_WORKER)
    household = Household(settlement=settlement, address=address)
    _full_clean(household)
    household.save()
    return household


PERSON_FIELDS = ("first_name", "last_name", "birth_date", "sex", "phone", "email")


@transaction.atomic
def person_register(
    *,
    registered_by,
    personal_number: str,
    first_name: str,
    last_name: str,
    sex: str,
    birth_date: datetime.date | None = None,
    phone: str = "",
    email: str = "",
    household: Household | None = None,
    settlement: str = "",
    address: str = "",
) -> Person:
    """Find a person by personal number and bring their details up to date, or register them.

    A new person without a household gets one at ``settlement``/``address``.
    """
    require_role(registered_by, Role.FRONT_DESK, Role.SOCIAL_WORKER)
    personal_number = (personal_number or "").strip()
    _not_in_future("birth_date", birth_date)
    person = Person.objects.filter(personal_number=personal_number).first()
    values = {
        "first_name": first_name.strip(),
        "last_name": last_name.strip(),
        "birth_date": birth_date,
        "sex": sex,
        "phone": phone.strip(),
        "email": email.strip(),
    }
    if person is None:
        person = Person(personal_number=personal_number, **values)
        _full_clean(person, exclude=["household"])
        if household is None:
            household = household_create(created_by=registered_by, settlement=settlement, address=address)
        person.household = household
        person.save()
        return person
    changed = [
        name for name, value in values.items() if value not in (None, "") and getattr(person, name) != value
    ]
    for name in changed:
        setattr(person, name, values[name])
    if household is not None and person.household_id != household.pk:
        person.household = household
        changed.append("household")
    if changed:
        _full_clean(person, exclude=["household"])
        person.save(update_fields=changed)
    return person


@transaction.atomic
def consent_give(
    *, recorded_by, person: Person, purpose: str, given_on: datetime.date, note: str = ""
) -> Consent:
    require_role(recorded_by, Role.FRONT_DESK, Role.SOCIAL_WORKER)
    _not_in_future("given_on", given_on)
    existing = person.consents.filter(purpose=purpose, withdrawn_on__isnull=True).first()
    if existing is not None:
        return existing
    consent = Consent(person=person, purpose=purpose, given_on=given_on, note=note)
    _full_clean(consent)
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, recorded_by, consent: Consent, withdrawn_on: datetime.date) -> Consent:
    require_role(recorded_by, Role.FRONT_DESK, Role.SOCIAL_WORKER)
    _not_in_future("withdrawn_on", withdrawn_on)
    if consent.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": _("This consent was already withdrawn.")})
    if withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": _("A consent cannot be withdrawn before it was given.")})
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    return consent


# --- applications ------------------------------------------------------------------------------------


def _check_amount_against_service(service: Service, amount: Decimal | None, field: str) -> None:
    if amount is None:
        return
    if amount <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")})
    if service.amount_rule == Service.AmountRule.CAP and amount > service.amount:
        raise ValidationError(
            {field: _("The amount %(amount)s GEL is above the service's cap of %(cap)s GEL.")
             % {"amount": amount, "cap": service.amount}}
        )  # fmt: skip
    if service.amount_rule == Service.AmountRule.FIXED and amount != service.amount:
        raise ValidationError(
            {field: _("This service pays a fixed amount of %(fixed)s GEL.") % {"fixed": service.amount}}
        )


@transaction.atomic
def application_register(
    *,
    registered_by,
    applicant: Person,
    service: Service,
    channel: str,
    received_on: datetime.date,
    requested_amount: Decimal | None = None,
    feedback_form_handed: bool = False,
) -> BenefitApplication:
    """Register an application as received at the chancellery, by e-mail or online."""
    require_role(registered_by, Role.FRONT_DESK)
    if channel not in BenefitApplication.Channel.values:
        raise ValidationError({"channel": _("Choose paper, e-mail or online.")})
    if received_on is None:
        raise ValidationError({"received_on": _("Give the date the application was received.")})
    _not_in_future("received_on", received_on)
    if (
        service.active_to
        and received_on > service.active_to
        or service.active_from
        and received_on < service.active_from
    ):
        raise ValidationError(
            {"service": _("The service was not open on the date the application was received.")}
        )
    _check_amount_against_service(service, requested_amount, "requested_amount")
    if channel != BenefitApplication.Channel.PAPER and feedback_form_handed:
        raise ValidationError(
            {"feedback_form_handed": _("The paper feedback form is handed over only at the chancellery.")}
        )
    application = BenefitApplication.objects.create(
        number=f"pending-{timezone.now().timestamp()}-{applicant.pk}",
        applicant=applicant,
        service=service,
        channel=channel,
        received_on=received_on,
        requested_amount=requested_amount,
        feedback_form_handed=feedback_form_handed,
        registered_by=registered_by,
    )
    application.number = f"{received_on.year}-{application.pk:06d}"
    application.save(update_fields=["number"])
    _record(
        application,
        registered_by,
        "registered",
        {
            "service": service.code,
            "channel": channel,
            "received_on": received_on,
            "requested_amount": requested_amount,
            "feedback_form_handed": feedback_form_handed,
        },
    )
    return application


EDITABLE_FIELDS = ("service", "channel", "received_on", "requested_amount", "feedback_form_handed")


@transaction.atomic
def application_update(*, application: BenefitApplication, updated_by, **fields: Any) -> BenefitApplication:
    """Correct the registration data of an application that has not been decided yet."""
    require_role(updated_by, Role.FRONT_DESK)
    application = _locked(application)
    if application.status not in DECIDABLE:
        raise ValidationError({"status": _("A decided application cannot be changed.")})
    for name in fields:
        if name not in EDITABLE_FIELDS:
            raise ValidationError({name: _("This field cannot be changed.")})
    service = fields.get("service", application.service)
    _not_in_future("received_on", fields.get("received_on"))
    _check_amount_against_service(
        service, fields.get("requested_amount", application.requested_amount), "requested_amount"
    )
    changes = {}
    for name, value in fields.items():
        old = getattr(application, name)
        if old != value:
            changes[name] = [
                old.code if name == "service" else old,
                value.code if name == "service" else value,
            ]
            setattr(application, name, value)
    if changes:
        application.save(update_fields=list(changes))
        _record(application, updated_by, "updated", changes)
    return application


@transaction.atomic
def application_start_review(*, application: BenefitApplication, reviewed_by) -> BenefitApplication:
    require_role(reviewed_by, Role.HEAD_OF_SERVICE, Role.COMMISSION_MEMBER)
    application = _locked(application)
    if application.status != Status.RECEIVED:
        raise ValidationError({"status": _("Only a received application can be put under review.")})
    application.status = Status.UNDER_REVIEW
    application.save(update_fields=["status"])
    _record(application, reviewed_by, "review_started", {"status": [Status.RECEIVED, Status.UNDER_REVIEW]})
    return application


@transaction.atomic
def application_decide(
    *,
    application: BenefitApplication,
    decided_by,
    approved: bool,
    amount: Decimal | None,
    reason: str = "",
    decided_on: datetime.date | None = None,
) -> BenefitApplication:
    """Approve (with an amount within the service's rule) or reject (with a reason) an application."""
    require_role(decided_by, Role.HEAD_OF_SERVICE)
    application = _locked(application)
    if application.status not in DECIDABLE:
        raise ValidationError({"status": _("This application has already been decided.")})
    decided_on = decided_on or today()
    _not_in_future("decided_on", decided_on)
    if decided_on < application.received_on:
        raise ValidationError(
            {"decided_on": _("The decision cannot be dated before the application was received.")}
        )
    reason = (reason or "").strip()
    service = application.service
    if approved:
        if amount is None and service.amount_rule == Service.AmountRule.FIXED:
            amount = service.amount
        if amount is None and service.amount_rule != Service.AmountRule.NONE:
            raise ValidationError({"amount": _("Give the amount granted.")})
        if amount is not None:
            amount = Decimal(amount)
            _check_amount_against_service(service, amount, "amount")
    else:
        if amount:
            raise ValidationError({"amount": _("A rejected application has no amount.")})
        amount = None
        if not reason:
            raise ValidationError({"reason": _("Give the reason for the rejection.")})
    old_status = application.status
    application.status = Status.APPROVED if approved else Status.REJECTED
    application.decided_on = decided_on
    application.decided_by = decided_by
    application.decided_amount = amount
    application.decision_reason = reason
    application.save(
        update_fields=["status", "decided_on", "decided_by", "decided_amount", "decision_reason"]
    )
    _record(
        application,
        decided_by,
        "approved" if approved else "rejected",
        {
            "status": [old_status, application.status],
            "decided_on": decided_on,
            "amount": amount,
            "reason": reason,
        },
    )
    return application


@transaction.atomic
def payment_record(
    *, application: BenefitApplication, recorded_by, amount: Decimal, paid_on: datetime.date
) -> Payment:
    """Record a payment (or delivery) on an approved application; the total never exceeds the decision."""
    require_role(recorded_by, Role.HEAD_OF_SERVICE)
    application = _locked(application)
    if application.status not in (Status.APPROVED, Status.PAID):
        raise ValidationError({"status": _("Only an approved application can be paid.")})
    if amount is None or Decimal(amount) <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    amount = Decimal(amount)
    _not_in_future("paid_on", paid_on)
    if paid_on is None or (application.decided_on and paid_on < application.decided_on):
        raise ValidationError({"paid_on": _("The payment cannot be dated before the decision.")})
    already = application.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    if application.decided_amount is None or already + amount > application.decided_amount:
        raise ValidationError(
            {"amount": _("The payments would total %(total)s GEL, more than the decided %(decided)s GEL.")
             % {"total": already + amount, "decided": application.decided_amount or Decimal(0)}}
        )  # fmt: skip
    payment = Payment(application=application, amount=amount, paid_on=paid_on, recorded_by=recorded_by)
    _full_clean(payment, exclude=["application", "recorded_by"])
    payment.save()
    changes: dict[str, Any] = {"amount": amount, "paid_on": paid_on}
    if application.status == Status.APPROVED:
        application.status = Status.PAID
        application.save(update_fields=["status"])
        changes["status"] = [Status.APPROVED, Status.PAID]
    _record(application, recorded_by, "paid", changes)
    return payment


@transaction.atomic
def application_mark_delivered(
    *, application: BenefitApplication, delivered_by, delivered_on: datetime.date
) -> BenefitApplication:
    """For services without money (meals, home care): the service was delivered."""
    require_role(delivered_by, Role.HEAD_OF_SERVICE, Role.SOCIAL_WORKER)
    application = _locked(application)
    if application.status != Status.APPROVED:
        raise ValidationError({"status": _("Only an approved application can be delivered.")})
    if application.decided_amount:
        raise ValidationError({"status": _("Record the payment of this application instead.")})
    _not_in_future("delivered_on", delivered_on)
    if delivered_on < application.decided_on:
        raise ValidationError({"delivered_on": _("The delivery cannot be dated before the decision.")})
    application.status = Status.PAID
    application.save(update_fields=["status"])
    _record(
        application, delivered_by, "delivered", {"status": [Status.APPROVED, Status.PAID], "on": delivered_on}
    )
    return application


@transaction.atomic
def application_end_service(
    *, application: BenefitApplication, ended_by, ended_on: datetime.date | None = None
) -> BenefitApplication:
    """Close the service. Once committed, ``service_ended`` is sent (feedback invites the citizen)."""
    require_role(ended_by, Role.HEAD_OF_SERVICE, Role.FRONT_DESK)
    application = _locked(application)
    ended_on = ended_on or today()
    if application.status != Status.PAID:
        raise ValidationError({"status": _("The service can end only after payment or delivery.")})
    _not_in_future("ended_on", ended_on)
    if application.decided_on and ended_on < application.decided_on:
        raise ValidationError({"ended_on": _("The service cannot end before the decision.")})
    application.status = Status.SERVICE_ENDED
    application.service_ended_on = ended_on
    application.save(update_fields=["status", "service_ended_on"])
    _record(
        application,
        ended_by,
        "service_ended",
        {"status": [Status.PAID, Status.SERVICE_ENDED], "on": ended_on},
    )
    transaction.on_commit(lambda: service_ended.send(sender=BenefitApplication, application=application))
    return application

"""The application workflow: register, correct, review, decide, pay or deliver, end the service.

Nothing else changes an application's status. Every step checks the role, validates before writing
(a ValidationError names the field) and records who changed what in the application's history.
"""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from municipal_platform import clock
from municipal_platform.model_update import model_update
from municipal_platform.roles import Role, require_role

from .. import selectors
from ..models import BenefitApplication, Consent, Payment, Person, Service
from ..signals import service_ended
from ..workflow import ROLES, Action, check, left_to_pay
from ._common import Status, _full_clean, _locked, _not_in_future, _record
from .citizens import consent_give, person_register


def _check_amount_against_service(service: Service, amount: Decimal | None, field: str) -> None:
    if amount is None:
        return
    if amount <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")})
    if (
        service.amount_rule == Service.AmountRule.CAP
        and service.amount is not None
        and amount > service.amount
    ):
        raise ValidationError(
            {
                field: _("The amount %(amount)s GEL is above the service's cap of %(cap)s GEL.")
                % {"amount": amount, "cap": service.amount}
            }
        )
    if service.amount_rule == Service.AmountRule.FIXED and amount != service.amount:
        raise ValidationError(
            {field: _("This service pays a fixed amount of %(fixed)s GEL.") % {"fixed": service.amount}}
        )


def _check_service_open(service: Service, received_on: datetime.date) -> None:
    """An application belongs to the programme of the year it was received in, and to a service that was
    open that day: a 2026 application is never counted against the 2025 programme's budget."""
    if received_on.year != service.programme.year:
        raise ValidationError(
            {
                "service": _(
                    "This service belongs to the %(year)s programme, but the application was received on "
                    "%(received_on)s. Choose the service of the %(received_year)s programme."
                )
                % {
                    "year": service.programme.year,
                    "received_on": received_on.isoformat(),
                    "received_year": received_on.year,
                }
            }
        )
    if (service.active_to and received_on > service.active_to) or (
        service.active_from and received_on < service.active_from
    ):
        raise ValidationError(
            {"service": _("The service was not open on the date the application was received.")}
        )


@transaction.atomic
def application_register(
    *,
    actor,
    applicant: Person,
    service: Service,
    channel: str,
    received_on: datetime.date,
    requested_amount: Decimal | None = None,
    feedback_form_handed: bool = False,
    duplicate_reason: str = "",
) -> BenefitApplication:
    """Register an application as received at the chancellery, by e-mail or online.

    While the applicant's earlier application for the same service is still undecided, a second one is
    registered only with ``duplicate_reason``, which the history keeps beside the open one's number."""
    require_role(actor, Role.FRONT_DESK)
    if channel not in BenefitApplication.Channel.values:
        raise ValidationError({"channel": _("Choose paper, e-mail or online.")})
    if received_on is None:
        raise ValidationError({"received_on": _("Give the date the application was received.")})
    _not_in_future("received_on", received_on)
    _check_service_open(service, received_on)
    _check_amount_against_service(service, requested_amount, "requested_amount")
    if channel != BenefitApplication.Channel.PAPER and feedback_form_handed:
        raise ValidationError(
            {"feedback_form_handed": _("The paper feedback form is handed over only at the chancellery.")}
        )
    duplicate_reason = (duplicate_reason or "").strip()
    open_one = selectors.open_application_of(applicant=applicant, service=service)
    if open_one is not None and not duplicate_reason:
        raise ValidationError(
            {
                "duplicate_reason": _(
                    "%(name)s already has application %(number)s for this service, received on "
                    "%(received_on)s and not decided yet. Check it; to register another one anyway, give "
                    "the reason."
                )
                % {
                    "name": f"{applicant.first_name} {applicant.last_name}",
                    "number": open_one.number,
                    "received_on": open_one.received_on.isoformat(),
                }
            }
        )
    application = BenefitApplication.objects.create(
        # a placeholder until the row has its id (28 characters whatever the ids and the clock: the column
        # holds 30; the timestamp and person id it held before passed 30 once person ids reached 10,000)
        number=f"pending-{uuid.uuid4().hex[:20]}",
        applicant=applicant,
        service=service,
        channel=channel,
        received_on=received_on,
        requested_amount=requested_amount,
        feedback_form_handed=feedback_form_handed,
        registered_by=actor,
    )
    application.number = f"{received_on.year}-{application.pk:06d}"
    application.save(update_fields=["number"])
    _record(
        application,
        actor,
        "registered",
        {
            "service": service.code,
            "channel": channel,
            "received_on": received_on,
            "requested_amount": requested_amount,
            "feedback_form_handed": feedback_form_handed,
            **({"duplicate_of": open_one.number, "duplicate_reason": duplicate_reason} if open_one else {}),
        },
    )
    return application


EDITABLE_FIELDS = ("service", "channel", "received_on", "requested_amount", "feedback_form_handed")

# What the chancellery asks of an applicant (found or registered by personal number, see person_register)
# and of their application (see application_register), keyed as the intake takes them.
APPLICANT_FIELDS = (
    "personal_number",
    "first_name",
    "last_name",
    "sex",
    "birth_date",
    "phone",
    "email",
    "settlement",
    "address",
)
APPLICATION_FIELDS = (
    "service",
    "channel",
    "received_on",
    "requested_amount",
    "feedback_form_handed",
    "duplicate_reason",
)


@transaction.atomic
def application_intake(
    *,
    actor,
    applicant: dict[str, Any],
    application: dict[str, Any],
    consent_social_status: bool = False,
    household_of: str = "",
) -> BenefitApplication:
    """Everything the chancellery records when an application comes in, in one transaction: the applicant
    (found by personal number, or registered; in the household of the person whose personal number is
    ``household_of`` when given), the application, and the consent to fetch social-status data when the
    applicant gave it. The register page and the API both call this.

    ``applicant`` holds the keys of ``APPLICANT_FIELDS``, ``application`` those of ``APPLICATION_FIELDS``;
    an error names the field of either, or ``household_of``.
    """
    require_role(actor, Role.FRONT_DESK)
    household = None
    if household_of:
        member = Person.objects.select_related("household").filter(personal_number=household_of).first()
        if member is None or member.household is None:
            raise ValidationError({"household_of": _("Nobody with this personal number is registered.")})
        household = member.household
    person = person_register(actor=actor, household=household, **applicant)
    registered = application_register(actor=actor, applicant=person, **application)
    if consent_social_status:
        consent_give(
            actor=actor,
            person=person,
            purpose=Consent.Purpose.SOCIAL_STATUS_DATA,
            given_on=registered.received_on,
        )
    return registered


@transaction.atomic
def application_update(*, application: BenefitApplication, actor, **fields: Any) -> BenefitApplication:
    """Correct the registration data of an application that has not been decided yet."""
    require_role(actor, *ROLES[Action.CORRECT])
    application = _locked(application)
    check(Action.CORRECT, application)
    for name in fields:
        if name not in EDITABLE_FIELDS:
            raise ValidationError({name: _("This field cannot be changed.")})
    service = fields.get("service", application.service)
    _not_in_future("received_on", fields.get("received_on"))
    if "service" in fields or "received_on" in fields:
        _check_service_open(service, fields.get("received_on") or application.received_on)
    _check_amount_against_service(
        service, fields.get("requested_amount", application.requested_amount), "requested_amount"
    )
    changed = model_update(instance=application, fields=list(EDITABLE_FIELDS), data=fields, clean=False)
    if changed:
        _record(
            application,
            actor,
            "updated",
            {
                name: [old.code, new.code] if name == "service" else [old, new]
                for name, (old, new) in changed.items()
            },
        )
    return application


@transaction.atomic
def application_start_review(*, application: BenefitApplication, actor) -> BenefitApplication:
    # Not the commission: applications are never put before it, and reviewing would show it the applicant.
    require_role(actor, *ROLES[Action.REVIEW])
    application = _locked(application)
    check(Action.REVIEW, application)
    application.status = Status.UNDER_REVIEW
    application.save(update_fields=["status"])
    _record(application, actor, "review_started", {"status": [Status.RECEIVED, Status.UNDER_REVIEW]})
    return application


@transaction.atomic
def application_decide(
    *,
    application: BenefitApplication,
    actor,
    approved: bool,
    amount: Decimal | None,
    reason: str = "",
    decided_on: datetime.date | None = None,
) -> BenefitApplication:
    """Approve (with an amount within the service's rule) or reject (with a reason) an application."""
    require_role(actor, *ROLES[Action.DECIDE])
    application = _locked(application)
    check(Action.DECIDE, application)
    decided_on = decided_on or clock.today()
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
    application.decided_by = actor
    application.decided_amount = amount
    application.decision_reason = reason
    application.save(
        update_fields=["status", "decided_on", "decided_by", "decided_amount", "decision_reason"]
    )
    _record(
        application,
        actor,
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
    *, application: BenefitApplication, actor, amount: Decimal, paid_on: datetime.date
) -> Payment:
    """Record a payment (or delivery) on an approved application; the total never exceeds the decision."""
    require_role(actor, *ROLES[Action.PAY])
    application = _locked(application)
    check(Action.PAY, application)
    if amount is None or Decimal(amount) <= 0:
        raise ValidationError({"amount": _("The amount must be more than zero.")})
    amount = Decimal(amount)
    _not_in_future("paid_on", paid_on)
    if paid_on is None or (application.decided_on and paid_on < application.decided_on):
        raise ValidationError({"paid_on": _("The payment cannot be dated before the decision.")})
    already = application.payments.aggregate(total=Sum("amount"))["total"] or Decimal(0)
    check(Action.PAY, application, paid_total=already)
    if amount > left_to_pay(application, already):
        raise ValidationError(
            {
                "amount": _("The payments would total %(total)s GEL, more than the decided %(decided)s GEL.")
                % {"total": already + amount, "decided": application.decided_amount or Decimal(0)}
            }
        )
    payment = Payment(application=application, amount=amount, paid_on=paid_on, recorded_by=actor)
    _full_clean(payment, exclude=["application", "recorded_by"])
    payment.save()
    changes: dict[str, Any] = {"amount": amount, "paid_on": paid_on}
    if application.status == Status.APPROVED:
        application.status = Status.PAID
        application.save(update_fields=["status"])
        changes["status"] = [Status.APPROVED, Status.PAID]
    _record(application, actor, "paid", changes)
    return payment


@transaction.atomic
def application_mark_delivered(
    *, application: BenefitApplication, actor, delivered_on: datetime.date
) -> BenefitApplication:
    """For services without money (meals, home care): the service was delivered."""
    require_role(actor, *ROLES[Action.DELIVER])
    application = _locked(application)
    check(Action.DELIVER, application)
    _not_in_future("delivered_on", delivered_on)
    if application.decided_on and delivered_on < application.decided_on:
        raise ValidationError({"delivered_on": _("The delivery cannot be dated before the decision.")})
    application.status = Status.PAID
    application.save(update_fields=["status"])
    _record(application, actor, "delivered", {"status": [Status.APPROVED, Status.PAID], "on": delivered_on})
    return application


@transaction.atomic
def application_end_service(
    *, application: BenefitApplication, actor, ended_on: datetime.date | None = None
) -> BenefitApplication:
    """Close the service and send ``service_ended`` inside this transaction.

    Listeners write what must follow (feedback queues the citizen's invitation: an outbox row) in
    the same transaction, so the change and its consequences commit or roll back together; the
    sending itself happens later, off the request path.
    """
    require_role(actor, *ROLES[Action.END_SERVICE])
    application = _locked(application)
    ended_on = ended_on or clock.today()
    check(Action.END_SERVICE, application)
    _not_in_future("ended_on", ended_on)
    if application.decided_on and ended_on < application.decided_on:
        raise ValidationError({"ended_on": _("The service cannot end before the decision.")})
    application.status = Status.SERVICE_ENDED
    application.service_ended_on = ended_on
    application.save(update_fields=["status", "service_ended_on"])
    _record(
        application,
        actor,
        "service_ended",
        {"status": [Status.PAID, Status.SERVICE_ENDED], "on": ended_on},
    )
    service_ended.send(sender=BenefitApplication, application=application)
    return application

"""The application workflow: register, correct, review, decide, pay or deliver, end the service.

Nothing else changes an application's status. Every step checks the role, validates before writing
(a ValidationError names the field) and records who changed what in the application's history.
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

from ..models import BenefitApplication, Payment, Person, Service
from ..signals import service_ended
from ._common import DECIDABLE, Status, _full_clean, _locked, _not_in_future, _record, today


def _check_amount_against_service(service: Service, amount: Decimal | None, field: str) -> None:
    if amount is None:
        return
    if amount <= 0:
        raise ValidationError({field: _("The amount must be more than zero.")})
    if service.amount_rule == Service.AmountRule.CAP and amount > service.amount:
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
    _check_service_open(service, received_on)
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
    if "service" in fields or "received_on" in fields:
        _check_service_open(service, fields.get("received_on") or application.received_on)
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
    # Not the commission: applications are never put before it, and reviewing would show it the applicant.
    require_role(reviewed_by, Role.HEAD_OF_SERVICE)
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
            {
                "amount": _("The payments would total %(total)s GEL, more than the decided %(decided)s GEL.")
                % {"total": already + amount, "decided": application.decided_amount or Decimal(0)}
            }
        )
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
    """Close the service and send ``service_ended`` inside this transaction.

    Listeners write what must follow (feedback queues the citizen's invitation: an outbox row) in
    the same transaction, so the change and its consequences commit or roll back together; the
    sending itself happens later, off the request path.
    """
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
    service_ended.send(sender=BenefitApplication, application=application)
    return application

"""The application's state machine, stated once: which step its current state allows, and who takes it.

The services refuse a step with ``check`` before they write; ``selectors.allowed_actions`` asks the same
``refusal`` to decide which buttons the page shows and what the API's detail lists, so the two cannot
drift apart.
"""

from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from municipal_platform.roles import Role

from .models import BenefitApplication

Status = BenefitApplication.Status


class Action(StrEnum):
    REVIEW = "review"
    CORRECT = "correct"
    DECIDE = "decide"
    PAY = "pay"
    DELIVER = "deliver"
    END_SERVICE = "end_service"
    EDIT_APPLICANT = "edit_applicant"
    WITHDRAW_CONSENT = "withdraw_consent"


# Who may take each step (the services require it). Applications are never put before the commission,
# so commission members take none of them.
ROLES: dict[Action, tuple[str, ...]] = {
    Action.REVIEW: (Role.HEAD_OF_SERVICE,),
    Action.CORRECT: (Role.FRONT_DESK,),
    Action.DECIDE: (Role.HEAD_OF_SERVICE,),
    Action.PAY: (Role.HEAD_OF_SERVICE,),
    Action.DELIVER: (Role.HEAD_OF_SERVICE, Role.SOCIAL_WORKER),
    Action.END_SERVICE: (Role.HEAD_OF_SERVICE, Role.FRONT_DESK),
    # The applicant's contact details (correcting who they are needs the head of service).
    Action.EDIT_APPLICANT: (Role.FRONT_DESK,),
    Action.WITHDRAW_CONSENT: (Role.FRONT_DESK, Role.SOCIAL_WORKER),
}


def left_to_pay(application: BenefitApplication, paid_total: Decimal) -> Decimal:
    """What of the decided amount has not been paid yet (zero for a service without money)."""
    return (application.decided_amount or Decimal(0)) - paid_total


def refusal(
    action: Action, application: BenefitApplication, *, paid_total: Decimal | None = None
) -> ValidationError | None:
    """Why the application's current state does not allow ``action``, or None when it does.

    ``paid_total`` (the sum of its payments) is needed for ``Action.PAY`` only: an application paid in
    full has nothing left to pay.
    """
    status = application.status
    if action == Action.REVIEW and status != Status.RECEIVED:
        return ValidationError({"status": _("Only a received application can be put under review.")})
    if action == Action.CORRECT and status not in BenefitApplication.DECIDABLE_STATUSES:
        return ValidationError({"status": _("A decided application cannot be changed.")})
    if action == Action.DECIDE and status not in BenefitApplication.DECIDABLE_STATUSES:
        return ValidationError({"status": _("This application has already been decided.")})
    if action == Action.PAY:
        if status not in BenefitApplication.PAYABLE_STATUSES:
            return ValidationError({"status": _("Only an approved application can be paid.")})
        if paid_total is not None and left_to_pay(application, paid_total) <= 0:
            return ValidationError({"amount": _("Nothing is left to pay on this application.")})
    if action == Action.DELIVER:
        if status != Status.APPROVED:
            return ValidationError({"status": _("Only an approved application can be delivered.")})
        if application.decided_amount:
            return ValidationError({"status": _("Record the payment of this application instead.")})
    if action == Action.END_SERVICE and status != Status.PAID:
        return ValidationError({"status": _("The service can end only after payment or delivery.")})
    return None


def check(action: Action, application: BenefitApplication, *, paid_total: Decimal | None = None) -> None:
    """Raise the ``refusal`` of ``action``, if there is one."""
    error = refusal(action, application, paid_total=paid_total)
    if error is not None:
        raise error

"""The application's workflow stated once: the steps a page or the API offers are exactly the steps the
services accept, in every state an application can be in."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction

from programmes import selectors, services
from programmes.models import BenefitApplication, Person
from programmes.workflow import Action

DAY = datetime.date(2025, 7, 1)
STEPS = (Action.REVIEW, Action.CORRECT, Action.DECIDE, Action.PAY, Action.DELIVER, Action.END_SERVICE)


class _Undo(Exception):
    """Raised to roll back a step that was accepted."""


def _take(step: Action, application: BenefitApplication, actor) -> None:
    if step == Action.REVIEW:
        services.application_start_review(application=application, actor=actor)
    elif step == Action.CORRECT:
        services.application_update(application=application, actor=actor, channel="email")
    elif step == Action.DECIDE:
        services.application_decide(
            application=application, actor=actor, approved=True, amount=None, decided_on=DAY
        )
    elif step == Action.PAY:
        services.payment_record(application=application, actor=actor, amount=Decimal("0.01"), paid_on=DAY)
    elif step == Action.DELIVER:
        services.application_mark_delivered(application=application, actor=actor, delivered_on=DAY)
    elif step == Action.END_SERVICE:
        services.application_end_service(application=application, actor=actor, ended_on=DAY)


def _accepted(step: Action, application: BenefitApplication, actor) -> bool:
    try:
        with transaction.atomic():
            _take(step, application, actor)
            raise _Undo
    except _Undo:
        return True
    except ValidationError:
        return False


def _decide(application, head, **kwargs):
    values = {"approved": True, "amount": None, "decided_on": DAY, **kwargs}
    services.application_decide(application=application, actor=head, **values)


STATES = {
    "received": lambda app, head: None,
    "under review": lambda app, head: services.application_start_review(application=app, actor=head),
    "rejected": lambda app, head: _decide(app, head, approved=False, reason="no"),
    "approved with money": lambda app, head: _decide(app, head),
    "partly paid": lambda app, head: (
        _decide(app, head),
        services.payment_record(application=app, actor=head, amount=Decimal(200), paid_on=DAY),
    ),
    "paid in full": lambda app, head: (
        _decide(app, head),
        services.payment_record(application=app, actor=head, amount=Decimal(500), paid_on=DAY),
    ),
    "service ended": lambda app, head: (
        _decide(app, head),
        services.payment_record(application=app, actor=head, amount=Decimal(500), paid_on=DAY),
        services.application_end_service(application=app, actor=head, ended_on=DAY),
    ),
}
WITHOUT_MONEY = {
    "approved without money": lambda app, head: _decide(app, head),
    "delivered": lambda app, head: (
        _decide(app, head),
        services.application_mark_delivered(application=app, actor=head, delivered_on=DAY),
    ),
}


@pytest.mark.parametrize("state", [*STATES, *WITHOUT_MONEY])
def test_the_steps_offered_are_exactly_the_steps_the_services_accept(
    state, newborn, meals, make_application, head, frontdesk
):
    application = make_application(meals if state in WITHOUT_MONEY else newborn)
    {**STATES, **WITHOUT_MONEY}[state](application, head)
    for user in (head, frontdesk):
        application = selectors.application_detail(pk=application.pk)
        offered = {step for step in selectors.allowed_actions(application, user) if step in STEPS}
        accepted = set()
        for step in STEPS:
            try:
                if _accepted(step, application, user):
                    accepted.add(step)
            except PermissionDenied:  # the user's role does not take this step
                pass
        assert offered == accepted, (state, user.username)


def test_an_intake_refused_for_its_application_leaves_no_applicant_behind(fire, frontdesk):
    applicant = {
        "personal_number": "01001077777",
        "first_name": "ნანა",
        "last_name": "ლომიძე",
        "sex": "female",
        "birth_date": None,
        "phone": "",
        "email": "",
        "settlement": "ბაჯი",
        "address": "",
    }
    application = {
        "service": fire,
        "channel": "paper",
        "received_on": DAY,
        "requested_amount": Decimal(5000),
        "feedback_form_handed": True,
    }
    with pytest.raises(ValidationError) as excinfo:
        services.application_intake(
            actor=frontdesk, applicant=applicant, application=application, consent_social_status=True
        )
    assert set(excinfo.value.message_dict) == {"requested_amount"}
    assert not Person.objects.exists() and not BenefitApplication.objects.exists()

    application["requested_amount"] = Decimal(3000)
    registered = services.application_intake(
        actor=frontdesk, applicant=applicant, application=application, consent_social_status=True
    )
    assert registered.applicant.household.settlement == "ბაჯი"
    assert registered.applicant.consents.get().given_on == DAY

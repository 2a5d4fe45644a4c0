"""Writes to the citizen register: households, persons (found by personal number) and consents."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipal_platform.model_update import model_update
from municipal_platform.roles import Role, require_role

from ..models import Consent, Household, Person, PersonEvent
from ..workflow import ROLES, Action
from ._common import _full_clean, _not_in_future, _plain


@transaction.atomic
def household_create(*, actor, settlement: str = "", address: str = "") -> Household:
    require_role(actor, Role.FRONT_DESK, Role.SOCIAL_WORKER)
    household = Household(settlement=settlement, address=address)
    _full_clean(household)
    household.save()
    return household


PERSON_FIELDS = ("first_name", "last_name", "birth_date", "sex", "phone", "email")
# Who the person is: never changed by registering an application, only corrected by the head of service.
IDENTITY_FIELDS = ("first_name", "last_name", "sex", "birth_date")
# How to reach them: changed by the front desk through person_update, with the change kept.
CONTACT_FIELDS = ("phone", "email")


def _normalised(value: Any) -> Any:
    if isinstance(value, str):
        return " ".join(value.split())
    return value


def _differing(person: Person, values: dict[str, Any]) -> list[str]:
    """Fields given in ``values`` that differ from the person's record. A value not given (empty) is not
    compared; neither is a birth date the record does not have (it cannot be checked)."""
    differing = []
    for name, value in values.items():
        if value in (None, ""):
            continue
        stored = getattr(person, name)
        if name == "birth_date" and stored is None:
            continue
        if _normalised(stored) != _normalised(value):
            differing.append(name)
    return differing


def _field_labels(names: list[str]) -> str:
    return ", ".join(str(getattr(Person._meta.get_field(name), "verbose_name", name)) for name in names)


@transaction.atomic
def person_register(
    *,
    actor,
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
    """Find a person by personal number, or register them.

    A registered person's record is never changed here: if the submitted name, sex, birth date, phone
    or e-mail differ from it, nothing is written and the error names the differing fields (a wrong
    number would otherwise rename somebody else, or send their letters elsewhere). Contact details
    change through ``person_update``. A new person without a household gets one at
    ``settlement``/``address``.
    """
    require_role(actor, Role.FRONT_DESK, Role.SOCIAL_WORKER)
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
            household = household_create(actor=actor, settlement=settlement, address=address)
        person.household = household
        person.save()
        return person
    identity = _differing(person, {name: values[name] for name in IDENTITY_FIELDS})
    if identity:
        errors = {
            "personal_number": _(
                "This number belongs to a registered person whose %(fields)s differ. Check the number, "
                "or ask the head of service to correct the person's record."
            )
            % {"fields": _field_labels(identity)}
        }
        for name in identity:
            errors[name] = _("This differs from the record of the person with this personal number.")
        raise ValidationError(errors)
    contact = _differing(person, {name: values[name] for name in CONTACT_FIELDS})
    if contact:
        raise ValidationError(
            {
                name: _(
                    "This differs from the contact details on the person's record. Leave it empty to "
                    "keep the record as it is; contact details are changed on the person's record."
                )
                for name in contact
            }
        )
    if household is not None and person.household_id != household.pk:
        # Registering a member of another household moves the person there; the move is kept.
        PersonEvent.objects.create(
            person=person,
            actor=actor,
            action=PersonEvent.Action.UPDATED,
            changes={"household": [person.household_id, household.pk]},
        )
        person.household = household
        person.save(update_fields=["household"])
    return person


@transaction.atomic
def person_update(*, person: Person, actor, **fields: Any) -> Person:
    """Change a registered person's contact details (front desk) or correct who they are (head of
    service only). Only what changed is written, and kept in the person's history: who, when, from what."""
    unknown = [name for name in fields if name not in PERSON_FIELDS]
    if unknown:
        raise ValidationError({name: _("This field cannot be changed.") for name in unknown})
    if any(name in IDENTITY_FIELDS for name in fields):
        require_role(actor, Role.HEAD_OF_SERVICE)
    else:
        require_role(actor, *ROLES[Action.EDIT_APPLICANT])
    person = Person.objects.select_for_update().get(pk=person.pk)
    if "birth_date" in fields:
        _not_in_future("birth_date", fields["birth_date"])
    data = {name: value.strip() if isinstance(value, str) else value for name, value in fields.items()}
    changed = model_update(
        instance=person, fields=list(PERSON_FIELDS), data=data, clean_exclude=["household"]
    )
    if changed:
        PersonEvent.objects.create(
            person=person,
            actor=actor,
            action=PersonEvent.Action.UPDATED,
            changes={name: [_plain(old), _plain(new)] for name, (old, new) in changed.items()},
        )
    return person


@transaction.atomic
def consent_give(*, actor, person: Person, purpose: str, given_on: datetime.date, note: str = "") -> Consent:
    require_role(actor, Role.FRONT_DESK, Role.SOCIAL_WORKER)
    _not_in_future("given_on", given_on)
    existing = person.consents.filter(purpose=purpose, withdrawn_on__isnull=True).first()
    if existing is not None:
        return existing
    consent = Consent(person=person, purpose=purpose, given_on=given_on, note=note)
    _full_clean(consent)
    consent.save()
    return consent


@transaction.atomic
def consent_withdraw(*, actor, consent: Consent, withdrawn_on: datetime.date) -> Consent:
    require_role(actor, *ROLES[Action.WITHDRAW_CONSENT])
    _not_in_future("withdrawn_on", withdrawn_on)
    if consent.withdrawn_on is not None:
        raise ValidationError({"withdrawn_on": _("This consent was already withdrawn.")})
    if withdrawn_on < consent.given_on:
        raise ValidationError({"withdrawn_on": _("A consent cannot be withdrawn before it was given.")})
    consent.withdrawn_on = withdrawn_on
    consent.save(update_fields=["withdrawn_on"])
    return consent

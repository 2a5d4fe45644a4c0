"""Writes to the citizen register: households, persons (found by personal number) and consents."""

from __future__ import annotations

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipal_platform.roles import Role, require_role

from ..models import Consent, Household, Person
from ._common import _full_clean, _not_in_future


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

"""Everything the municipality holds about one person, gathered for the person's request (the Georgian Law
on Personal Data Protection, 2023: access and erasure). Read only; programmes/services/personal_data.py
exports it (JSON, PDF) and erases what the law allows."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db.models import Prefetch

from municipal_platform.schemas import current_tenant

from .models import ApplicationEvent, BenefitApplication, Person, PersonEvent


def _plain(value: Any) -> Any:
    if isinstance(value, Decimal):
        return str(value)
    if hasattr(value, "isoformat"):
        return value.isoformat()
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_plain(v) for v in value]
    return value


def _who(user) -> str:
    return (user.get_full_name() or user.username) if user else ""


def person_is_erased(*, person: Person) -> bool:
    return person.events.filter(action=PersonEvent.Action.ERASED).exists()


def person_kept_applications(*, person: Person):
    """Applications with a decision: kept with their decisions, payments and history (public-money and
    administrative records), whatever the person asks."""
    return person.applications.exclude(status__in=BenefitApplication.DECIDABLE_STATUSES)


def person_case_numbers(*, person: Person) -> list[str]:
    """The child and family cases the person's records belong to (as a child of the case, or a member of
    its household): the case file is a child-protection record the municipality keeps, so the person's
    name, personal number, household and the consents its referrals rest on stay with it."""
    from django.apps import apps

    case_model = apps.get_model("child_support", "Case")
    cases = case_model.objects.filter(children__person=person)
    if person.household_id is not None:
        cases = cases | case_model.objects.filter(household_id=person.household_id)
    return sorted({c.number for c in cases.distinct()})


def person_data(*, person: Person) -> dict[str, Any]:
    """The person's records across the register, as plain JSON values (ISO dates, amounts as strings)."""
    person = (
        Person.objects.select_related("household")
        .prefetch_related(
            "consents",
            Prefetch("events", queryset=PersonEvent.objects.select_related("actor").order_by("at", "id")),
            Prefetch(
                "applications",
                queryset=BenefitApplication.objects.select_related("service__programme", "decided_by")
                .prefetch_related(
                    "payments",
                    Prefetch(
                        "events",
                        queryset=ApplicationEvent.objects.select_related("actor").order_by("at", "id"),
                    ),
                )
                .order_by("received_on", "id"),
            ),
        )
        .get(pk=person.pk)
    )
    tenant = current_tenant()
    household = person.household
    return _plain(
        {
            "municipality": {"slug": tenant.slug, "name": tenant.name_ka} if tenant else None,
            "person": {
                "id": person.pk,
                "first_name": person.first_name,
                "last_name": person.last_name,
                "personal_number": person.personal_number,
                "sex": person.sex,
                "birth_date": person.birth_date,
                "phone": person.phone,
                "email": person.email,
            },
            "household": None
            if household is None
            else {
                "settlement": household.settlement,
                "address": household.address,
                # other members are other people's data: only how many
                "other_members": household.members.exclude(pk=person.pk).count(),
            },
            "consents": [
                {
                    "purpose": c.purpose,
                    "given_on": c.given_on,
                    "withdrawn_on": c.withdrawn_on,
                    "note": c.note,
                }
                for c in sorted(person.consents.all(), key=lambda c: (c.given_on, c.pk))
            ],
            "applications": [
                {
                    "number": a.number,
                    "programme": str(a.service.programme),
                    "service": a.service.name_ka,
                    "channel": a.channel,
                    "received_on": a.received_on,
                    "status": a.status,
                    "requested_amount": a.requested_amount,
                    "decided_on": a.decided_on,
                    "decided_by": _who(a.decided_by),
                    "decided_amount": a.decided_amount,
                    "decision_reason": a.decision_reason,
                    "service_ended_on": a.service_ended_on,
                    "payments": [
                        {"paid_on": p.paid_on, "amount": p.amount}
                        for p in sorted(a.payments.all(), key=lambda p: (p.paid_on, p.pk))
                    ],
                    "history": [
                        {"at": e.at, "by": _who(e.actor), "action": e.action, "changes": e.changes}
                        for e in a.events.all()
                    ],
                }
                for a in person.applications.all()
            ],
            "history": [
                {"at": e.at, "by": _who(e.actor), "action": e.action, "changes": e.changes}
                for e in person.events.all()
            ],
        }
    )

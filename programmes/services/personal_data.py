"""A person's rights over their data: a copy of everything held (JSON and PDF), and erasure where the law
allows it, keeping what must be kept (decisions and payments) and saying why. Head of service only;
both are recorded in the person's history."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from municipal_platform import pdf
from municipal_platform.roles import Role, require_role

from .. import selectors_personal_data as data_selectors
from ..models import BenefitApplication, Household, Person, PersonEvent

FORMATS = ("json", "pdf")


def kept_reason() -> str:
    return _(
        "Decisions and payments are records of public money and of administrative decisions that the "
        "municipality must keep; the name and personal number stay only to identify the person they concern."
    )


@transaction.atomic
def person_data_export(*, actor, person: Person, fmt: str) -> bytes:
    """The person's data as a JSON document or a PDF, for handing to the person; the export is recorded
    in the person's history (who, when, which format)."""
    require_role(actor, Role.HEAD_OF_SERVICE)
    if fmt not in FORMATS:
        raise ValidationError({"format": _("Choose JSON or PDF.")})
    content = data_selectors.person_data(person=person)
    content["exported_at"] = timezone.now().isoformat()
    PersonEvent.objects.create(
        person=person, actor=actor, action=PersonEvent.Action.DATA_EXPORTED, changes={"format": fmt}
    )
    if fmt == "json":
        return json.dumps(content, ensure_ascii=False, indent=2).encode()
    return _pdf(content)


@dataclass
class Erasure:
    removed: list[str] = field(default_factory=list)
    kept: list[str] = field(default_factory=list)
    reason_kept: str = ""


def person_erasure_plan(*, person: Person) -> Erasure:
    """What erasing the person would remove and what it must keep (the page shows it before asking)."""
    kept_numbers = list(
        data_selectors.person_kept_applications(person=person).values_list("number", flat=True)
    )
    removed = [
        _("phone"),
        _("e-mail"),
        _("date of birth"),
        _("household and its address"),
        _("consents"),
        _("values in the history of changes"),
    ]
    case_numbers = data_selectors.person_case_numbers(person=person)
    kept = [_("application %(number)s with its decision and payments") % {"number": n} for n in kept_numbers]
    if case_numbers:
        removed = [
            _("phone"),
            _("e-mail"),
            _("consents no referral rests on"),
            _("values in the history of changes"),
        ]
        kept += [
            _("child and family case %(number)s with its household, referrals and the consents they rest on")
            % {"number": n}
            for n in case_numbers
        ]
    if kept_numbers or case_numbers:
        kept.insert(0, _("first name, last name and personal number"))
    else:
        removed[:0] = [_("first name, last name and personal number")]
    reason = kept_reason() if kept_numbers else ""
    if case_numbers:
        reason = " ".join(
            part
            for part in (
                reason,
                str(
                    _("A child and family case file is a child-protection record the municipality must keep.")
                ),
            )
            if part
        )
    return Erasure(removed=removed, kept=kept, reason_kept=reason)


@transaction.atomic
def person_erase(*, actor, person: Person, reason: str) -> Erasure:
    """Erase the person's data where the law allows: contact details, date of birth, household, consents
    and the old values in their history always; name and personal number too unless a decision about them
    is kept. Decided applications, their decisions, payments and history stay (see `kept_reason`).

    Refused while an application is undecided (decide it first, e.g. reject it at the person's request),
    and for a person already erased. Recorded in the person's history with the reason.
    """
    require_role(actor, Role.HEAD_OF_SERVICE)
    person = Person.objects.select_for_update().get(pk=person.pk)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError(
            {"reason": _("Give the reason for the erasure (e.g. the person's request and its date).")}
        )
    if data_selectors.person_is_erased(person=person):
        raise ValidationError({"person": _("This person's data has already been erased.")})
    open_numbers = list(
        person.applications.filter(status__in=BenefitApplication.DECIDABLE_STATUSES).values_list(
            "number", flat=True
        )
    )
    if open_numbers:
        raise ValidationError(
            {
                "person": _(
                    "Application %(numbers)s is not decided yet: decide it first (reject it if the person "
                    "withdraws it), then erase."
                )
                % {"numbers": ", ".join(open_numbers)}
            }
        )
    plan = person_erasure_plan(person=person)
    in_case = bool(data_selectors.person_case_numbers(person=person))
    household = person.household
    person.phone = ""
    person.email = ""
    if not in_case:
        # a case file keeps the child's date of birth and the family it concerns
        person.birth_date = None
        person.household = None
    if not in_case and not data_selectors.person_kept_applications(person=person).exists():
        person.first_name = "—"
        person.last_name = "—"
        # unique and never a real number (real ones are 11 digits)
        person.personal_number = f"X{person.pk:010d}"[-11:]
    person.save()
    if household is not None and not in_case and not household.members.exists():
        Household.objects.filter(pk=household.pk).delete()
    # consents a referral of a case rests on stay with the referral
    person.consents.exclude(pk__in=_consents_in_referrals()).delete()
    person.events.update(changes={})
    PersonEvent.objects.create(
        person=person,
        actor=actor,
        action=PersonEvent.Action.ERASED,
        changes={
            "erasure_reason": reason,
            "removed": "; ".join(plan.removed),
            "kept": "; ".join(plan.kept),
            "why_kept": plan.reason_kept,
        },
    )
    return plan


def _consents_in_referrals():
    from django.apps import apps

    return (
        apps.get_model("child_support", "Referral").objects.filter(consent__isnull=False).values("consent_id")
    )


# -- the PDF -----------------------------------------------------------------------------------------


def _pdf(content: dict[str, Any]) -> bytes:
    person = content["person"]
    name = f"{person['first_name']} {person['last_name']}"
    flow: list = [
        pdf.paragraph(_("Personal data held about %(name)s") % {"name": name}, 16, bold=True, space_after=4),
        pdf.paragraph(
            _("%(municipality)s · exported %(at)s")
            % {
                "municipality": (content.get("municipality") or {}).get("name", ""),
                "at": content["exported_at"][:16].replace("T", " "),
            },
            9,
        ),
        pdf.spacer(),
        pdf.paragraph(_("The person's record"), 12, bold=True),
        pdf.table(
            [
                [_("first name"), person["first_name"]],
                [_("last name"), person["last_name"]],
                [_("personal number"), person["personal_number"]],
                [_("sex"), dict(Person.Sex.choices).get(person["sex"], person["sex"])],
                [_("date of birth"), person["birth_date"] or "—"],
                [_("phone"), person["phone"] or "—"],
                [_("e-mail"), person["email"] or "—"],
            ],
            [50, 125],
            header=False,
        ),
    ]
    household = content["household"]
    if household:
        flow += [
            pdf.spacer(),
            pdf.paragraph(_("Household"), 12, bold=True),
            pdf.table(
                [
                    [_("settlement"), household["settlement"] or "—"],
                    [_("address"), household["address"] or "—"],
                    [_("other members"), household["other_members"]],
                ],
                [50, 125],
                header=False,
            ),
        ]
    flow += [pdf.spacer(), pdf.paragraph(_("Consents"), 12, bold=True)]
    flow.append(
        pdf.table(
            [[_("purpose"), _("given on"), _("withdrawn on")]]
            + [[c["purpose"], c["given_on"], c["withdrawn_on"] or "—"] for c in content["consents"]],
            [85, 45, 45],
        )
        if content["consents"]
        else pdf.paragraph("—")
    )
    flow += [pdf.spacer(), pdf.paragraph(_("Applications, decisions and payments"), 12, bold=True)]
    for a in content["applications"]:
        paid = ", ".join(f"{p['paid_on']}: {p['amount']} GEL" for p in a["payments"]) or "—"
        flow += [
            pdf.table(
                [
                    [_("registration number"), a["number"]],
                    [_("service"), f"{a['service']} ({a['programme']})"],
                    [_("received on"), a["received_on"]],
                    [_("status"), dict(BenefitApplication.Status.choices).get(a["status"], a["status"])],
                    [_("decided on"), a["decided_on"] or "—"],
                    [_("decided amount, GEL"), a["decided_amount"] or "—"],
                    [_("decision reason"), a["decision_reason"] or "—"],
                    [_("payments"), paid],
                ],
                [50, 125],
                header=False,
            ),
            pdf.spacer(2),
        ]
    if not content["applications"]:
        flow.append(pdf.paragraph("—"))
    flow += [pdf.spacer(), pdf.paragraph(_("History of the record"), 12, bold=True)]
    rows = [[_("when"), _("by"), _("what")]]
    for e in content["history"]:
        label = dict(PersonEvent.Action.choices).get(e["action"], e["action"])
        rows.append([e["at"][:16].replace("T", " "), e["by"] or "—", label])
    flow.append(pdf.table(rows, [40, 50, 85]) if len(rows) > 1 else pdf.paragraph("—"))
    return pdf.document(flow, title=_("Personal data held about %(name)s") % {"name": name})

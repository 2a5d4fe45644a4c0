"""Pages of what a family gets: in-kind aid (with the family's cap in view), referrals (the fields their
kind asks for, the guardian's consent or the head's override, the violence duty) and a referral's status."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipal_platform import clock
from municipal_platform.roles import role_required
from programmes.models import BudgetLine, Consent, Service

from .. import selectors_aid, services, visibility
from ..forms import ProvisionForm, ProvisionItemFormSet, ReferralForm, ReferralStatusForm, filled_rows
from ._common import CASE_WRITERS, apply_errors, read_case_for_change
from .work import _posted, _saved


def _budget_lines(**filters):
    return (
        BudgetLine.objects.filter(**filters)
        .select_related("service")
        .order_by("-year", "service__position", "service__code")
    )


@role_required(*CASE_WRITERS)
def provision_new(request, pk: int):
    case = read_case_for_change(request, pk, "provision_new")
    today = clock.today()
    data = request.POST if request.method == "POST" else None
    form = ProvisionForm(
        data, budget_lines=_budget_lines(service__kind=Service.Kind.IN_KIND), initial={"delivered_on": today}
    )
    items = ProvisionItemFormSet(data, prefix="items")
    sections: dict[str, list[str]] = {}
    if request.method == "POST" and form.is_valid() & items.is_valid():
        values = form.cleaned_data
        try:
            services.provision_record(
                actor=request.user,
                case_id=case.pk,
                category=values["category"],
                budget_line_id=values["budget_line"].pk,
                delivered_on=values["delivered_on"],
                handed_over_by=values["handed_over_by"],
                received_by=values["received_by"],
                items=filled_rows(items),
            )
        except ValidationError as exc:
            sections = apply_errors(exc, form, "items", "total")
        else:
            return _saved(request, case, _("The aid was recorded."))
    context = {
        "form": form,
        "items": items,
        "case": case,
        "sections": sections,
        "aid": selectors_aid.family_aid(household_id=case.household_id, year=today.year),
    }
    return render(
        request, "child_support/provision_new.html", context, status=422 if data is not None else 200
    )


@role_required(*CASE_WRITERS)
def referral_new(request, pk: int):
    case = read_case_for_change(request, pk, "referral_new")
    consents = Consent.objects.filter(
        person__household_id=case.household_id, purpose=Consent.Purpose.REFERRAL, withdrawn_on__isnull=True
    ).select_related("person")
    form = ReferralForm(
        request.POST or None,
        case=case,
        consents=consents,
        budget_lines=_budget_lines(),
        may_override=visibility.is_head(request.user),
        initial={"referred_on": clock.today()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.referral_create(actor=request.user, case_id=case.pk, **form.service_kwargs())
        except ValidationError as exc:
            apply_errors(exc, form)
        else:
            return _saved(request, case, _("The referral was recorded."))
    context = {"form": form, "case": case, "kind_fields": ReferralForm.KIND_FIELDS}
    return render(
        request, "child_support/referral_new.html", context, status=422 if request.method == "POST" else 200
    )


@require_POST
@role_required(*CASE_WRITERS)
def referral_status(request, pk: int, referral_id: int):
    form = ReferralStatusForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            for message in errors:
                messages.error(request, message)
        return redirect("child_support:case_detail", pk=pk)
    data = form.cleaned_data
    return _posted(
        request,
        pk,
        lambda: services.referral_status(
            actor=request.user,
            referral_id=referral_id,
            status=data["status"],
            reason=data["reason"],
            outcome=data["outcome"],
        ),
        _("The referral's status was changed."),
    )

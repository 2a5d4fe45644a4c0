"""Staff pages of the programmes register. Each view validates input, calls one service or selector,
and renders; role checks are repeated here only to refuse early (the services enforce them)."""

from __future__ import annotations

import datetime
from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipal_platform.roles import MUNICIPALITY_ROLES, Role, has_role, require_role

from . import exports, selectors, services
from .forms import (
    ApplicationCorrectionForm,
    ApplicationFilterForm,
    ApplicationRegisterForm,
    BudgetLineForm,
    DateOnlyForm,
    DecisionForm,
    PaymentForm,
    PersonForm,
    ProgrammeForm,
    ServiceForm,
    SummaryFilterForm,
    apply_service_errors,
)
from .models import BenefitApplication, BudgetLine, Consent, Person, Programme, Service

# Who may open which page. Council members see aggregates only (budget, summary, catalogue).
# Commission members see only cases put before the commission (DESIGN.md); benefit applications are
# never put before it, so they have no place in the register, its exports or an application's page.
REGISTER_READERS = (Role.FRONT_DESK, Role.HEAD_OF_SERVICE)
BUDGET_READERS = (Role.HEAD_OF_SERVICE, Role.COMMISSION_MEMBER, Role.COUNCIL_MEMBER)
ALL_MUNICIPAL = tuple(MUNICIPALITY_ROLES)
Status = BenefitApplication.Status


def role_required(*roles):
    def decorator(view):
        @wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            require_role(request.user, *roles)
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _today() -> datetime.date:
    return services.today()


# --- catalogue ---------------------------------------------------------------------------------------


@role_required(*ALL_MUNICIPAL)
def catalogue(request):
    years = selectors.years_with_programmes()
    year = _int(request.GET.get("year"))
    programmes = selectors.programme_list(year=year)
    return render(
        request,
        "programmes/catalogue.html",
        {
            "programmes": programmes,
            "years": years,
            "year": year,
            "can_edit": has_role(request.user, Role.HEAD_OF_SERVICE),
        },
    )


def _int(value) -> int | None:
    try:
        return int(value)
    except (TypeError, ValueError):
        return None


@role_required(Role.HEAD_OF_SERVICE)
def programme_edit(request, pk: int | None = None):
    programme = get_object_or_404(Programme, pk=pk) if pk else None
    form = ProgrammeForm(request.POST or None, instance=programme)
    if request.method == "POST" and form.is_valid():
        try:
            if programme is None:
                programme = services.programme_create(created_by=request.user, **form.cleaned_data)
            else:
                programme = services.programme_update(
                    programme=programme, updated_by=request.user, **form.cleaned_data
                )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The programme was saved."))
            return redirect(reverse("programmes:catalogue") + f"?year={programme.year}")
    title = _("Edit programme") if programme else _("New programme")
    return render(
        request,
        "programmes/form.html",
        {"form": form, "title": title, "back": reverse("programmes:catalogue")},
    )


@role_required(Role.HEAD_OF_SERVICE)
def service_edit(request, programme_pk: int | None = None, pk: int | None = None):
    service = get_object_or_404(Service.objects.select_related("programme"), pk=pk) if pk else None
    programme = service.programme if service else get_object_or_404(Programme, pk=programme_pk)
    form = ServiceForm(request.POST or None, instance=service)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            if service is None:
                service = services.service_create(
                    created_by=request.user,
                    programme=programme,
                    code=data.pop("code"),
                    name_ka=data.pop("name_ka"),
                    kind=data.pop("kind"),
                    **data,
                )
            else:
                # The ModelForm already wrote the values on the instance; pass them to the service.
                services.service_update(service=service, updated_by=request.user, **data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The service was saved."))
            return redirect(reverse("programmes:catalogue") + f"?year={programme.year}")
    title = (_("Edit service") if service else _("New service")) + f" · {programme.name_ka} {programme.year}"
    return render(
        request,
        "programmes/form.html",
        {"form": form, "title": title, "back": reverse("programmes:catalogue")},
    )


@role_required(Role.HEAD_OF_SERVICE)
def budget_line_edit(request, service_pk: int):
    service = get_object_or_404(Service.objects.select_related("programme"), pk=service_pk)
    line = BudgetLine.objects.filter(service=service, year=service.programme.year).first()
    initial = {"planned": line.planned, "funding_source": line.funding_source} if line else {}
    form = BudgetLineForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.budget_line_set(set_by=request.user, service=service, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The budget line was saved."))
            return redirect(reverse("programmes:budget") + f"?year={service.programme.year}")
    title = _("Budget line %(year)s · %(service)s") % {
        "year": service.programme.year,
        "service": service.name_ka,
    }
    return render(
        request, "programmes/form.html", {"form": form, "title": title, "back": reverse("programmes:budget")}
    )


# --- the application register -----------------------------------------------------------------------


def _filters_from(request) -> tuple[ApplicationFilterForm, selectors.ApplicationFilters, int]:
    form = ApplicationFilterForm(request.GET or None, services_qs=selectors.service_list())
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ApplicationFilters(
            service=data["service"].pk if data.get("service") else None,
            status=data.get("status") or "",
            channel=data.get("channel") or "",
            received_from=data.get("received_from"),
            received_to=data.get("received_to"),
            q=data.get("q") or "",
        )
        per_page = data.get("per_page") or 25
    else:
        filters, per_page = selectors.ApplicationFilters(), 25
    return form, filters, per_page


@role_required(*REGISTER_READERS)
def application_list(request):
    form, filters, per_page = _filters_from(request)
    page = Paginator(selectors.application_list(filters=filters), per_page).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "can_register": has_role(request.user, Role.FRONT_DESK),
    }
    template = "programmes/_register_table.html" if request.htmx else "programmes/register.html"
    return render(request, template, context)


@role_required(*REGISTER_READERS)
def application_export(request, fmt: str):
    _form, filters, _per_page = _filters_from(request)
    rows = exports.register_rows(selectors.application_list(filters=filters))
    name = f"applications-{_today():%Y%m%d}"
    if fmt == "csv":
        return exports.csv_response(name, exports.register_header(), rows)
    if fmt == "xlsx":
        return exports.xlsx_response(name, _("Applications"), exports.register_header(), rows)
    raise Http404


@role_required(*REGISTER_READERS)
def application_detail(request, pk: int):
    try:
        application = selectors.application_detail(pk=pk)
    except BenefitApplication.DoesNotExist as exc:
        raise Http404 from exc
    user = request.user
    status = application.status
    context = {
        "application": application,
        "can_review": status == Status.RECEIVED and has_role(user, Role.HEAD_OF_SERVICE),
        "can_decide": status in services.DECIDABLE and has_role(user, Role.HEAD_OF_SERVICE),
        "can_pay": status in (Status.APPROVED, Status.PAID)
        and bool(application.decided_amount)
        and application.paid_total < application.decided_amount
        and has_role(user, Role.HEAD_OF_SERVICE),
        "can_deliver": status == Status.APPROVED
        and not application.decided_amount
        and has_role(user, Role.HEAD_OF_SERVICE),
        "can_end": status == Status.PAID and has_role(user, Role.HEAD_OF_SERVICE, Role.FRONT_DESK),
        "can_correct": status in services.DECIDABLE and has_role(user, Role.FRONT_DESK),
        "can_withdraw_consent": has_role(user, Role.FRONT_DESK),
        "can_edit_person": has_role(user, Role.FRONT_DESK),
        "today": _today(),
    }
    return render(request, "programmes/detail.html", context)


@role_required(Role.FRONT_DESK)
def application_create(request):
    services_qs = selectors.service_list()
    form = ApplicationRegisterForm(
        request.POST or None,
        services_qs=services_qs,
        initial={"received_on": _today(), "channel": "paper", "feedback_form_handed": True},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            with transaction.atomic():
                household = None
                if data["household_of"]:
                    member = (
                        Person.objects.select_related("household")
                        .filter(personal_number=data["household_of"])
                        .first()
                    )
                    if member is None or member.household is None:
                        raise ValidationError(
                            {"household_of": _("Nobody with this personal number is registered.")}
                        )
                    household = member.household
                person = services.person_register(
                    registered_by=request.user,
                    personal_number=data["personal_number"],
                    first_name=data["first_name"],
                    last_name=data["last_name"],
                    sex=data["sex"],
                    birth_date=data["birth_date"],
                    phone=data["phone"],
                    email=data["email"],
                    settlement=data["settlement"],
                    address=data["address"],
                    household=household,
                )
                application = services.application_register(
                    registered_by=request.user,
                    applicant=person,
                    service=data["service"],
                    channel=data["channel"],
                    received_on=data["received_on"],
                    requested_amount=data["requested_amount"],
                    feedback_form_handed=data["feedback_form_handed"],
                )
                if data["consent_social_status"]:
                    services.consent_give(
                        recorded_by=request.user,
                        person=person,
                        purpose=Consent.Purpose.SOCIAL_STATUS_DATA,
                        given_on=data["received_on"],
                    )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Application %(number)s was registered.") % {"number": application.number}
            )
            return redirect("programmes:application-detail", pk=application.pk)
    return render(request, "programmes/register_form.html", {"form": form})


def _application_action(
    request, pk: int, form_class, initial, act, template_title: str, allowed_statuses=None, **form_kwargs
):
    application = get_object_or_404(BenefitApplication.objects.select_related("service", "applicant"), pk=pk)
    if request.method == "GET" and allowed_statuses and application.status not in allowed_statuses:
        messages.error(
            request,
            _("This is not possible while the application is “%(status)s”.")
            % {"status": application.get_status_display()},
        )
        return redirect("programmes:application-detail", pk=application.pk)
    form = form_class(request.POST or None, initial=initial(application), **form_kwargs)
    if request.method == "POST" and form.is_valid():
        try:
            act(application, form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:application-detail", pk=application.pk)
    return render(
        request,
        "programmes/action_form.html",
        {"form": form, "application": application, "title": template_title},
        status=422 if request.method == "POST" else 200,
    )


@role_required(Role.FRONT_DESK)
def application_correct(request, pk: int):
    def act(application, data):
        services.application_update(application=application, updated_by=request.user, **data)

    def initial(application):
        return {name: getattr(application, name) for name in services.EDITABLE_FIELDS}

    return _application_action(
        request,
        pk,
        ApplicationCorrectionForm,
        initial,
        act,
        _("Correct the registration"),
        allowed_statuses=services.DECIDABLE,
        services_qs=selectors.service_list(),
    )


@role_required(Role.FRONT_DESK)
def person_edit(request, pk: int):
    """A registered person's record: the front desk changes contact details, the head of service may also
    correct the name, sex or date of birth. Every change is kept in the person's history."""
    person = get_object_or_404(Person, pk=pk)
    application_pk = _int(request.GET.get("application"))
    back = (
        reverse("programmes:application-detail", args=[application_pk])
        if application_pk
        else reverse("programmes:applications")
    )
    identity = has_role(request.user, Role.HEAD_OF_SERVICE)
    initial = {name: getattr(person, name) for name in services.PERSON_FIELDS}
    form = PersonForm(request.POST or None, initial=initial, identity=identity)
    if request.method == "POST" and form.is_valid():
        try:
            services.person_update(person=person, updated_by=request.user, **form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The person's record was saved."))
            return redirect(back)
    title = _("The record of %(name)s") % {"name": f"{person.first_name} {person.last_name}"}
    return render(request, "programmes/form.html", {"form": form, "title": title, "back": back})


@require_POST
@role_required(Role.FRONT_DESK)
def consent_withdraw(request, pk: int):
    consent = get_object_or_404(Consent, pk=pk)
    application_pk = request.POST.get("application")
    try:
        services.consent_withdraw(recorded_by=request.user, consent=consent, withdrawn_on=_today())
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The consent was withdrawn."))
    if application_pk and application_pk.isdigit():
        return redirect("programmes:application-detail", pk=int(application_pk))
    return redirect("programmes:applications")


@role_required(Role.HEAD_OF_SERVICE)
def application_decide(request, pk: int):
    def act(application, data):
        services.application_decide(
            application=application,
            decided_by=request.user,
            approved=data["approved"],
            amount=data["amount"],
            reason=data["reason"],
            decided_on=data["decided_on"],
        )

    def initial(application):
        amount = (
            application.service.amount
            if application.service.amount_rule == Service.AmountRule.FIXED
            else None
        )
        return {"decided_on": _today(), "approved": "yes", "amount": application.requested_amount or amount}

    return _application_action(request, pk, DecisionForm, initial, act, _("Decision"), services.DECIDABLE)


@role_required(Role.HEAD_OF_SERVICE)
def payment_create(request, pk: int):
    def act(application, data):
        services.payment_record(application=application, recorded_by=request.user, **data)

    def initial(application):
        return {"paid_on": _today(), "amount": application.decided_amount}

    return _application_action(
        request, pk, PaymentForm, initial, act, _("Payment"), (Status.APPROVED, Status.PAID)
    )


@role_required(Role.HEAD_OF_SERVICE)
def application_deliver(request, pk: int):
    def act(application, data):
        services.application_mark_delivered(
            application=application, delivered_by=request.user, delivered_on=data["on"]
        )

    return _application_action(
        request, pk, DateOnlyForm, lambda a: {"on": _today()}, act, _("Service delivered")
    )


@role_required(Role.HEAD_OF_SERVICE, Role.FRONT_DESK)
def application_end(request, pk: int):
    def act(application, data):
        services.application_end_service(application=application, ended_by=request.user, ended_on=data["on"])

    return _application_action(
        request, pk, DateOnlyForm, lambda a: {"on": _today()}, act, _("End of service")
    )


@require_POST
@role_required(Role.HEAD_OF_SERVICE)
def application_review(request, pk: int):
    application = get_object_or_404(BenefitApplication, pk=pk)
    try:
        services.application_start_review(application=application, reviewed_by=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The application is under review."))
    return redirect("programmes:application-detail", pk=pk)


# --- budget and aggregates -------------------------------------------------------------------------------


def _budget_context(request):
    years = selectors.budget_years()
    year = _int(request.GET.get("year")) or (years[0] if years else _today().year)
    return year, years, selectors.budget_lines(year=year), selectors.budget_totals(year=year)


@role_required(*BUDGET_READERS)
def budget(request):
    year, years, lines, totals = _budget_context(request)
    return render(
        request,
        "programmes/budget.html",
        {
            "year": year,
            "years": years,
            "lines": lines,
            "totals": totals,
            "can_edit": has_role(request.user, Role.HEAD_OF_SERVICE),
        },
    )


@role_required(*BUDGET_READERS)
def budget_export(request, fmt: str):
    year, _years, lines, totals = _budget_context(request)
    rows = exports.budget_rows(lines, totals)
    name = f"budget-{year}"
    if fmt == "csv":
        return exports.csv_response(name, exports.budget_header(), rows)
    if fmt == "xlsx":
        return exports.xlsx_response(
            name, _("Budget %(year)s") % {"year": year}, exports.budget_header(), rows
        )
    raise Http404


@role_required(*ALL_MUNICIPAL)
def summary(request):
    """Aggregates per service for a period: what a council member may see (no names, no numbers)."""
    form = SummaryFilterForm(request.GET or None)
    received_from = received_to = None
    if form.is_bound and form.is_valid():
        received_from, received_to = form.cleaned_data["received_from"], form.cleaned_data["received_to"]
    summary = selectors.summary_for(user=request.user, received_from=received_from, received_to=received_to)
    return render(
        request,
        "programmes/summary.html",
        {"form": form, "rows": summary.rows, "totals": summary.totals, "threshold": summary.threshold},
    )

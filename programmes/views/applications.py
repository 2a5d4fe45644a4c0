"""Pages of the application register: the list and its exports, registering an application, its page,
and one page per workflow step (correct, review, decide, pay, deliver, end the service)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipal_platform import clock
from municipal_platform.errors import apply_service_errors
from municipal_platform.roles import Role, has_role, role_required

from .. import exports, selectors, services
from ..forms import (
    ApplicationCorrectionForm,
    ApplicationFilterForm,
    ApplicationRegisterForm,
    DateOnlyForm,
    DecisionForm,
    PaymentForm,
)
from ..models import Service
from ..workflow import Action
from ._common import REGISTER_READERS, found


def _filters_from(request) -> tuple[ApplicationFilterForm, selectors.ApplicationFilters, int]:
    form = ApplicationFilterForm(request.GET or None, services_qs=selectors.service_list())
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = selectors.ApplicationFilters.of(
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
        "can_decide": has_role(request.user, Role.HEAD_OF_SERVICE),
    }
    template = "programmes/_register_table.html" if request.htmx else "programmes/register.html"
    return render(request, template, context)


@role_required(*REGISTER_READERS)
def application_export(request, fmt: str):
    _form, filters, _per_page = _filters_from(request)
    rows = exports.register_rows(selectors.application_list(filters=filters))
    name = f"applications-{clock.today():%Y%m%d}"
    if fmt == "csv":
        return exports.csv_response(name, exports.register_header(), rows)
    if fmt == "xlsx":
        return exports.xlsx_response(name, _("Applications"), exports.register_header(), rows)
    raise Http404


@role_required(*REGISTER_READERS)
def application_detail(request, pk: int):
    application = found(selectors.application_detail, pk=pk)
    context = {
        "application": application,
        # The buttons the page shows: the steps the services would accept from this user now.
        "actions": selectors.allowed_actions(application, request.user),
        "today": clock.today(),
    }
    return render(request, "programmes/detail.html", context)


@role_required(Role.HEAD_OF_SERVICE)
def decision_queue(request):
    """The applications waiting for the head's decision, the longest waiting first, with the days each
    has waited since it was received."""
    today = clock.today()
    rows = [
        (application, (today - application.received_on).days) for application in selectors.decision_queue()
    ]
    return render(request, "programmes/queue.html", {"rows": rows, "today": today})


@role_required(Role.FRONT_DESK)
def application_create(request):
    form = ApplicationRegisterForm(
        request.POST or None,
        services_qs=selectors.service_list(),
        initial={"received_on": clock.today(), "channel": "paper", "feedback_form_handed": True},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            application = services.application_intake(
                actor=request.user,
                applicant={name: data[name] for name in services.APPLICANT_FIELDS},
                application={name: data[name] for name in services.APPLICATION_FIELDS},
                consent_social_status=data["consent_social_status"],
                household_of=data["household_of"],
            )
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(
                request, _("Application %(number)s was registered.") % {"number": application.number}
            )
            return redirect("programmes:application_detail", pk=application.pk)
    return render(request, "programmes/register_form.html", {"form": form})


class _TryOnly(Exception):
    """Raised inside a transaction to undo a step that was only tried (to confirm it before doing it)."""


def _application_action(
    request, pk: int, action: Action, form_class, initial, act, title: str, confirm=None, **form_kwargs
):
    """The page of one workflow step: its form, filled from ``initial(application)``; on a valid post,
    ``act(application, cleaned_data)`` calls the step's service. A step the application's state does not
    allow is not offered: the page sends the user back to the application.

    With ``confirm(application, cleaned_data) -> question``, a valid post is first only tried (the
    service runs and is rolled back, so its refusals show on the form at once); when it would succeed,
    the page asks the question and does the step only when the user confirms it."""
    application = found(selectors.application_for_action, pk=pk)
    if request.method == "GET" and action not in selectors.allowed_actions(application, request.user):
        messages.error(
            request,
            _("This is not possible while the application is “%(status)s”.")
            % {"status": application.get_status_display()},
        )
        return redirect("programmes:application_detail", pk=application.pk)
    form = form_class(request.POST or None, initial=initial(application), **form_kwargs)
    question = None
    if request.method == "POST" and form.is_valid():
        confirmed = confirm is None or request.POST.get("confirmed") == "1"
        try:
            if confirmed:
                act(application, form.cleaned_data)
            else:
                with transaction.atomic():
                    act(application, form.cleaned_data)
                    raise _TryOnly
        except _TryOnly:
            application = found(selectors.application_for_action, pk=pk)  # as before the try
            question = confirm(application, form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("Saved."))
            return redirect("programmes:application_detail", pk=application.pk)
    context = {"form": form, "application": application, "title": title, "question": question}
    status = 200 if request.method == "GET" or question else 422
    return render(request, "programmes/action_form.html", context, status=status)


@role_required(Role.FRONT_DESK)
def application_correct(request, pk: int):
    def act(application, data):
        services.application_update(application=application, actor=request.user, **data)

    def initial(application):
        return {name: getattr(application, name) for name in services.EDITABLE_FIELDS}

    return _application_action(
        request,
        pk,
        Action.CORRECT,
        ApplicationCorrectionForm,
        initial,
        act,
        _("Correct the registration"),
        services_qs=selectors.service_list(),
    )


@role_required(Role.HEAD_OF_SERVICE)
def application_decide(request, pk: int):
    def act(application, data):
        services.application_decide(
            application=application,
            actor=request.user,
            approved=data["approved"],
            amount=data["amount"],
            reason=data["reason"],
            decided_on=data["decided_on"],
        )

    def confirm(application, data):
        # names the applicant and the amount, so one click never decides the wrong application
        applicant = application.applicant
        names = {
            "name": f"{applicant.first_name} {applicant.last_name}",
            "personal_number": applicant.personal_number,
            "number": application.number,
        }
        if not data["approved"]:
            return (
                _("Refuse application %(number)s of %(name)s (personal number %(personal_number)s)?") % names
            )
        amount = data["amount"]
        if amount is None and application.service.amount_rule == Service.AmountRule.FIXED:
            amount = application.service.amount
        if amount is None:
            return (
                _(
                    "Approve application %(number)s of %(name)s (personal number %(personal_number)s), "
                    "without an amount?"
                )
                % names
            )
        return _(
            "Approve application %(number)s of %(name)s (personal number %(personal_number)s) "
            "for %(amount)s GEL?"
        ) % {**names, "amount": amount}

    # Nothing is preselected: the decision, the amount and the date are each the head's own entry.
    return _application_action(
        request, pk, Action.DECIDE, DecisionForm, lambda a: {}, act, _("Decision"), confirm=confirm
    )


@role_required(Role.HEAD_OF_SERVICE)
def payment_create(request, pk: int):
    def act(application, data):
        services.payment_record(application=application, actor=request.user, **data)

    def initial(application):
        return {"paid_on": clock.today(), "amount": application.decided_amount}

    return _application_action(request, pk, Action.PAY, PaymentForm, initial, act, _("Payment"))


@role_required(Role.HEAD_OF_SERVICE)
def application_deliver(request, pk: int):
    def act(application, data):
        services.application_mark_delivered(
            application=application, actor=request.user, delivered_on=data["on"]
        )

    return _application_action(
        request,
        pk,
        Action.DELIVER,
        DateOnlyForm,
        lambda a: {"on": clock.today()},
        act,
        _("Service delivered"),
    )


@role_required(Role.HEAD_OF_SERVICE, Role.FRONT_DESK)
def application_end(request, pk: int):
    def act(application, data):
        services.application_end_service(application=application, actor=request.user, ended_on=data["on"])

    return _application_action(
        request,
        pk,
        Action.END_SERVICE,
        DateOnlyForm,
        lambda a: {"on": clock.today()},
        act,
        _("End of service"),
    )


@require_POST
@role_required(Role.HEAD_OF_SERVICE)
def application_review(request, pk: int):
    application = found(selectors.application_get, pk=pk)
    try:
        services.application_start_review(application=application, actor=request.user)
    except ValidationError as exc:
        for message in exc.messages:
            messages.error(request, message)
    else:
        messages.success(request, _("The application is under review."))
    return redirect("programmes:application_detail", pk=pk)

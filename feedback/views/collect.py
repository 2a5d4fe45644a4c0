"""Collect: box batches and keyboard entry of paper forms, the comment registry, open comments and themes."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.decorators.http import require_POST

from municipal_platform.clock import today
from municipal_platform.errors import apply_service_errors
from municipal_platform.periods import Period, period_or_error
from municipal_platform.roles import Role, role_required

from .. import selectors, services
from ..forms import (
    BatchCloseForm,
    BatchOpenForm,
    RegistryCommentForm,
    ThemeForm,
)
from ..forms_input import data_from_post, error_dict, first_error, general_errors, questions_with_values
from ..models import (
    AgeBand,
    Answer,
    BoxBatch,
    CommentTheme,
    RegistryComment,
)
from .common import COLLECTORS, PAGE_ROLES, message_service_error

# --- box batches and paper entry ----------------------------------------------------------------------


@role_required(*PAGE_ROLES["batch_list"])
def batch_list(request):
    if request.method == "POST":
        form = BatchOpenForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                batch = services.batch_open(
                    actor=request.user,
                    opened_on=d["opened_on"],
                    counted=d["counted"],
                    form=d["form"],
                    note=d["note"],
                )
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                return redirect("feedback:batch_detail", pk=batch.pk)
    else:
        form = BatchOpenForm(initial={"opened_on": today(), "form": selectors.paper_form_default()})
    batches = selectors.batches_recent()
    return render(request, "feedback/batch_list.html", {"form": form, "batches": batches})


@role_required(*COLLECTORS)
def batch_detail(request, pk: int):
    """Keyboard-only entry of the batch's paper forms: Tab between questions, arrows within, Enter saves."""
    batch = get_object_or_404(BoxBatch.objects.select_related("form", "opened_by"), pk=pk)
    version = selectors.current_version(batch.form)
    data, errors, status = None, {}, 200
    if request.method == "POST":
        data = data_from_post(request.POST, version)
        if request.POST.get("submitted_on"):
            data["submitted_on"] = request.POST["submitted_on"]
        try:
            services.batch_response_enter(actor=request.user, batch=batch, data=data)
        except ValidationError as exc:
            errors, status = error_dict(exc), 400
        else:
            messages.success(request, _("Form saved. Enter the next one."))
            return redirect("feedback:batch_detail", pk=batch.pk)
    ctx = {
        "batch": batch,
        "form": batch.form,
        "entered": selectors.batch_entered(batch),
        "questions": questions_with_values(version, data, errors),
        "services": selectors.service_choices() if batch.form.asks_service else [],
        "age_bands": AgeBand.values,
        "data": data or {},
        "errors": errors,
        "general_errors": general_errors(version, errors),
        "first_error": first_error(version, errors),
        "close_form": BatchCloseForm(),
    }
    return render(request, "feedback/batch_detail.html", ctx, status=status)


@role_required(*COLLECTORS)
@require_POST
def batch_close(request, pk: int):
    batch = get_object_or_404(BoxBatch, pk=pk)
    form = BatchCloseForm(request.POST)
    form.is_valid()
    try:
        services.batch_close(actor=request.user, batch=batch, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        message_service_error(request, exc)
        return redirect("feedback:batch_detail", pk=batch.pk)
    messages.success(request, _("The batch is closed."))
    return redirect("feedback:batch_list")


# --- comment registry and open comments ---------------------------------------------------------------


@role_required(*PAGE_ROLES["registry"])
def registry(request):
    if request.method == "POST":
        form = RegistryCommentForm(request.POST)
        if form.is_valid():
            try:
                services.registry_comment_record(actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(form, exc)
            else:
                messages.success(request, _("The comment was recorded."))
                return redirect("feedback:registry")
    else:
        form = RegistryCommentForm(initial={"received_on": today()})
    entries = selectors.registry_entries()
    return render(request, "feedback/registry.html", {"form": form, "entries": entries})


@role_required(*COLLECTORS)
def registry_correct(request, pk: int):
    """Correct a registry row; its history (recorded, each correction) is shown under the form."""
    comment = get_object_or_404(RegistryComment, pk=pk)
    initial = {name: getattr(comment, name) for name in services.REGISTRY_FIELDS}
    form = RegistryCommentForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.registry_comment_correct(actor=request.user, comment=comment, data=form.cleaned_data)
        except ValidationError as exc:
            apply_service_errors(form, exc)
        else:
            messages.success(request, _("The correction was saved."))
            return redirect("feedback:registry")
    events = comment.events.select_related("actor")
    return render(
        request, "feedback/registry_correct.html", {"form": form, "comment": comment, "events": events}
    )


def _day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


# the comments page's period fields as the user reads them
PERIOD_LABELS = {"from": _lazy("From"), "to": _lazy("To (last day)")}


def _period_input(data) -> tuple[datetime.date | None, datetime.date | None, dict[str, str]]:
    """The first and last day given (both included, either may be empty) and the errors, keyed by the
    label the user reads: a day that is not a date, or a period that ends before it starts."""
    days: dict[str, datetime.date | None] = {}
    errors: dict[str, str] = {}
    for field in ("from", "to"):
        raw = data.get(field) or ""
        days[field] = _day(raw) if raw else None
        if raw and days[field] is None:
            errors[str(PERIOD_LABELS[field])] = _("Give the date as YYYY-MM-DD.")
    first, last = days["from"], days["to"]
    if first and last:
        try:
            period_or_error(first, last)
        except ValidationError as exc:
            errors.update({str(PERIOD_LABELS["to"]): " ".join(exc.message_dict["to"])})
    return first, last, errors


def _pk(value: str | None) -> int | None:
    """A posted row id, None when absent; ValueError for anything that is not a whole number."""
    if not value:
        return None
    if not value.isdigit():
        raise ValueError(value)
    return int(value)


def _safe_next(request, default: str) -> str:
    """Where to go back to: the posted ``next`` only when it stays on this site (no open redirect)."""
    target = request.POST.get("next") or ""
    if target and url_has_allowed_host_and_scheme(
        target, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return target
    return default


def _comments_page(request, *, first_day=None, last_day=None, errors=None, status=200):
    rows, themes = selectors.open_comments_with_suggestions(first_day=first_day, last_day=last_day)
    ctx = {
        "rows": rows,
        "themes": themes,
        "date_from": first_day,
        "date_to": last_day,
        "errors": errors or {},
    }
    return render(request, "feedback/comments.html", ctx, status=status)


@role_required(*PAGE_ROLES["comments"])
def comments(request):
    """Open comments, filtered by the period from its first to its last day (both included)."""
    first_day, last_day, errors = _period_input(request.GET)
    if errors:
        return _comments_page(request, errors=errors, status=400)
    return _comments_page(request, first_day=first_day, last_day=last_day)


@role_required(Role.FEEDBACK_OFFICER)
@require_POST
def comment_tag(request, pk: int):
    answer = get_object_or_404(Answer, pk=pk)
    try:
        theme_id = _pk(request.POST.get("theme"))
    except ValueError:
        return _comments_page(request, errors={_("Theme"): _("Choose one of the themes.")}, status=400)
    services.answer_tag(
        actor=request.user,
        answer=answer,
        theme=selectors.comment_theme(theme_id),
        publishable=request.POST.get("publishable") == "on",
    )
    return redirect(_safe_next(request, reverse("feedback:comments")))


# an open end of the period on the comments page: every comment the platform can hold
EARLIEST, LATEST = datetime.date(2000, 1, 1), datetime.date(2099, 12, 31)


@role_required(Role.FEEDBACK_OFFICER)
@require_POST
def comments_accept_suggestions(request):
    first_day, last_day, errors = _period_input(request.POST)
    if errors:
        return _comments_page(request, errors=errors, status=400)
    period = Period(first_day or EARLIEST, last_day or LATEST)
    n = services.answers_accept_suggestions(actor=request.user, period=period)
    messages.success(request, _("%(n)d comments were tagged with the suggested theme.") % {"n": n})
    return redirect("feedback:comments")


@role_required(*PAGE_ROLES["themes"])
def themes(request):
    try:
        instance = selectors.comment_theme(_pk(request.POST.get("pk")))
    except ValueError:
        instance = None
    # every form on the page has its own prefix, so each label points at its own input (id_theme-3-code)
    form, rejected = ThemeForm(prefix="new"), None
    if request.method == "POST":
        posted = ThemeForm(request.POST, instance=instance, prefix=_theme_prefix(instance))
        if posted.is_valid():
            try:
                if instance is None:
                    services.theme_create(actor=request.user, **posted.cleaned_data)
                else:
                    # the bound form has already copied the input onto ``instance``: compare with the row
                    stored = selectors.comment_theme(instance.pk)
                    services.theme_update(actor=request.user, theme=stored, data=posted.cleaned_data)
            except ValidationError as exc:
                apply_service_errors(posted, exc)
            else:
                messages.success(request, _("The theme was saved."))
                return redirect("feedback:themes")
        if instance is None:
            form = posted
        else:
            rejected = posted
    rows = [
        (
            t,
            rejected
            if rejected is not None and rejected.instance.pk == t.pk
            else ThemeForm(instance=t, prefix=_theme_prefix(t)),
        )
        for t in selectors.comment_themes()
    ]
    return render(request, "feedback/themes.html", {"rows": rows, "form": form})


def _theme_prefix(theme: CommentTheme | None) -> str:
    return f"theme-{theme.pk}" if theme is not None else "new"

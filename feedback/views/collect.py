"""Collect: box batches and keyboard entry of paper forms, the comment registry, open comments and themes."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipal_platform.roles import Role

from .. import services
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
    Form,
    RegistryComment,
)
from ..selectors import (
    current_version,
    open_comments,
    service_choices,
)
from .common import COLLECTORS, PAGE_ROLES, apply_errors, roles

# --- box batches and paper entry ----------------------------------------------------------------------


@roles(*PAGE_ROLES["batch_list"])
def batch_list(request):
    if request.method == "POST":
        form = BatchOpenForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                batch = services.batch_open(
                    user=request.user,
                    opened_on=d["opened_on"],
                    counted=d["counted"],
                    form=d["form"],
                    note=d["note"],
                )
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                return redirect("feedback:batch_detail", pk=batch.pk)
    else:
        form = BatchOpenForm(
            initial={"opened_on": services.today(), "form": Form.objects.filter(kind="paper").first()}
        )
    batches = (
        BoxBatch.objects.select_related("opened_by", "form")
        .annotate(entered=Count("responses"))
        .order_by("-opened_on", "-id")[:100]  # Meta.ordering does not apply to GROUP BY queries
    )
    return render(request, "feedback/batch_list.html", {"form": form, "batches": batches})


@roles(*COLLECTORS)
def batch_detail(request, pk: int):
    """Keyboard-only entry of the batch's paper forms: Tab between questions, arrows within, Enter saves."""
    batch = get_object_or_404(BoxBatch.objects.select_related("form", "opened_by"), pk=pk)
    version = current_version(batch.form)
    data, errors, status = None, {}, 200
    if request.method == "POST":
        data = data_from_post(request.POST, version)
        if request.POST.get("submitted_on"):
            data["submitted_on"] = request.POST["submitted_on"]
        try:
            services.batch_response_enter(user=request.user, batch=batch, data=data)
        except ValidationError as exc:
            errors, status = error_dict(exc), 400
        else:
            messages.success(request, _("Form saved. Enter the next one."))
            return redirect("feedback:batch_detail", pk=batch.pk)
    ctx = {
        "batch": batch,
        "form": batch.form,
        "entered": services.batch_entered(batch),
        "questions": questions_with_values(version, data, errors),
        "services": service_choices() if batch.form.asks_service else [],
        "age_bands": AgeBand.values,
        "data": data or {},
        "errors": errors,
        "general_errors": general_errors(version, errors),
        "first_error": first_error(version, errors),
        "close_form": BatchCloseForm(),
    }
    return render(request, "feedback/batch_detail.html", ctx, status=status)


@roles(*COLLECTORS)
@require_POST
def batch_close(request, pk: int):
    batch = get_object_or_404(BoxBatch, pk=pk)
    form = BatchCloseForm(request.POST)
    form.is_valid()
    try:
        services.batch_close(user=request.user, batch=batch, reason=form.cleaned_data.get("reason", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(error_dict(exc).values()))
        return redirect("feedback:batch_detail", pk=batch.pk)
    messages.success(request, _("The batch is closed."))
    return redirect("feedback:batch_list")


# --- comment registry and open comments ---------------------------------------------------------------


@roles(*PAGE_ROLES["registry"])
def registry(request):
    if request.method == "POST":
        form = RegistryCommentForm(request.POST)
        if form.is_valid():
            try:
                services.registry_comment_record(user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                apply_errors(form, exc)
            else:
                messages.success(request, _("The comment was recorded."))
                return redirect("feedback:registry")
    else:
        form = RegistryCommentForm(initial={"received_on": services.today()})
    entries = RegistryComment.objects.select_related("recorded_by")[:200]
    return render(request, "feedback/registry.html", {"form": form, "entries": entries})


def _day(value: str | None) -> datetime.date | None:
    try:
        return datetime.date.fromisoformat(value or "")
    except ValueError:
        return None


def _period(request) -> tuple[datetime.date | None, datetime.date | None]:
    return _day(request.GET.get("from")), _day(request.GET.get("to"))


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


def _comments_page(request, *, date_from=None, date_to=None, errors=None, status=200):
    themes = list(CommentTheme.objects.all())
    rows = list(open_comments(date_from=date_from, date_to=date_to)[:500])
    for answer in rows:
        answer.suggested = None if answer.theme_id else services.theme_suggest_among(answer.text, themes)
    ctx = {"rows": rows, "themes": themes, "date_from": date_from, "date_to": date_to, "errors": errors or {}}
    return render(request, "feedback/comments.html", ctx, status=status)


@roles(*PAGE_ROLES["comments"])
def comments(request):
    date_from, date_to = _period(request)
    return _comments_page(request, date_from=date_from, date_to=date_to)


@roles(Role.FEEDBACK_OFFICER)
@require_POST
def comment_tag(request, pk: int):
    answer = get_object_or_404(Answer, pk=pk)
    try:
        theme_id = _pk(request.POST.get("theme"))
    except ValueError:
        return _comments_page(request, errors={"theme": _("Choose one of the themes.")}, status=400)
    theme = CommentTheme.objects.filter(pk=theme_id).first() if theme_id else None
    services.answer_tag(
        user=request.user, answer=answer, theme=theme, publishable=request.POST.get("publishable") == "on"
    )
    return redirect(_safe_next(request, reverse("feedback:comments")))


@roles(Role.FEEDBACK_OFFICER)
@require_POST
def comments_accept_suggestions(request):
    days, errors = {}, {}
    for field, default in (("from", datetime.date(2000, 1, 1)), ("to", datetime.date(2100, 1, 1))):
        raw = request.POST.get(field) or ""
        days[field] = _day(raw) if raw else default
        if days[field] is None:
            errors[field] = _("Give the date as YYYY-MM-DD.")
    if errors:
        return _comments_page(request, errors=errors, status=400)
    n = services.answers_accept_suggestions(user=request.user, date_from=days["from"], date_to=days["to"])
    messages.success(request, _("%(n)d comments were tagged with the suggested theme.") % {"n": n})
    return redirect("feedback:comments")


@roles(*PAGE_ROLES["themes"])
def themes(request):
    try:
        instance = CommentTheme.objects.filter(pk=_pk(request.POST.get("pk"))).first()
    except ValueError:
        instance = None
    # every form on the page has its own prefix, so each label points at its own input (id_theme-3-code)
    form, rejected = ThemeForm(prefix="new"), None
    if request.method == "POST":
        posted = ThemeForm(request.POST, instance=instance, prefix=_theme_prefix(instance))
        if posted.is_valid():
            posted.save()
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
        for t in CommentTheme.objects.all()
    ]
    return render(request, "feedback/themes.html", {"rows": rows, "form": form})


def _theme_prefix(theme: CommentTheme | None) -> str:
    return f"theme-{theme.pk}" if theme is not None else "new"

"""Collect: box batches and keyboard entry of paper forms, the comment registry, open comments and themes."""

from __future__ import annotations

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
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
from ..forms_input import data_from_post, error_dict, general_errors, questions_with_values
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
from .common import COLLECTORS, apply_errors, roles

# --- box batches and paper entry ----------------------------------------------------------------------


@roles(*COLLECTORS)
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
    batches = BoxBatch.objects.select_related("opened_by", "form").annotate(entered=Count("responses"))[:100]
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


@roles(*COLLECTORS)
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


def _period(request) -> tuple[datetime.date | None, datetime.date | None]:
    def parse(name):
        try:
            return datetime.date.fromisoformat(request.GET.get(name, ""))
        except ValueError:
            return None

    return parse("from"), parse("to")


@roles(Role.FEEDBACK_OFFICER)
def comments(request):
    date_from, date_to = _period(request)
    themes = list(CommentTheme.objects.all())
    rows = list(open_comments(date_from=date_from, date_to=date_to)[:500])
    for answer in rows:
        answer.suggested = None if answer.theme_id else services.theme_suggest_among(answer.text, themes)
    ctx = {"rows": rows, "themes": themes, "date_from": date_from, "date_to": date_to}
    return render(request, "feedback/comments.html", ctx)


@roles(Role.FEEDBACK_OFFICER)
@require_POST
def comment_tag(request, pk: int):
    answer = get_object_or_404(Answer, pk=pk)
    theme = CommentTheme.objects.filter(pk=request.POST.get("theme") or None).first()
    services.answer_tag(
        user=request.user, answer=answer, theme=theme, publishable=request.POST.get("publishable") == "on"
    )
    return redirect(request.POST.get("next") or reverse("feedback:comments"))


@roles(Role.FEEDBACK_OFFICER)
@require_POST
def comments_accept_suggestions(request):
    date_from = datetime.date.fromisoformat(request.POST.get("from") or "2000-01-01")
    date_to = datetime.date.fromisoformat(request.POST.get("to") or "2100-01-01")
    n = services.answers_accept_suggestions(user=request.user, date_from=date_from, date_to=date_to)
    messages.success(request, _("%(n)d comments were tagged with the suggested theme.") % {"n": n})
    return redirect("feedback:comments")


@roles(Role.FEEDBACK_OFFICER)
def themes(request):
    instance = CommentTheme.objects.filter(pk=request.POST.get("pk") or None).first()
    if request.method == "POST":
        form = ThemeForm(request.POST, instance=instance)
        if form.is_valid():
            form.save()
            messages.success(request, _("The theme was saved."))
            return redirect("feedback:themes")
    else:
        form = ThemeForm()
    rows = [(t, ThemeForm(instance=t)) for t in CommentTheme.objects.all()]
    return render(request, "feedback/themes.html", {"rows": rows, "form": form})

"""Staff pages of the feedback cycle: forms, box batches and paper entry, comment registry, open comments,
reports, working meetings, invitations and settings. Each view validates, calls one service, renders."""

from __future__ import annotations

import datetime
import functools

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from municipal_platform.roles import Role, has_role

from . import pdfs, services
from .forms import (
    BatchCloseForm,
    BatchOpenForm,
    CsvImportForm,
    DecisionForm,
    FormMetaForm,
    MeetingForm,
    QuestionFormSet,
    QuestionRowForm,
    RegistryCommentForm,
    ReportCreateForm,
    ReportEditForm,
    SettingsForm,
    ThemeForm,
)
from .forms_input import data_from_post, error_dict, general_errors, questions_with_values
from .models import (
    AgeBand,
    Answer,
    BoxBatch,
    Channel,
    CommentTheme,
    Decision,
    Form,
    Invitation,
    RegistryComment,
    Report,
    WorkingMeeting,
)
from .selectors import (
    current_version,
    open_comments,
    report_decisions,
    report_public_comments,
    service_choices,
    settings_get,
)

STAFF = (Role.FRONT_DESK, Role.FEEDBACK_OFFICER, Role.COUNCIL_MEMBER)
COLLECTORS = (Role.FRONT_DESK, Role.FEEDBACK_OFFICER)


def roles(*allowed: str):
    def decorator(view):
        @functools.wraps(view)
        @login_required
        def wrapper(request, *args, **kwargs):
            if not has_role(request.user, *allowed):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return wrapper

    return decorator


def _apply_errors(form, exc: ValidationError) -> None:
    for field, message in error_dict(exc).items():
        form.add_error(field if field in form.fields else None, message)


@roles(*COLLECTORS)
def home(request):
    ctx = {
        "forms": Form.objects.annotate(responses=Count("versions__responses")).order_by(
            "-is_standard", "code"
        ),
        "open_batches": BoxBatch.objects.filter(status=BoxBatch.Status.OPEN).count(),
        "invitations": dict(Invitation.objects.order_by().values_list("status").annotate(n=Count("id"))),
        "reports": Report.objects.order_by("-period_from")[:5],
        "registry": RegistryComment.objects.count(),
        "is_officer": has_role(request.user, Role.FEEDBACK_OFFICER),
        "is_head": has_role(request.user, Role.HEAD_OF_SERVICE),
    }
    return render(request, "feedback/home.html", ctx)


# --- forms ------------------------------------------------------------------------------------------


def _public_url(request, form: Form) -> str:
    return request.build_absolute_uri(reverse("citizen:form", args=[form.code]))


@roles(*COLLECTORS)
def form_detail(request, code: str):
    form = get_object_or_404(Form, code=code)
    version = current_version(form)
    versions = form.versions.annotate(responses_count=Count("responses")).order_by("-number")
    ctx = {
        "form": form, "version": version, "versions": versions, "public_url": _public_url(request, form),
        "is_officer": has_role(request.user, Role.FEEDBACK_OFFICER),
    }  # fmt: skip
    return render(request, "feedback/form_detail.html", ctx)


@roles(*COLLECTORS)
def form_pdf(request, code: str):
    form = get_object_or_404(Form, code=code)
    content = pdfs.form_pdf(
        form=form, version=current_version(form), online_url=_public_url(request, form), tenant=request.tenant
    )
    response = HttpResponse(content, content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="{form.code}.pdf"'
    return response


def _questions_from(formset) -> list[dict]:
    return [f.cleaned_data for f in formset.forms if f.cleaned_data and not f.cleaned_data.get("DELETE")]


@roles(Role.FEEDBACK_OFFICER)
def form_edit(request, code: str | None = None):
    """The form builder: the form's settings and its questions (a new version once it has responses)."""
    form_obj = get_object_or_404(Form, code=code) if code else None
    if request.method == "POST":
        meta = FormMetaForm(request.POST, instance=form_obj)
        questions = QuestionFormSet(request.POST, prefix="q")
        if meta.is_valid() and questions.is_valid():
            specs = _questions_from(questions)
            try:
                if form_obj is None:
                    d = meta.cleaned_data
                    form_obj = services.form_create(
                        user=request.user, code=d["code"], title_ka=d["title_ka"], title_en=d["title_en"],
                        kind=d["kind"], intro_ka=d["intro_ka"], intro_en=d["intro_en"], questions=specs,
                    )  # fmt: skip
                else:
                    meta.save()
                    services.form_questions_set(user=request.user, form=form_obj, questions=specs)
            except ValidationError as exc:
                _apply_errors(meta, exc)
            else:
                messages.success(request, _("The form was saved."))
                return redirect("feedback:form_detail", code=form_obj.code)
    else:
        meta = FormMetaForm(instance=form_obj)
        initial = (
            [QuestionRowForm.initial_from(q) for q in current_version(form_obj).questions.all()]
            if form_obj
            else []
        )
        questions = QuestionFormSet(prefix="q", initial=initial)
    return render(
        request, "feedback/form_edit.html", {"meta": meta, "questions": questions, "form_obj": form_obj}
    )


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
                _apply_errors(form, exc)
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
                _apply_errors(form, exc)
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


# --- reports ------------------------------------------------------------------------------------------


@login_required
def report_list(request):
    if not has_role(request.user, Role.FEEDBACK_OFFICER, Role.FRONT_DESK, Role.COUNCIL_MEMBER):
        raise PermissionDenied
    form = None
    if has_role(request.user, Role.FEEDBACK_OFFICER):
        if request.method == "POST":
            form = ReportCreateForm(request.POST)
            if form.is_valid():
                try:
                    report = services.report_create(user=request.user, **form.cleaned_data)
                except ValidationError as exc:
                    _apply_errors(form, exc)
                else:
                    return redirect("feedback:report_detail", pk=report.pk)
        else:
            form = ReportCreateForm()
    reports = Report.objects.select_related("created_by", "approved_by").order_by("-period_from")
    if not has_role(request.user, Role.FEEDBACK_OFFICER, Role.FRONT_DESK):
        reports = reports.filter(status=Report.Status.PUBLISHED)  # council members: published reports only
    return render(request, "feedback/report_list.html", {"reports": reports, "form": form})


@login_required
def report_detail(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    officer = has_role(request.user, Role.FEEDBACK_OFFICER, Role.FRONT_DESK)
    if not officer and not (
        has_role(request.user, Role.COUNCIL_MEMBER) and report.status == Report.Status.PUBLISHED
    ):
        raise PermissionDenied
    threshold = settings_get().suppression_threshold
    ctx = {
        "report": report,
        # signed-in municipal users read exact aggregates (council members: published reports only);
        # only the public page hides small cells
        "figures": report.figures,
        "public": False,
        "threshold": threshold,
        "decisions": report_decisions(report),
        "comments": report_public_comments(report),
        "channel_labels": dict(Channel.choices),
        "edit_form": ReportEditForm(instance=report) if report.status == Report.Status.DRAFT else None,
        "can_approve": has_role(request.user, Role.HEAD_OF_SERVICE),
    }
    return render(request, "feedback/report_detail.html", ctx)


@roles(Role.FEEDBACK_OFFICER)
@require_POST
def report_edit(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    form = ReportEditForm(request.POST, instance=Report.objects.get(pk=pk))
    if form.is_valid():
        try:
            services.report_update(user=request.user, report=report, **form.cleaned_data)
        except ValidationError as exc:
            messages.error(request, " ".join(error_dict(exc).values()))
        else:
            messages.success(request, _("The draft was saved and its figures recomputed."))
    return redirect("feedback:report_detail", pk=pk)


@roles(Role.HEAD_OF_SERVICE)
@require_POST
def report_transition(request, pk: int, action: str):
    report = get_object_or_404(Report, pk=pk)
    action_fn = {"approve": services.report_approve, "publish": services.report_publish}.get(action)
    if action_fn is None:
        raise PermissionDenied
    try:
        action_fn(user=request.user, report=report)
    except ValidationError as exc:
        messages.error(request, " ".join(error_dict(exc).values()))
    else:
        messages.success(
            request, _("The report is approved.") if action == "approve" else _("The report is published.")
        )
    return redirect("feedback:report_detail", pk=pk)


@roles(Role.FEEDBACK_OFFICER)
def report_pdf_internal(request, pk: int):
    report = get_object_or_404(Report, pk=pk)
    ctx = {
        "report": report, "figures": report.figures, "threshold": 0, "decisions": report_decisions(report),
        "comments": report_public_comments(report),
    }  # fmt: skip
    response = HttpResponse(pdfs.report_pdf(ctx, tenant=request.tenant), content_type="application/pdf")
    response["Content-Disposition"] = f'inline; filename="feedback-report-{report.pk}-internal.pdf"'
    return response


# --- meetings and decisions ---------------------------------------------------------------------------


@roles(Role.FEEDBACK_OFFICER, Role.COUNCIL_MEMBER)
def meeting_list(request):
    form = None
    if has_role(request.user, Role.FEEDBACK_OFFICER):
        if request.method == "POST":
            form = MeetingForm(request.POST)
            if form.is_valid():
                meeting = services.meeting_record(user=request.user, **form.cleaned_data)
                return redirect("feedback:meeting_detail", pk=meeting.pk)
        else:
            form = MeetingForm(initial={"held_on": services.today()})
    meetings = WorkingMeeting.objects.select_related("report").annotate(
        decisions_count=Count("decisions"),
        implemented=Count("decisions", filter=Q(decisions__status="implemented")),
    )
    return render(request, "feedback/meeting_list.html", {"meetings": meetings, "form": form})


@roles(Role.FEEDBACK_OFFICER, Role.COUNCIL_MEMBER)
def meeting_detail(request, pk: int):
    meeting = get_object_or_404(WorkingMeeting.objects.select_related("report"), pk=pk)
    form = None
    if has_role(request.user, Role.FEEDBACK_OFFICER):
        form = DecisionForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.decision_add(user=request.user, meeting=meeting, **form.cleaned_data)
            except ValidationError as exc:
                _apply_errors(form, exc)
            else:
                return redirect("feedback:meeting_detail", pk=pk)
    decisions = meeting.decisions.select_related("service", "budget_line__service")
    return render(
        request, "feedback/meeting_detail.html", {"meeting": meeting, "decisions": decisions, "form": form}
    )


@roles(Role.FEEDBACK_OFFICER)
@require_POST
def decision_status(request, pk: int):
    decision = get_object_or_404(Decision, pk=pk)
    try:
        services.decision_set_status(
            user=request.user, decision=decision, status=request.POST.get("status", "")
        )
    except ValidationError as exc:
        messages.error(request, " ".join(error_dict(exc).values()))
    return redirect("feedback:meeting_detail", pk=decision.meeting_id)


# --- invitations and settings -------------------------------------------------------------------------


@roles(Role.FEEDBACK_OFFICER)
def invitations(request):
    if request.method == "POST":
        from municipal_platform.tasks import enqueue_for_municipality_on_commit

        from .tasks import send_invitation_batch

        enqueue_for_municipality_on_commit(send_invitation_batch)
        messages.success(request, _("The invitation batch was queued for sending."))
        return redirect("feedback:invitations")
    counts = dict(Invitation.objects.order_by().values_list("status").annotate(n=Count("id")))
    rows = [(label, counts.get(value, 0)) for value, label in Invitation.Status.choices]
    return render(request, "feedback/invitations.html", {"rows": rows, "settings": settings_get()})


@roles(Role.HEAD_OF_SERVICE)
def settings_page(request):
    current = settings_get()
    form = SettingsForm(request.POST or None, instance=current)
    if request.method == "POST" and form.is_valid():
        try:
            services.settings_update(user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _apply_errors(form, exc)
        else:
            messages.success(request, _("The settings were saved."))
            return redirect("feedback:settings")
    return render(request, "feedback/settings.html", {"form": form})


@roles(Role.FEEDBACK_OFFICER)
def import_csv(request):
    from .csv_import import ImportRejected
    from .csv_import import import_csv as run_import

    result = None
    problems: list[str] = []
    form = CsvImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        import json

        try:
            mapping = json.loads(form.cleaned_data["mapping"].read().decode("utf-8"))
            text = form.cleaned_data["file"].read().decode("utf-8-sig")
            result = run_import(user=request.user, form=form.cleaned_data["form"], mapping=mapping, text=text)
        except (ValueError, UnicodeDecodeError) as exc:
            problems = [str(exc)]
        except ImportRejected as exc:
            problems = exc.problems
    status = 400 if problems else 200
    return render(
        request, "feedback/import.html", {"form": form, "result": result, "problems": problems}, status=status
    )

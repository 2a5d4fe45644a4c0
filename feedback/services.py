"""Every write of the feedback cycle, one function per use case: forms, responses, box batches, the comment
registry, invitations, reports, meetings and decisions. Roles are checked here, not only in views.
"""

from __future__ import annotations

import datetime
import hashlib
import logging
import secrets
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import connection, transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from municipal_platform.roles import Role, require_role
from programmes.models import BenefitApplication, Service

from .models import (
    MIN_SUPPRESSION_THRESHOLD,
    AgeBand,
    Answer,
    BoxBatch,
    Channel,
    CommentTheme,
    Decision,
    FeedbackSettings,
    Form,
    FormVersion,
    Invitation,
    OptOut,
    Question,
    RegistryComment,
    Report,
    Response,
    Sex,
    WorkingMeeting,
)
from .selectors import feedback_summary, settings_get

logger = logging.getLogger(__name__)

COLLECTORS = (Role.FRONT_DESK, Role.FEEDBACK_OFFICER)
MAX_TEXT = Answer.MAX_TEXT
NOT_SURE = "not_sure"


def sha256(value: str) -> str:
    return hashlib.sha256(value.encode()).hexdigest()


def today() -> datetime.date:
    return timezone.localdate()


# --- settings -----------------------------------------------------------------------------------------


def settings_update(*, user, suppression_threshold: int, invitation_weekdays: str, invitation_valid_days: int,
                    reminder_after_days: int) -> FeedbackSettings:  # fmt: skip
    require_role(user, Role.HEAD_OF_SERVICE)
    if suppression_threshold < MIN_SUPPRESSION_THRESHOLD:
        raise ValidationError(
            {"suppression_threshold": _("The smallest published figure cannot be below 3.")}
        )
    days = [d.strip() for d in invitation_weekdays.split(",") if d.strip()]
    if not days or any(not d.isdigit() or not 1 <= int(d) <= 7 for d in days):
        raise ValidationError({"invitation_weekdays": _("Give weekdays as numbers 1-7 separated by commas.")})
    obj = settings_get()
    obj.suppression_threshold = suppression_threshold
    obj.invitation_weekdays = ",".join(days)
    obj.invitation_valid_days = invitation_valid_days
    obj.reminder_after_days = reminder_after_days
    obj.save()
    return obj


# --- forms --------------------------------------------------------------------------------------------


def _validate_question_specs(questions: list[dict]) -> None:
    codes = set()
    errors: dict[str, str] = {}
    for i, q in enumerate(questions):
        code = q.get("code", "")
        if not code or code in codes:
            errors[f"questions[{i}].code"] = _("Each question needs its own code.")
        codes.add(code)
        if q.get("kind") not in Question.Kind.values:
            errors[f"questions[{i}].kind"] = _("Unknown question type.")
        if not q.get("text_ka"):
            errors[f"questions[{i}].text_ka"] = _("The question needs a Georgian text.")
        if q.get("kind") in (Question.Kind.SINGLE, Question.Kind.MULTIPLE) and not q.get("choices"):
            errors[f"questions[{i}].choices"] = _("A choice question needs choices.")
    if errors:
        raise ValidationError(errors)


def _create_questions(version: FormVersion, questions: list[dict]) -> None:
    Question.objects.bulk_create(
        Question(
            version=version,
            code=q["code"],
            kind=q["kind"],
            text_ka=q["text_ka"],
            text_en=q.get("text_en", ""),
            choices=q.get("choices", []),
            required=bool(q.get("required", False)),
            position=i,
        )
        for i, q in enumerate(questions, start=1)
    )


@transaction.atomic
def form_create(*, user, code: str, title_ka: str, title_en: str = "", kind: str = Form.Kind.OTHER,
                intro_ka: str = "", intro_en: str = "", questions: list[dict]) -> Form:  # fmt: skip
    require_role(user, Role.FEEDBACK_OFFICER)
    if Form.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A form with this code exists already.")})
    _validate_question_specs(questions)
    form = Form.objects.create(
        code=code, title_ka=title_ka, title_en=title_en, kind=kind, intro_ka=intro_ka, intro_en=intro_en
    )
    _create_questions(FormVersion.objects.create(form=form, number=1, is_current=True), questions)
    return form


@transaction.atomic
def form_questions_set(*, user, form: Form, questions: list[dict]) -> FormVersion:
    """Change a form's questions. If the current version has responses a new version is made, so the
    old responses keep the questions they answered."""
    require_role(user, Role.FEEDBACK_OFFICER)
    _validate_question_specs(questions)
    current = FormVersion.objects.select_for_update().get(form=form, is_current=True)
    if current.responses.exists():
        current.is_current = False
        current.save(update_fields=["is_current"])
        version = FormVersion.objects.create(form=form, number=current.number + 1, is_current=True)
    else:
        current.questions.all().delete()
        version = current
    _create_questions(version, questions)
    return version


# --- responses ----------------------------------------------------------------------------------------


def _clean_answer(question: Question, value: Any) -> dict[str, Any] | None:
    """The Answer fields for ``value``, None when unanswered; raises ValueError with the message."""
    if value is None or value == "" or value == []:
        return None
    kind = question.kind
    if kind == Question.Kind.SCALE:
        try:
            number = int(value)
        except (TypeError, ValueError):
            raise ValueError(_("Give a whole number from 1 to 5.")) from None
        if isinstance(value, bool) or not 1 <= number <= 5 or str(value).strip() not in {str(number)}:
            raise ValueError(_("Give a whole number from 1 to 5."))
        return {"number": number}
    if kind == Question.Kind.YES_NO:
        mapping = {True: 1, False: 0, "yes": 1, "no": 0, "1": 1, "0": 0, "true": 1, "false": 0}
        key = value.lower() if isinstance(value, str) else value
        if key not in mapping:
            raise ValueError(_("Answer yes or no."))
        return {"number": mapping[key]}
    if kind == Question.Kind.SINGLE:
        if value not in question.choice_codes():
            raise ValueError(_("Choose one of the offered answers."))
        return {"choices": [value]}
    if kind == Question.Kind.MULTIPLE:
        values = value if isinstance(value, list) else [value]
        if (
            not values
            or any(v not in question.choice_codes() for v in values)
            or len(set(values)) != len(values)
        ):
            raise ValueError(_("Choose among the offered answers."))
        return {"choices": values}
    if not isinstance(value, str):
        raise ValueError(_("Give a text."))
    text = value.strip()
    if len(text) > MAX_TEXT:
        raise ValueError(_("The text is too long (at most %(max)d characters).") % {"max": MAX_TEXT})
    return {"text": text} if text else None


def _service_by_code(code: str) -> Service | None:
    return Service.objects.filter(code=code).order_by("-programme__year").first()


def response_clean(
    *, version: FormVersion, data: dict[str, Any]
) -> tuple[dict[str, Any], list[tuple[Question, dict]]]:
    """Validate a filled form. ``data``: {"service": code|"not_sure"|"", "sex", "age_band", "answers": {code: value}}.

    Raises ValidationError with one message per field, named as the client sent it.
    """
    errors: dict[str, str] = {}
    form = version.form
    allowed = {"service", "sex", "age_band", "answers", "submitted_on"}
    for key in data:
        if key not in allowed:
            errors[key] = _("Unknown field.")
    fields: dict[str, Any] = {"service": None, "sex": "", "age_band": ""}
    service_code = data.get("service") or ""
    if not isinstance(service_code, str) or len(service_code) > 60:
        errors["service"] = _("Unknown service.")
    elif service_code and service_code != NOT_SURE:
        if not form.asks_service:
            errors["service"] = _("This form does not ask for the service.")
        else:
            fields["service"] = _service_by_code(service_code)
            if fields["service"] is None:
                errors["service"] = _("Unknown service.")
    sex = data.get("sex") or ""
    if sex and sex not in Sex.values:
        errors["sex"] = _("Choose female or male, or leave it empty.")
    fields["sex"] = sex if isinstance(sex, str) else ""
    age = data.get("age_band") or ""
    if age and age not in AgeBand.values:
        errors["age_band"] = _("Unknown age band.")
    fields["age_band"] = age if isinstance(age, str) else ""

    answers = data.get("answers") or {}
    if not isinstance(answers, dict):
        raise ValidationError({"answers": _("Answers must be an object of question code to value.")})
    questions = {q.code: q for q in version.questions.all()}
    for code in answers:
        if code not in questions:
            errors[f"answers.{str(code)[:50]}"] = _("Unknown question.")
    cleaned: list[tuple[Question, dict]] = []
    for code, question in questions.items():
        try:
            values = _clean_answer(question, answers.get(code))
        except ValueError as exc:
            errors[f"answers.{code}"] = str(exc)
            continue
        if values is None:
            if question.required:
                errors[f"answers.{code}"] = _("This question must be answered.")
            continue
        cleaned.append((question, values))
    if errors:
        raise ValidationError(errors)
    return fields, cleaned


def _suggest_theme(text: str, themes: list[CommentTheme]) -> CommentTheme | None:
    lowered = text.lower()
    for theme in themes:
        if any(k in lowered for k in theme.keyword_list()):
            return theme
    return None


def theme_suggest(text: str) -> CommentTheme | None:
    """The first theme (by position) one of whose keywords the comment contains."""
    return _suggest_theme(text, list(CommentTheme.objects.order_by("position", "code")))


@transaction.atomic
def response_submit(*, version: FormVersion, channel: str, data: dict[str, Any], submitted_on: datetime.date,
                    batch: BoxBatch | None = None, import_key: str | None = None) -> Response:  # fmt: skip
    """Store one anonymous response (the day only, no person, no invitation)."""
    fields, cleaned = response_clean(version=version, data=data)
    if not version.form.is_active:
        raise ValidationError({"form": _("This form is closed.")})
    response = Response.objects.create(
        version=version,
        channel=channel,
        submitted_on=submitted_on,
        batch=batch,
        import_key=import_key,
        **fields,
    )
    Answer.objects.bulk_create(
        Answer(response=response, question=q, submitted_on=submitted_on, **values) for q, values in cleaned
    )
    return response


# --- box batches --------------------------------------------------------------------------------------


def batch_open(*, user, opened_on: datetime.date, counted: int, form: Form, note: str = "") -> BoxBatch:
    require_role(user, *COLLECTORS)
    if counted < 0:
        raise ValidationError({"counted": _("The number of forms cannot be negative.")})
    return BoxBatch.objects.create(opened_on=opened_on, counted=counted, opened_by=user, form=form, note=note)


def batch_entered(batch: BoxBatch) -> int:
    return batch.responses.count()


def batch_response_enter(*, user, batch: BoxBatch, data: dict[str, Any]) -> Response:
    """Type in one paper form of the batch. ``data["submitted_on"]`` (the date on the form) defaults to the
    day the box was opened."""
    require_role(user, *COLLECTORS)
    with transaction.atomic():
        batch = BoxBatch.objects.select_for_update().select_related("form").get(pk=batch.pk)
        if batch.status != BoxBatch.Status.OPEN:
            raise ValidationError({"batch": _("This batch is closed.")})
        return _batch_response_enter(batch, data)


def _batch_response_enter(batch: BoxBatch, data: dict[str, Any]) -> Response:
    data = dict(data)
    day = data.pop("submitted_on", None) or batch.opened_on
    if isinstance(day, str):
        try:
            day = datetime.date.fromisoformat(day)
        except ValueError:
            raise ValidationError({"submitted_on": _("Give the date as YYYY-MM-DD.")}) from None
    if day > batch.opened_on:
        raise ValidationError({"submitted_on": _("A form cannot be dated after the box was opened.")})
    version = batch.form.versions.get(is_current=True)
    return response_submit(version=version, channel=Channel.PAPER, data=data, submitted_on=day, batch=batch)


@transaction.atomic
def batch_close(*, user, batch: BoxBatch, reason: str = "") -> BoxBatch:
    require_role(user, *COLLECTORS)
    batch = BoxBatch.objects.select_for_update().get(pk=batch.pk)
    if batch.status == BoxBatch.Status.CLOSED:
        return batch
    entered = batch_entered(batch)
    if entered != batch.counted and not reason.strip():
        raise ValidationError(
            {
                "close_reason": _(
                    "%(entered)d forms entered but %(counted)d counted: record the reason for the difference."
                )
                % {"entered": entered, "counted": batch.counted}
            }
        )
    batch.status = BoxBatch.Status.CLOSED
    batch.close_reason = reason.strip()
    batch.closed_on = today()
    batch.save(update_fields=["status", "close_reason", "closed_on"])
    return batch


# --- comment registry and open comments ---------------------------------------------------------------


def registry_comment_record(*, user, received_on: datetime.date, text: str, kind: str = RegistryComment.Kind.COMMENT,
                            about: str = RegistryComment.About.FORM, channel: str = Channel.PAPER,
                            reply: str = "") -> RegistryComment:  # fmt: skip
    require_role(user, *COLLECTORS)
    text = text.strip()
    if not text:
        raise ValidationError({"text": _("Write the comment.")})
    if len(text) > MAX_TEXT:
        raise ValidationError(
            {"text": _("The text is too long (at most %(max)d characters).") % {"max": MAX_TEXT}}
        )
    return RegistryComment.objects.create(
        received_on=received_on,
        text=text,
        kind=kind,
        about=about,
        channel=channel,
        reply=reply,
        recorded_by=user,
    )


def answer_tag(
    *, user, answer: Answer, theme: CommentTheme | None, publishable: bool | None = None
) -> Answer:
    """The analyst sets a comment's theme, and whether it may be published."""
    require_role(user, Role.FEEDBACK_OFFICER)
    answer.theme = theme
    fields = ["theme"]
    if publishable is not None:
        answer.publishable = publishable
        fields.append("publishable")
    answer.save(update_fields=fields)
    return answer


def answers_accept_suggestions(*, user, date_from: datetime.date, date_to: datetime.date) -> int:
    """Tag every untagged open comment of the period with its suggested theme; returns how many were tagged."""
    require_role(user, Role.FEEDBACK_OFFICER)
    themes = list(CommentTheme.objects.order_by("position", "code"))
    untagged = Answer.objects.filter(
        question__kind=Question.Kind.TEXT, theme__isnull=True,
        submitted_on__gte=date_from, submitted_on__lt=date_to,
    ).exclude(text="")  # fmt: skip
    by_theme: dict[int, list[int]] = {}
    for answer_id, text in untagged.values_list("id", "text"):
        theme = _suggest_theme(text, themes)
        if theme:
            by_theme.setdefault(theme.id, []).append(answer_id)
    for theme_id, ids in by_theme.items():
        Answer.objects.filter(id__in=ids).update(theme_id=theme_id)
    return sum(len(ids) for ids in by_theme.values())


# --- invitations --------------------------------------------------------------------------------------


class InvitationUnusable(Exception):
    """The link was used already, has expired, or never existed."""


def _invitation_form() -> Form | None:
    return (
        Form.objects.filter(kind=Form.Kind.ELECTRONIC, is_active=True)
        .order_by("-is_standard", "code")
        .first()
    )


def invitation_queue(*, application: BenefitApplication) -> Invitation | None:
    """Queue an invitation for an application whose service ended (idempotent: one per application)."""
    email = (application.applicant.email or "").strip().lower()
    if not email or OptOut.objects.filter(email_hash=sha256(email)).exists():
        return None
    form = _invitation_form()
    if form is None:
        return None
    invitation, _created = Invitation.objects.get_or_create(
        application=application, defaults={"form": form, "queued_on": today()}
    )
    return invitation


def _municipality():
    from django_tenants.utils import get_tenant_model

    return get_tenant_model().objects.get(schema_name=connection.schema_name)


def _link_base() -> str:
    domain = _municipality().get_primary_domain().domain
    scheme = getattr(
        settings,
        "PUBLIC_URL_SCHEME",
        "https" if getattr(settings, "SESSION_COOKIE_SECURE", False) else "http",
    )
    port = getattr(settings, "PUBLIC_URL_PORT", None)
    return f"{scheme}://{domain}{':' + str(port) if port else ''}"


def _send_invitation_mail(*, invitation: Invitation, token: str, reminder: bool) -> None:
    base = _link_base()
    context = {
        "link": f"{base}/f/{invitation.form.code}/t/{token}/",
        "optout": f"{base}/f/optout/{token}/",
        "form": invitation.form,
        "tenant": _municipality(),
        "reminder": reminder,
        "expires_on": invitation.expires_on,
    }
    with translation.override("ka"):
        subject = render_to_string("feedback/email/invitation_subject.txt", context).strip()
        body = render_to_string("feedback/email/invitation_body.txt", context)
    send_mail(subject, body, None, [invitation.application.applicant.email])


def invitation_send_one(
    *, invitation_id: int, reminder: bool = False, on: datetime.date | None = None
) -> bool:
    """Send one invitation (or its reminder). Safe to call twice or from two workers at once: the row is
    locked while sending (others skip it) and its status says whether it went already. Returns True when
    a mail was sent by this call. If sending raises, nothing is recorded and a retry sends it."""
    on = on or today()
    cfg = settings_get()
    with transaction.atomic():
        invitation = (
            Invitation.objects.select_for_update(skip_locked=True, of=("self",))
            .select_related("application__applicant", "form")
            .filter(pk=invitation_id)
            .first()
        )
        if invitation is None:
            return False
        expected = Invitation.Status.SENT if reminder else Invitation.Status.QUEUED
        if invitation.status != expected:
            return False
        email = (invitation.application.applicant.email or "").strip().lower()
        if not email or OptOut.objects.filter(email_hash=sha256(email)).exists():
            invitation.status = Invitation.Status.OPTED_OUT
            invitation.save(update_fields=["status"])
            return False
        token = secrets.token_urlsafe(32)
        if reminder:
            invitation.status = Invitation.Status.REMINDED
            invitation.reminder_token_hash = sha256(token)
            invitation.reminded_on = on
            fields = ["status", "reminder_token_hash", "reminded_on"]
        else:
            invitation.status = Invitation.Status.SENT
            invitation.token_hash = sha256(token)
            invitation.sent_on = on
            invitation.expires_on = on + datetime.timedelta(days=cfg.invitation_valid_days)
            fields = ["status", "token_hash", "sent_on", "expires_on"]
        _send_invitation_mail(invitation=invitation, token=token, reminder=reminder)
        invitation.save(update_fields=fields)
    logger.info("feedback invitation %s sent (reminder=%s)", invitation_id, reminder)
    return True


def invitations_due(*, on: datetime.date | None = None, limit: int = 500) -> dict[str, list[int]]:
    """Ids of invitations to send, to remind, and to expire on ``on``."""
    on = on or today()
    cfg = settings_get()
    queued = list(
        Invitation.objects.filter(status=Invitation.Status.QUEUED)
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    remind = list(
        Invitation.objects.filter(
            status=Invitation.Status.SENT,
            sent_on__lte=on - datetime.timedelta(days=cfg.reminder_after_days),
            expires_on__gt=on,
        )
        .order_by("id")
        .values_list("id", flat=True)[:limit]
    )
    return {"send": queued, "remind": remind}


def invitations_expire(*, on: datetime.date | None = None) -> int:
    on = on or today()
    return Invitation.objects.filter(
        status__in=[Invitation.Status.SENT, Invitation.Status.REMINDED], expires_on__lt=on
    ).update(status=Invitation.Status.EXPIRED, token_hash=None, reminder_token_hash=None)


def invitations_send_batch(*, on: datetime.date | None = None) -> dict[str, int]:
    """The scheduled batch: expire old links, send the queued invitations and the due reminders."""
    on = on or today()
    expired = invitations_expire(on=on)
    due = invitations_due(on=on)
    sent = sum(invitation_send_one(invitation_id=i, on=on) for i in due["send"])
    reminded = sum(invitation_send_one(invitation_id=i, reminder=True, on=on) for i in due["remind"])
    return {"sent": sent, "reminded": reminded, "expired": expired}


def _usable_invitation(token: str, *, lock: bool) -> Invitation:
    if not token or len(token) > 100:
        raise InvitationUnusable
    digest = sha256(token)
    qs = Invitation.objects.filter(Q(token_hash=digest) | Q(reminder_token_hash=digest)).select_related(
        "form"
    )
    if lock:
        qs = qs.select_for_update(of=("self",))
    invitation = qs.first()
    if (
        invitation is None
        or invitation.status not in (Invitation.Status.SENT, Invitation.Status.REMINDED)
        or (invitation.expires_on and invitation.expires_on < today())
    ):
        raise InvitationUnusable
    return invitation


def invitation_check(*, token: str) -> Invitation:
    return _usable_invitation(token, lock=False)


@transaction.atomic
def invitation_response_submit(*, token: str, data: dict[str, Any]) -> None:
    """Answer through an invitation link: stores the response (no link back) and spends the token.
    Returns nothing on purpose, so callers cannot pair the two."""
    invitation = _usable_invitation(token, lock=True)
    version = invitation.form.versions.get(is_current=True)
    response_submit(version=version, channel=Channel.EMAIL, data=data, submitted_on=today())
    invitation.status = Invitation.Status.USED
    invitation.token_hash = None
    invitation.reminder_token_hash = None
    invitation.save(update_fields=["status", "token_hash", "reminder_token_hash"])


@transaction.atomic
def invitation_opt_out(*, token: str) -> None:
    invitation = _usable_invitation(token, lock=True)
    email = (invitation.application.applicant.email or "").strip().lower()
    if email:
        OptOut.objects.get_or_create(email_hash=sha256(email), defaults={"on": today()})
    invitation.status = Invitation.Status.OPTED_OUT
    invitation.token_hash = None
    invitation.reminder_token_hash = None
    invitation.save(update_fields=["status", "token_hash", "reminder_token_hash"])


# --- reports ------------------------------------------------------------------------------------------


def report_create(
    *, user, title: str, period_from: datetime.date, period_to: datetime.date, findings: str = ""
) -> Report:
    require_role(user, Role.FEEDBACK_OFFICER)
    if period_to <= period_from:
        raise ValidationError({"period_to": _("The period must end after it starts.")})
    return Report.objects.create(
        title=title, period_from=period_from, period_to=period_to, findings=findings, created_by=user,
        created_on=today(), figures=feedback_summary(date_from=period_from, date_to=period_to),
    )  # fmt: skip


@transaction.atomic
def report_update(*, user, report: Report, title: str, findings: str) -> Report:
    require_role(user, Role.FEEDBACK_OFFICER)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.DRAFT:
        raise ValidationError({"status": _("Only a draft can be changed.")})
    report.title, report.findings = title, findings
    report.figures = feedback_summary(date_from=report.period_from, date_to=report.period_to)
    report.save(update_fields=["title", "findings", "figures"])
    return report


@transaction.atomic
def report_approve(*, user, report: Report) -> Report:
    """The head of service approves a draft; its figures are computed now and kept as approved."""
    require_role(user, Role.HEAD_OF_SERVICE)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.DRAFT:
        raise ValidationError({"status": _("Only a draft can be approved.")})
    report.figures = feedback_summary(date_from=report.period_from, date_to=report.period_to)
    report.status = Report.Status.APPROVED
    report.approved_by = user
    report.approved_on = today()
    report.save(update_fields=["figures", "status", "approved_by", "approved_on"])
    return report


@transaction.atomic
def report_publish(*, user, report: Report, on: datetime.date | None = None) -> Report:
    require_role(user, Role.HEAD_OF_SERVICE)
    report = Report.objects.select_for_update().get(pk=report.pk)
    if report.status != Report.Status.APPROVED:
        raise ValidationError({"status": _("Only an approved report can be published.")})
    report.status = Report.Status.PUBLISHED
    report.published_on = on or today()
    report.save(update_fields=["status", "published_on"])
    return report


# --- working meetings and decisions -------------------------------------------------------------------


def meeting_record(*, user, held_on: datetime.date, participants: str, agenda: str, minutes: str = "",
                   report: Report | None = None) -> WorkingMeeting:  # fmt: skip
    require_role(user, Role.FEEDBACK_OFFICER)
    return WorkingMeeting.objects.create(
        held_on=held_on,
        participants=participants,
        agenda=agenda,
        minutes=minutes,
        report=report,
        recorded_by=user,
    )


def decision_add(*, user, meeting: WorkingMeeting, change: str, responsible: str, service: Service | None = None,
                 budget_line=None, due_on: datetime.date | None = None) -> Decision:  # fmt: skip
    require_role(user, Role.FEEDBACK_OFFICER)
    if not change.strip():
        raise ValidationError({"change": _("Say what changes.")})
    return Decision.objects.create(
        meeting=meeting, change=change.strip(), responsible=responsible, service=service, budget_line=budget_line,
        due_on=due_on, decided_on=meeting.held_on,
    )  # fmt: skip


_NEXT = {
    Decision.Status.PROPOSED: {Decision.Status.ADOPTED},
    Decision.Status.ADOPTED: {Decision.Status.IMPLEMENTED},
    Decision.Status.IMPLEMENTED: set(),
}


def decision_set_status(
    *, user, decision: Decision, status: str, on: datetime.date | None = None
) -> Decision:
    require_role(user, Role.FEEDBACK_OFFICER)
    if status not in _NEXT[decision.status]:
        raise ValidationError({"status": _("A decision goes proposed, adopted, implemented, in that order.")})
    decision.status = status
    decision.decided_on = on or today()
    decision.save(update_fields=["status", "decided_on"])
    return decision

"""Forms and their versions: the form builder's writes."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from municipal_platform.model_update import model_update
from municipal_platform.roles import Role, require_role

from ..models import (
    FORM_SETTINGS,
    Form,
    FormVersion,
    Question,
    Response,
)

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
def form_create(
    *,
    actor,
    code: str,
    title_ka: str,
    title_en: str = "",
    kind: str = Form.Kind.OTHER,
    intro_ka: str = "",
    intro_en: str = "",
    questions: list[dict],
) -> Form:
    require_role(actor, Role.FEEDBACK_OFFICER)
    if Form.objects.filter(code=code).exists():
        raise ValidationError({"code": _("A form with this code exists already.")})
    _validate_question_specs(questions)
    form = Form.objects.create(
        code=code, title_ka=title_ka, title_en=title_en, kind=kind, intro_ka=intro_ka, intro_en=intro_en
    )
    _create_questions(FormVersion.objects.create(form=form, number=1, is_current=True), questions)
    return form


@transaction.atomic
def form_questions_set(*, actor, form: Form, questions: list[dict]) -> FormVersion:
    """Change a form's questions. If the current version has responses a new version is made, so the
    old responses keep the questions they answered."""
    require_role(actor, Role.FEEDBACK_OFFICER)
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


@transaction.atomic
def form_update(*, actor, form: Form, settings: dict, questions: list[dict]) -> Form:
    """The form builder's save: the form's settings and its questions, all or nothing (the questions are
    validated before anything is written). The code of a form that has sent invitations or has responses
    cannot change: links in e-mails and QR codes on printed forms point at it."""
    require_role(actor, Role.FEEDBACK_OFFICER)
    _validate_question_specs(questions)
    stored = Form.objects.select_for_update().get(pk=form.pk)
    code = settings.get("code", stored.code)
    if code != stored.code:
        if stored.invitations.exists() or Response.objects.filter(version__form=stored).exists():
            raise ValidationError(
                {"code": _("The code cannot change: invitations or responses already use this form's links.")}
            )
        if Form.objects.filter(code=code).exclude(pk=stored.pk).exists():
            raise ValidationError({"code": _("A form with this code exists already.")})
    model_update(instance=stored, fields=list(FORM_SETTINGS), data=settings, clean=False)
    form_questions_set(actor=actor, form=stored, questions=questions)
    return stored

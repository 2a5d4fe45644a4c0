"""Turning a posted HTML feedback form into the data dict the services validate, and errors back into
per-question messages. Shared by the public form, the invitation form and paper batch entry."""

from __future__ import annotations

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.utils.text import capfirst

from municipal_platform.errors import service_error_dict

from .models import FormVersion, Question, Response

PREFIX = "q_"


def data_from_post(post, version: FormVersion) -> dict:
    """The service's input from request.POST. Posted ``q_<code>`` fields that are not questions of the
    version are passed on so the service names them as unknown."""
    kinds = {q.code: q.kind for q in version.questions.all()}
    answers: dict = {}
    for key in post:
        if not key.startswith(PREFIX):
            continue
        code = key[len(PREFIX) :]
        if kinds.get(code) == Question.Kind.MULTIPLE:
            answers[code] = post.getlist(key)
        else:
            answers[code] = post.get(key)
    data = {"answers": answers}
    for field in ("service", "sex", "age_band"):
        if post.get(field):
            data[field] = post.get(field)
    return data


def error_dict(exc: ValidationError) -> dict[str, str]:
    """{"answers.satisfaction": "...", "service": "..."}: each field's messages on one line, as these forms
    show them next to their question (``service_error_dict`` reads the service's error)."""
    return {field: " ".join(messages) for field, messages in service_error_dict(exc).items()}


def questions_with_values(version: FormVersion, data: dict | None, errors: dict[str, str]) -> list[dict]:
    """What the template renders: each question with the value given and its error, if any."""
    answers = (data or {}).get("answers", {})
    rows = []
    for q in version.questions.all():
        value = answers.get(q.code)
        rows.append(
            {
                "q": q,
                "name": PREFIX + q.code,
                "value": value,
                "values": value if isinstance(value, list) else ([value] if value else []),
                "key": f"answers.{q.code}",
                "error": errors.get(f"answers.{q.code}"),
            }
        )
    return rows


def general_errors(version: FormVersion, errors: dict[str, str]) -> list[tuple[str, str]]:
    """Errors not shown next to a question (service, sex, unknown questions...), to list at the top, as
    (label, message): the field's label as the user reads it ("Submitted on"), never its name."""
    shown = {f"answers.{q.code}" for q in version.questions.all()}
    return [(_field_label(field), message) for field, message in errors.items() if field not in shown]


def _field_label(field: str) -> str:
    if field.startswith("answers."):  # a posted question the form does not have: its code is all there is
        return field.removeprefix("answers.")
    try:
        return capfirst(Response._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:  # "__all__"
        return ""


def first_error(version: FormVersion, errors: dict[str, str]) -> str:
    """The first field in error in the page's order, to put the focus on ("" when none is a field)."""
    order = [
        "service",
        "sex",
        "age_band",
        *(f"answers.{q.code}" for q in version.questions.all()),
        "submitted_on",
    ]
    return next((field for field in order if field in errors), "")

"""Turning a posted HTML feedback form into the data dict the services validate, and errors back into
per-question messages. Shared by the public form, the invitation form and paper batch entry."""

from __future__ import annotations

from django.core.exceptions import ValidationError

from .models import FormVersion, Question

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
    """{"answers.satisfaction": "...", "service": "..."} from a service's ValidationError."""
    if hasattr(exc, "error_dict"):
        return {
            field: " ".join(str(m) for e in errors for m in e.messages)
            for field, errors in exc.error_dict.items()
        }
    return {"__all__": " ".join(exc.messages)}


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
                "error": errors.get(f"answers.{q.code}"),
            }
        )
    return rows


def general_errors(version: FormVersion, errors: dict[str, str]) -> dict[str, str]:
    """Errors not shown next to a question (service, sex, unknown questions...), to list at the top."""
    shown = {f"answers.{q.code}" for q in version.questions.all()}
    return {field: message for field, message in errors.items() if field not in shown}

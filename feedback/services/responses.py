"""Validating and storing anonymous responses."""

from __future__ import annotations

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from programmes.models import Service

from ..models import (
    AgeBand,
    Answer,
    BoxBatch,
    FormVersion,
    Question,
    Response,
    Sex,
)
from .common import MAX_TEXT, NOT_SURE

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
        # JSON clients may send anything: only a word, a boolean or 1/0 is an answer (a list or an object
        # is not, and must not reach a dict lookup)
        mapping = {"yes": 1, "no": 0, "1": 1, "0": 0, "true": 1, "false": 0}
        if isinstance(value, bool):
            key = "true" if value else "false"
        elif isinstance(value, (str, int)):
            key = str(value).strip().lower()
        else:
            key = None
        if key not in mapping:
            raise ValueError(_("Answer yes or no."))
        return {"number": mapping[key]}
    if kind == Question.Kind.SINGLE:
        if not isinstance(value, str) or value not in question.choice_codes():
            raise ValueError(_("Choose one of the offered answers."))
        return {"choices": [value]}
    if kind == Question.Kind.MULTIPLE:
        values = value if isinstance(value, list) else [value]
        if (
            not values
            or any(not isinstance(v, str) or v not in question.choice_codes() for v in values)
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


def _service_by_code(code: str, on: datetime.date | None = None) -> Service | None:
    """The service a code names on a given day: that year's programme first (codes are stable across
    years, so a paper form from last summer typed in today belongs to last year's service), else the
    latest."""
    services = Service.objects.filter(code=code)
    if on is not None:
        same_year = services.filter(programme__year=on.year).first()
        if same_year is not None:
            return same_year
    return services.order_by("-programme__year").first()


def response_clean(
    *, version: FormVersion, data: dict[str, Any], on: datetime.date | None = None
) -> tuple[dict[str, Any], list[tuple[Question, dict]]]:
    """Validate a filled form. ``data``: {"service": code|"not_sure"|"", "sex", "age_band", "answers": {code: value}}.

    Raises ValidationError with one message per field, named as the client sent it.
    """
    errors: dict[str, str] = {}
    form = version.form
    allowed = {"service", "sex", "age_band", "answers", "submitted_on"}
    for key in data:
        if key not in allowed:
            errors[str(key)[:50]] = _("Unknown field.")
    fields: dict[str, Any] = {"service": None, "sex": "", "age_band": ""}
    service_code = data.get("service") or ""
    if not isinstance(service_code, str) or len(service_code) > 60:
        errors["service"] = _("Unknown service.")
    elif service_code and service_code != NOT_SURE:
        if not form.asks_service:
            errors["service"] = _("This form does not ask for the service.")
        else:
            fields["service"] = _service_by_code(service_code, on)
            if fields["service"] is None:
                errors["service"] = _("Unknown service.")
    sex = data.get("sex") or ""
    if sex and (not isinstance(sex, str) or sex not in Sex.values):
        errors["sex"] = _("Choose female or male, or leave it empty.")
    fields["sex"] = sex if isinstance(sex, str) else ""
    age = data.get("age_band") or ""
    if age and (not isinstance(age, str) or age not in AgeBand.values):
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


@transaction.atomic
def response_submit(
    *,
    version: FormVersion,
    channel: str,
    data: dict[str, Any],
    submitted_on: datetime.date,
    batch: BoxBatch | None = None,
    import_key: str | None = None,
) -> Response:
    """Store one anonymous response (the day only, no person, no invitation)."""
    fields, cleaned = response_clean(version=version, data=data, on=submitted_on)
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

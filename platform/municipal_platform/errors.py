"""One place that turns a service's ValidationError into what the user reads: form errors on an HTML page,
a 400 keyed by field in the API (installed as REST_FRAMEWORK["EXCEPTION_HANDLER"])."""

from __future__ import annotations

from django import forms
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from rest_framework import exceptions
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler


def service_error_dict(exc: ValidationError) -> dict[str, list[str]]:
    """{field: [messages]} of a service's ValidationError; errors without a field under "__all__"."""
    if hasattr(exc, "error_dict"):
        return {field: [str(m) for m in messages] for field, messages in exc.message_dict.items()}
    return {NON_FIELD_ERRORS: [str(m) for m in exc.messages]}


def apply_service_errors(form: forms.Form, exc: ValidationError) -> None:
    """Put each message of a service's ValidationError next to the field it names, or at the top of the
    form when the form has no such field."""
    for field, messages in service_error_dict(exc).items():
        form.add_error(field if field in form.fields else None, messages)


def api_exception_handler(exc, context):
    """DRF's handler, taught that a service's Django ValidationError is a 400 keyed by field (the
    non-field key is DRF's ``non_field_errors``), so API views call services without a try block.

    A view whose input nests an object (``{"applicant": {...}, "service": ...}``) declares it as
    ``service_error_groups = {"applicant": ("personal_number", ...)}``: errors of those fields then come
    back nested the same way, ``{"applicant": {"personal_number": [...]}}``.
    """
    if isinstance(exc, ValidationError):
        detail: dict = {}
        groups = getattr(context.get("view"), "service_error_groups", {})
        for field, messages in service_error_dict(exc).items():
            group = next((name for name, fields in groups.items() if field in fields), None)
            key = api_settings.NON_FIELD_ERRORS_KEY if field == NON_FIELD_ERRORS else field
            (detail.setdefault(group, {}) if group else detail)[key] = messages
        exc = exceptions.ValidationError(detail)
    return exception_handler(exc, context)

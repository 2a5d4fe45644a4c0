"""Every write to the programmes register: one keyword-only, transactional function per use case.

Nothing else changes an application's status. Each function checks the caller's role (the acting user
is always ``actor``), validates its input (raising ``ValidationError`` with a dict that names the
offending field, before anything is written) and records what changed in the history.

The functions live in three modules by domain and are all importable from here:
``from programmes import services; services.application_decide(...)``.
"""

from .applications import (
    APPLICANT_FIELDS,
    APPLICATION_FIELDS,
    EDITABLE_FIELDS,
    application_decide,
    application_end_service,
    application_intake,
    application_mark_delivered,
    application_register,
    application_start_review,
    application_update,
    payment_record,
)
from .catalogue import (
    PROGRAMME_FIELDS,
    SERVICE_FIELDS,
    budget_line_set,
    programme_create,
    programme_update,
    service_create,
    service_update,
)
from .citizens import (
    CONTACT_FIELDS,
    IDENTITY_FIELDS,
    PERSON_FIELDS,
    consent_give,
    consent_withdraw,
    household_create,
    person_register,
    person_update,
)
from .personal_data import person_data_export, person_erase, person_erasure_plan

__all__ = [
    "APPLICANT_FIELDS",
    "APPLICATION_FIELDS",
    "CONTACT_FIELDS",
    "EDITABLE_FIELDS",
    "IDENTITY_FIELDS",
    "PERSON_FIELDS",
    "PROGRAMME_FIELDS",
    "SERVICE_FIELDS",
    "application_decide",
    "application_end_service",
    "application_intake",
    "application_mark_delivered",
    "application_register",
    "application_start_review",
    "application_update",
    "budget_line_set",
    "consent_give",
    "consent_withdraw",
    "household_create",
    "payment_record",
    "person_data_export",
    "person_erase",
    "person_erasure_plan",
    "person_register",
    "person_update",
    "programme_create",
    "programme_update",
    "service_create",
    "service_update",
]

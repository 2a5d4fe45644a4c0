"""Staff pages of the programmes register, by domain. Each view validates input, calls one service or
selector, and renders; role checks are repeated here only to refuse early (the services enforce them)."""

from .applications import (
    application_correct,
    application_create,
    application_decide,
    application_deliver,
    application_detail,
    application_end,
    application_export,
    application_list,
    application_review,
    decision_queue,
    payment_create,
)
from .catalogue import budget, budget_export, budget_line_edit, catalogue, programme_edit, service_edit
from .citizens import consent_withdraw, person_edit
from .personal_data import person_data, person_data_download, person_erase
from .summary import summary

__all__ = [
    "application_correct",
    "application_create",
    "application_decide",
    "application_deliver",
    "application_detail",
    "application_end",
    "application_export",
    "application_list",
    "application_review",
    "budget",
    "budget_export",
    "budget_line_edit",
    "catalogue",
    "consent_withdraw",
    "decision_queue",
    "payment_create",
    "person_data",
    "person_data_download",
    "person_edit",
    "person_erase",
    "programme_edit",
    "service_edit",
    "summary",
]

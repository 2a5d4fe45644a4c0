"""REST API of the programmes register (/api/v1/programmes/). Thin: validate, call a service or a
selector, shape the output. Errors from services come back as 400 with the offending field named."""

from .applications import (
    ApplicationDecideApi,
    ApplicationDeliverApi,
    ApplicationDetailApi,
    ApplicationEndServiceApi,
    ApplicationListApi,
    ApplicationPaymentApi,
    ApplicationReviewApi,
    ConsentListApi,
    ConsentWithdrawApi,
    PersonDetailApi,
    SummaryApi,
)
from .catalogue import BudgetApi, ProgrammeListApi, ServiceDetailApi, ServiceListApi
from .personal_data import PersonDataApi, PersonDataPdfApi, PersonEraseApi

__all__ = [
    "ApplicationDecideApi",
    "ApplicationDeliverApi",
    "ApplicationDetailApi",
    "ApplicationEndServiceApi",
    "ApplicationListApi",
    "ApplicationPaymentApi",
    "ApplicationReviewApi",
    "BudgetApi",
    "ConsentListApi",
    "ConsentWithdrawApi",
    "PersonDataApi",
    "PersonDataPdfApi",
    "PersonDetailApi",
    "PersonEraseApi",
    "ProgrammeListApi",
    "ServiceDetailApi",
    "ServiceListApi",
    "SummaryApi",
]

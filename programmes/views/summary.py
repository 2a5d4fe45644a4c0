"""The summary page: applications per service and period, as the user may read them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import render

from municipal_platform.errors import apply_service_errors
from municipal_platform.roles import role_required

from .. import selectors
from ..forms import SummaryFilterForm
from ._common import ALL_MUNICIPAL


@role_required(*ALL_MUNICIPAL)
def summary(request):
    """Aggregates per service for a period: what a council member may see (no names, no numbers)."""
    form = SummaryFilterForm(request.GET or None)
    received = None
    if form.is_bound and form.is_valid():
        received = selectors.received_period(
            form.cleaned_data["received_from"], form.cleaned_data["received_to"]
        )
    try:
        summary = selectors.summary_for(user=request.user, received=received)
    except ValidationError as exc:
        # a period a council member may not read: the message lists the reporting periods
        apply_service_errors(form, exc)
        summary = selectors.Summary(rows=[], totals=selectors.summary_totals([]), threshold=None)
    return render(
        request,
        "programmes/summary.html",
        {
            "form": form,
            "rows": summary.rows,
            "totals": summary.totals,
            "threshold": summary.threshold,
            "period": summary.period,
        },
    )

"""The summary page: applications per service and period, as the user may read them."""

from __future__ import annotations

from django.shortcuts import render

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
    summary = selectors.summary_for(user=request.user, received=received)
    return render(
        request,
        "programmes/summary.html",
        {"form": form, "rows": summary.rows, "totals": summary.totals, "threshold": summary.threshold},
    )

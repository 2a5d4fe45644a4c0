"""The head of service's oversight pages: the audit trail of a case and of a user (who read what), and
the inbox of notifications (violence referrals)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_POST

from municipal_platform.accounts.models import User
from municipal_platform.roles import role_required

from .. import selectors
from ..models import Case, Notification
from ._common import HEAD


@require_GET
@role_required(*HEAD)
def case_audit(request, pk: int):
    """Every read and change of one case, newest first. The trail outlives the case, so a deleted
    case's trail is still shown by its id."""
    trail = selectors.audit_trail(actor=request.user, case_id=pk)
    case = Case.objects.filter(pk=pk).first()
    page = Paginator(trail, 100).get_page(request.GET.get("page"))
    if case is None and not page.object_list:
        raise Http404
    return render(request, "child_support/audit.html", {"case": case, "case_id": pk, "page": page})


@require_GET
@role_required(*HEAD)
def user_audit(request, pk: int):
    """Every case one user read or changed, newest first."""
    person = get_object_or_404(User, pk=pk)
    page = Paginator(selectors.audit_trail(actor=request.user, user_id=pk), 100).get_page(
        request.GET.get("page")
    )
    return render(request, "child_support/audit.html", {"person": person, "page": page})


@require_GET
@role_required(*HEAD)
def notifications(request):
    rows = selectors.notifications_for(request.user)
    return render(request, "child_support/notifications.html", {"notifications": rows})


@require_POST
@role_required(*HEAD)
def notification_read(request, pk: int):
    # Only the user's own notice, once: marking a notice read is the inbox's own bookkeeping, not a
    # change of a case (no history or audit row).
    Notification.objects.filter(pk=pk, user=request.user, read_at__isnull=True).update(read_at=timezone.now())
    return redirect("child_support:notifications")

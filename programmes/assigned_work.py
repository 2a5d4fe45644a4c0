"""The open benefit applications under a staff member's name, shown to the head of service before the
member is deactivated (registered with municipal_platform.accounts.selectors.register_assigned_work)."""

from __future__ import annotations

from django.db.models import Q
from django.urls import reverse
from django.utils.text import capfirst

from municipal_platform.accounts.selectors import AssignedItem, AssignedWork, register_assigned_work
from municipal_platform.schemas import in_public_schema

from .models import BenefitApplication

FINAL_STATUSES = (BenefitApplication.Status.REJECTED, BenefitApplication.Status.SERVICE_ENDED)
SHOWN = 50


@register_assigned_work
def open_applications(user) -> AssignedWork | None:
    """Applications not yet rejected or ended that the user registered or decided."""
    if in_public_schema():
        return None
    applications = (
        BenefitApplication.objects.filter(Q(registered_by=user) | Q(decided_by=user))
        .exclude(status__in=FINAL_STATUSES)
        .select_related("service")
        .order_by("-received_on", "-id")
    )
    total = applications.count()
    if not total:
        return None
    # labels the model already has (and programmes' catalogue translates)
    meta = BenefitApplication._meta
    registered_by = meta.get_field("registered_by").verbose_name
    decided_by = meta.get_field("decided_by").verbose_name
    items = []
    for application in applications[:SHOWN]:
        relations = []
        if application.registered_by_id == user.pk:
            relations.append(str(registered_by))
        if application.decided_by_id == user.pk:
            relations.append(str(decided_by))
        items.append(
            AssignedItem(
                label=f"{application.number} · {application.service} · {application.get_status_display()}",
                url=reverse("programmes:application_detail", args=[application.pk]),
                relation=", ".join(relations),
            )
        )
    return AssignedWork(title=capfirst(str(meta.verbose_name_plural)), items=items, total=total)

"""Reads over the tenant registry."""

from django.db.models import QuerySet

from .models import Municipality


def municipality_list(*, include_suspended: bool = True) -> QuerySet[Municipality]:
    qs = Municipality.objects.exclude(schema_name="public").prefetch_related("domains").order_by("name_ka")
    if not include_suspended:
        qs = qs.filter(is_active=True)
    return qs

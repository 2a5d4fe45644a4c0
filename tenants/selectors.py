"""Reads over the tenant registry."""

from django.apps import apps
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from .models import Municipality


def municipality_list(*, include_suspended: bool = True) -> QuerySet[Municipality]:
    """The municipalities (never the association's own row), by Georgian name, domains prefetched."""
    qs = Municipality.objects.exclude(schema_name="public").prefetch_related("domains").order_by("name_ka")
    if not include_suspended:
        qs = qs.filter(is_active=True)
    return qs


def municipality_get(*, slug: str) -> Municipality:
    """The municipality with ``slug`` (404 when there is none, or for the association's row)."""
    return get_object_or_404(municipality_list(), slug=slug)


def municipality_has_contest_submissions(*, municipality: Municipality) -> bool:
    """Whether the municipality has submitted an application to the association's contest.

    The contest's Submission model (applications_contest.portal, app label ``contest_portal``) does not
    exist yet: until it does, no municipality has a submission. Once it arrives with its ``municipality``
    foreign key, this answers from it with no change here.
    """
    model = "contest_portal.Submission"  # a name, not a literal the type checker would resolve today
    try:
        submission = apps.get_model(model)
    except LookupError:
        return False
    return submission.objects.filter(municipality=municipality).exists()

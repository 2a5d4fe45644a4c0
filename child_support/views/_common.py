"""What the case pages share: who opens them, how a case is read for a page, and service errors on forms
that carry rows (children, plan actions, aid items, review members)."""

from __future__ import annotations

from collections import defaultdict

from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from municipal_platform.errors import service_error_dict
from municipal_platform.roles import Role

from .. import visibility
from ..models import Case

# The case pages: social workers (their own cases), the head of service (every case), commission
# members (the cases of an open meeting they sit on). Council members and the front desk read none.
CASE_READERS = (Role.SOCIAL_WORKER, Role.COMMISSION_MEMBER, Role.HEAD_OF_SERVICE)
CASE_WRITERS = (Role.SOCIAL_WORKER, Role.HEAD_OF_SERVICE)
HEAD = (Role.HEAD_OF_SERVICE,)


def read_case(request, pk, page: str, queryset: QuerySet[Case] | None = None) -> Case:
    """The case for a page, or 404; one row of the case's audit trail (visibility.case_read)."""
    return visibility.case_read(request.user, pk, what=f"page:{page}", queryset=queryset)


def read_case_for_change(request, pk, page: str) -> Case:
    """A case the user may change (a form page of it): 404 for anyone else, commission members
    included, who read a case in session but change nothing."""
    return read_case(request, pk, page, queryset=visibility.cases_changeable_by(request.user))


def may_change(user, case: Case) -> bool:
    """Whether the pages offer changes of ``case``: the same queryset the services lock the case in."""
    return visibility.can_change(user, case.pk)


def apply_errors(exc: ValidationError, form, *sections: str) -> dict[str, list[str]]:
    """Put each service message next to its field: a field of ``form``, or a section of rows (one of
    ``sections``: "children", "actions", "items", "members", "needs"), returned for the page to show
    above those rows; anything else at the top of the form. A section with no message reads as an empty
    list (a defaultdict: the template's ``sections.items`` would otherwise find ``dict.items``)."""
    shown: dict[str, list[str]] = defaultdict(list)
    for field, messages in service_error_dict(exc).items():
        # the services name ids ("review_id", "case_ids"); the forms pick the objects ("review", "cases")
        field = next(
            (
                f
                for f in (field, field.removesuffix("_id"), field.removesuffix("_ids") + "s")
                if f in form.fields
            ),
            field,
        )
        if field in form.fields:
            form.add_error(field, messages)
        elif field in sections:
            shown.setdefault(field, []).extend(messages)
        else:
            form.add_error(None, messages)
    return shown

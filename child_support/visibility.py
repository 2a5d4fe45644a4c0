"""Who reads which case: the one rule every page, API endpoint, export and PDF asks, and the audit row
each read and change writes.

- the head of service reads every case of the municipality;
- a user reads the cases assigned to them (social workers; a head of service who works a case);
- a commission member reads a case only while a meeting they sit on is open and the case is on its
  agenda, and never a restricted (violence) case;
- nobody else, other social workers and council members included: for them the case does not exist
  (404, never 403, so a case number cannot be probed).

The special-category text of a case (findings, needs' notes, conclusions, referral reasons and outcomes,
the closing note) is stored encrypted; `open_texts` is the one place that opens it, with a
``SpecialDataRead`` row per record, and `case_read` calls it for everything it loads.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Exists, Model, OuterRef, Q, QuerySet
from django.http import Http404

from municipal_platform.crypto import Sealed, read_special_many, special_fields
from municipal_platform.roles import Role, user_roles

from .models import Case, CaseAuditEntry, CommissionMeeting


def is_head(user) -> bool:
    return Role.HEAD_OF_SERVICE in user_roles(user)


def cases_visible_to(user) -> QuerySet[Case]:
    """The cases ``user`` may read, as a queryset (nothing for a visitor or any other role)."""
    if user is None or not user.is_authenticated:
        return Case.objects.none()
    roles = user_roles(user)
    if Role.HEAD_OF_SERVICE in roles:
        return Case.objects.all()
    rule = Q(assigned_worker=user)
    if Role.COMMISSION_MEMBER in roles:
        sitting = CommissionMeeting.objects.filter(
            status=CommissionMeeting.Status.OPEN, members=user, cases=OuterRef("pk")
        )
        rule |= Q(Exists(sitting), restricted=False)
    return Case.objects.filter(rule)


def can_read(user, case: Case) -> bool:
    """Whether ``user`` may read ``case``: `cases_visible_to` asked for one case (one query)."""
    return cases_visible_to(user).filter(pk=case.pk).exists()


def audit(user, case_id: int, *, kind: str, what: str) -> None:
    """Write one row of the case's audit trail (in the caller's transaction)."""
    CaseAuditEntry.objects.create(user=user, case_id=case_id, kind=kind, what=what[:100])


def case_read(user, pk, *, what: str, queryset: QuerySet[Case] | None = None) -> Case:
    """The case ``pk`` if ``user`` may read it, with the read written to the audit trail; else 404.

    ``what`` names the page or endpoint ("page:case_detail", "api:case_detail", "pdf:case"), and
    ``queryset`` may add ``select_related``/``prefetch_related`` for the caller.
    """
    try:
        case = (
            (queryset if queryset is not None else Case.objects.all())
            .filter(pk__in=cases_visible_to(user).values("pk"))
            .get(pk=pk)
        )
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None
    audit(user, case.pk, kind=CaseAuditEntry.Kind.READ, what=what)
    open_texts(user, [case, *_prefetched(case)], purpose=what)
    return case


def _prefetched(record: Model) -> list[Model]:
    """Every record prefetched under ``record``, at any depth (a case's assessments and their needs,
    reviews, referrals...)."""
    found: list[Model] = []
    for related in getattr(record, "_prefetched_objects_cache", {}).values():
        for row in related:
            found.append(row)
            found.extend(_prefetched(row))
    return found


def open_texts(actor, records: Iterable[Model], *, purpose: str) -> None:
    """Decrypt the special-category text of ``records`` in place (each attribute then holds its text, so
    a template, a serializer or a PDF shows it; "" where nothing was written), with one
    ``audit.SpecialDataRead`` row per record that held any, written in one INSERT. ``purpose`` names the
    page or endpoint. The caller has decided that ``actor`` may read the records (`case_read`)."""
    sealed: list[Model] = []
    for record in records:
        fields = special_fields(type(record))
        for field in fields:
            if getattr(record, field.attname) is None:
                setattr(record, field.attname, "")
        if any(isinstance(getattr(record, f.attname), Sealed) for f in fields):
            sealed.append(record)
    if not sealed:
        return
    for record, values in zip(
        sealed, read_special_many(actor=actor, instances=sealed, purpose=purpose), strict=True
    ):
        for name, text in values.items():
            setattr(record, name, text if text is not None else "")


def cases_changeable_by(user) -> QuerySet[Case]:
    """The cases ``user`` may change: their own, or every case for the head of service. A commission
    member reads the cases before a meeting but changes none."""
    if user is None or not user.is_authenticated:
        return Case.objects.none()
    if is_head(user):
        return Case.objects.all()
    if Role.SOCIAL_WORKER not in user_roles(user):
        return Case.objects.none()
    return Case.objects.filter(assigned_worker=user)


def can_change(user, pk) -> bool:
    """Whether ``user`` may change case ``pk`` (`cases_changeable_by` asked for one case; a malformed
    pk is no case)."""
    try:
        return cases_changeable_by(user).filter(pk=pk).exists()
    except (ValueError, TypeError):
        return False


def case_for_change(user, pk) -> Case:
    """The case ``pk`` locked for a change by ``user``; 404 if they may not change it (a case they may
    not read does not exist for them; one they only read as a commission member refuses the same way).
    The change's audit row is the service's to write, with `audit` (it knows what changed)."""
    try:
        return cases_changeable_by(user).select_for_update(of=("self",)).get(pk=pk)
    except (Case.DoesNotExist, ValueError, TypeError):
        raise Http404 from None

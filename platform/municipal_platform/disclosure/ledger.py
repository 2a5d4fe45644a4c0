"""The release ledger: figures shown to readers of suppressed figures are released once per reporting
period, kept, and every later release of the same period is checked against the earlier ones.

The rule (stated in the README, tested by tests/feedback/test_release_property.py and
tests/programmes/test_council_release_property.py):

1. A period's figures are released when first read after the period ended, or when its report is
   published. Every later reading serves that release: an entry made afterwards (a late paper form, an
   application decided later) changes no released figure, so two readings can never be subtracted.
2. A new version of a period is released only with different figures (a corrected report). Its hidden
   cells start from every cell hidden in an earlier version; then, against each earlier version, the table
   of differences (cell by cell) is suppressed as a table of its own would be, and every cell that this
   hides (a difference between 1 and the threshold minus 1, its complementary cell, a zero that would
   reveal a group) is hidden in the new version too, until nothing changes. So neither version, nor their
   difference, shows a count between 1 and the threshold minus 1.
3. A reporting year is the sum of its periods' latest versions and shows a cell only when every version of
   every one of its periods showed it: it adds nothing a reader could not add up from the periods.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable
from typing import Any

from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction

from ..periods import Period
from ..schemas import current_schema
from .models import Release

# (figures, cells hidden whatever their value) -> every cell the released view hides
HiddenOf = Callable[[Any, set[Any]], set[Any]]
# (new figures, earlier figures) -> the absolute differences, cell by cell, as figures of the same shape
Difference = Callable[[Any, Any], Any]


def as_json(figures: Any) -> Any:
    """``figures`` as they are stored (dates and decimals as text, tuples as lists)."""
    return json.loads(json.dumps(figures, cls=DjangoJSONEncoder))


def _encoded(cells: Iterable[Any]) -> list[Any]:
    values = [list(c) if isinstance(c, tuple) else c for c in cells]
    return sorted(values, key=lambda v: json.dumps(v, sort_keys=True))


def hidden_cells(release: Release) -> set[Any]:
    """The cells ``release`` hides, with the tuple keys the suppression functions use."""
    return {tuple(c) if isinstance(c, list) else c for c in release.hidden}


def versions(topic: str, period: Period) -> list[Release]:
    """Every release of ``topic`` for ``period``, oldest first."""
    return list(
        Release.objects.filter(topic=topic, first_day=period.first_day, last_day=period.last_day).order_by(
            "version"
        )
    )


def _lock(topic: str, period: Period) -> None:
    # one writer per topic and period at a time: two first readings must not release twice
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT pg_advisory_xact_lock(hashtext(%s))",
            [f"release:{current_schema()}:{topic}:{period.first_day}:{period.last_day}"],
        )


def _create(
    topic: str, period: Period, figures: Any, hidden: set[Any], *, threshold: int, version: int, reason: str
) -> Release:
    return Release.objects.create(
        topic=topic,
        first_day=period.first_day,
        last_day=period.last_day,
        version=version,
        figures=figures,
        hidden=_encoded(hidden),
        threshold=threshold,
        reason=reason[:200],
    )


def current_of_each(
    topic: str,
    periods: list[Period],
    *,
    compute: Callable[[Period], Any],
    hidden_of: HiddenOf,
    threshold: int,
) -> list[Release]:
    """The latest release of each of ``periods`` (one query once they are all released); a period with
    none is released now from ``compute(period)``."""
    latest: dict[tuple, Release] = {}
    if periods:
        rows = Release.objects.filter(
            topic=topic,
            first_day__gte=min(p.first_day for p in periods),
            last_day__lte=max(p.last_day for p in periods),
        ).order_by("version")
        latest = {(r.first_day, r.last_day): r for r in rows}
    return [
        latest.get((p.first_day, p.last_day))
        or current(topic, p, compute=functools.partial(compute, p), hidden_of=hidden_of, threshold=threshold)
        for p in periods
    ]


def current(
    topic: str, period: Period, *, compute: Callable[[], Any], hidden_of: HiddenOf, threshold: int
) -> Release:
    """The latest release of ``period``; released now from ``compute()`` when there is none yet."""
    found = versions(topic, period)
    if found:
        return found[-1]
    with transaction.atomic():
        _lock(topic, period)
        found = versions(topic, period)
        if found:
            return found[-1]
        figures = as_json(compute())
        return _create(
            topic,
            period,
            figures,
            hidden_of(figures, set()),
            threshold=threshold,
            version=1,
            reason="first reading",
        )


def release_figures(
    topic: str,
    period: Period,
    figures: Any,
    *,
    hidden_of: HiddenOf,
    difference: Difference,
    threshold: int,
    reason: str,
) -> Release:
    """Release ``figures`` for ``period`` (a published or corrected report): the latest release when the
    figures are the same, else a new version checked against every earlier one (rule 2 above)."""
    figures = as_json(figures)
    with transaction.atomic():
        _lock(topic, period)
        earlier = versions(topic, period)
        if earlier and earlier[-1].figures == figures:
            return earlier[-1]
        hidden = hidden_in_new_version(
            figures,
            [(r.figures, hidden_cells(r)) for r in earlier],
            hidden_of=hidden_of,
            difference=difference,
        )
        return _create(
            topic, period, figures, hidden, threshold=threshold, version=len(earlier) + 1, reason=reason
        )


def hidden_in_new_version(
    figures: Any, earlier: list[tuple[Any, set[Any]]], *, hidden_of: HiddenOf, difference: Difference
) -> set[Any]:
    """The cells a new version of a period's ``figures`` hides, given its ``earlier`` versions (figures,
    hidden cells): rule 2 above."""
    hidden = hidden_of(figures, set().union(*(theirs for _figures, theirs in earlier)))
    while True:
        extra: set[Any] = set()
        for their_figures, theirs in earlier:
            extra |= hidden_of(difference(figures, their_figures), hidden | theirs) - theirs
        # hiding more never shows less, so this ends; cells only the earlier figures have stay unshown
        widened = hidden_of(figures, hidden | extra)
        if widened == hidden:
            return hidden
        hidden = widened


def hidden_in_any_version(topic: str, periods: Iterable[Period]) -> set[Any]:
    """Every cell hidden in any version of any of ``periods`` (what a reporting year must hide)."""
    hidden: set[Any] = set()
    for period in periods:
        for release in versions(topic, period):
            hidden |= hidden_cells(release)
    return hidden

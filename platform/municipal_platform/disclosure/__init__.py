"""What periods figures are released for: the municipality's reporting calendar and the period checks.

Readers of suppressed figures (council members, citizens, every published page and PDF) get figures for
the calendar's fixed, non-overlapping periods only, and for reporting years made of whole periods: two
overlapping periods subtracted would give back the small cells, which is why statistics offices publish
fixed periods. Exact readers (the municipality's staff) may ask for any period of at least one month, so
that one day's single response cannot be read back as one person's full answers.
"""

from __future__ import annotations

import datetime
from calendar import monthrange
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from ..clock import today
from ..periods import ONE_DAY, Period

# With no start date set, periods are counted from this day: March-May, June-August, and so on.
DEFAULT_START = datetime.date(2000, 3, 1)
# How many of the latest periods an error message lists.
LISTED = 8


def add_months(day: datetime.date, months: int) -> datetime.date:
    """``day`` moved by whole months (the day of the month kept, or the month's last day when shorter)."""
    index = day.year * 12 + day.month - 1 + months
    year, month = index // 12, index % 12 + 1
    return datetime.date(year, month, min(day.day, monthrange(year, month)[1]))


@dataclass(frozen=True)
class ReportingCalendar:
    start: datetime.date = DEFAULT_START
    months: int = 3

    @property
    def per_year(self) -> int:
        return 12 // self.months

    def period(self, index: int) -> Period:
        """The ``index``-th period (0 is the first, from ``start``)."""
        first = add_months(self.start, index * self.months)
        return Period.from_bounds(first, add_months(self.start, (index + 1) * self.months))

    def year(self, index: int) -> Period:
        """The ``index``-th reporting year: ``per_year`` whole periods from the start's anniversary."""
        return Period.from_bounds(
            add_months(self.start, 12 * index), add_months(self.start, 12 * (index + 1))
        )

    def index_of(self, day: datetime.date) -> int:
        """The index of the period holding ``day`` (negative before the start)."""
        months = (day.year - self.start.year) * 12 + day.month - self.start.month
        if day.day < self.start.day:
            months -= 1
        return months // self.months

    def is_period(self, period: Period) -> bool:
        return period.first_day >= self.start and self.period(self.index_of(period.first_day)) == period

    def is_year(self, period: Period) -> bool:
        index = self.index_of(period.first_day)
        return index >= 0 and index % self.per_year == 0 and self.year(index // self.per_year) == period

    def is_release(self, period: Period) -> bool:
        """Whether figures of ``period`` may be released to readers of suppressed figures."""
        return self.is_period(period) or self.is_year(period)

    def periods_of_year(self, year: Period) -> list[Period]:
        first = self.index_of(year.first_day)
        return [self.period(first + i) for i in range(self.per_year)]

    def year_of(self, period: Period) -> Period:
        """The reporting year a calendar period belongs to."""
        return self.year(self.index_of(period.first_day) // self.per_year)

    def latest(self, *, on: datetime.date, count: int = LISTED) -> list[Period]:
        """The last ``count`` periods that ended before ``on`` (newest last), then the years among them
        that have ended."""
        last = self.index_of(on) - 1
        indexes = [i for i in range(last - count + 1, last + 1) if i >= 0]
        periods = [self.period(i) for i in indexes]
        years = [
            self.year(i // self.per_year)
            for i in indexes
            if i % self.per_year == 0 and self.year(i // self.per_year).last_day < on
        ]
        return periods + years


def reporting_calendar() -> ReportingCalendar:
    """The current municipality's calendar, from its feedback settings."""
    # Imported here: the feedback app imports this module's package, and only its settings row is needed.
    from feedback.models import FeedbackSettings

    row = FeedbackSettings.objects.order_by("pk").values("reporting_start", "reporting_months").first()
    if not row:
        return ReportingCalendar()
    return ReportingCalendar(
        start=row["reporting_start"] or DEFAULT_START, months=row["reporting_months"] or 3
    )


def _named(period: Period) -> str:
    return f"{period.first_day.isoformat()} – {period.last_day.isoformat()}"


def release_period_or_error(
    period: Period, *, calendar: ReportingCalendar | None = None, field: str = "from"
) -> Period:
    """``period`` when it is one of the calendar's periods or years and has ended, else a ValidationError
    on ``field`` listing the periods that exist."""
    calendar = calendar or reporting_calendar()
    if calendar.is_release(period) and period.last_day < today():
        # an unfinished period's figures would change from one day to the next: released once it ended
        return period
    listed = ", ".join(_named(p) for p in calendar.latest(on=today()))
    raise ValidationError(
        {
            field: _(
                "Figures are released for the municipality's reporting periods only (its first and last day "
                "as listed): %(periods)s."
            )
            % {"periods": listed or _("none yet")}
        }
    )


def exact_period_or_error(period: Period, *, field: str = "to") -> Period:
    """``period`` when it covers at least one month (e.g. 5 June to 4 July), else a ValidationError on
    ``field``: even exact readers do not narrow figures down to a few responses."""
    if period.last_day < add_months(period.first_day, 1) - ONE_DAY:
        raise ValidationError({field: _("A period covers at least one month.")})
    return period

"""Periods, one convention for the whole product.

Every period a person gives or reads (a page's filter, an API parameter, a command's option, a report's
heading) names its first and its last day, both included: "1 June to 31 August". Inside, queries take
``date >= period.first_day`` and ``date < period.end`` (the day after the last), which stays right for
timestamps too. Only this module converts between the two.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ONE_DAY = datetime.timedelta(days=1)


@dataclass(frozen=True)
class Period:
    first_day: datetime.date
    last_day: datetime.date  # included

    @property
    def end(self) -> datetime.date:
        """The day after the last day: the exclusive bound queries use."""
        return self.last_day + ONE_DAY

    @classmethod
    def from_bounds(cls, first_day: datetime.date, end: datetime.date) -> Period:
        """The period from ``first_day`` up to, not including, ``end`` (how stored reports keep it)."""
        return cls(first_day=first_day, last_day=end - ONE_DAY)

    def __contains__(self, day: datetime.date) -> bool:
        return self.first_day <= day <= self.last_day

    @property
    def days(self) -> int:
        return (self.end - self.first_day).days


def period_or_error(
    first_day: datetime.date, last_day: datetime.date, *, from_field: str = "from", to_field: str = "to"
) -> Period:
    """The period, or a ValidationError naming ``to_field`` when it ends before it starts."""
    if last_day < first_day:
        raise ValidationError({to_field: _("The period cannot end before it starts.")})
    return Period(first_day=first_day, last_day=last_day)

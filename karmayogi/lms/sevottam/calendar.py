"""Working days on an organisation's calendar: its weekend days and gazetted holidays are not counted.

Pure functions over a `WorkingCalendar`, so the rules can be tested without a database, including
holidays that fall on a weekend and deadlines that run across a year end.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

DEFAULT_WEEKEND = frozenset({5, 6})  # Saturday and Sunday; Monday is 0
MAX_SPAN_DAYS = 3_660  # ten years: a count beyond this is a mistake, not a deadline


@dataclass(frozen=True)
class WorkingCalendar:
    weekend: frozenset[int] = DEFAULT_WEEKEND
    holidays: frozenset[date] = field(default_factory=frozenset)

    @classmethod
    def of(cls, weekend: Iterable[int], holidays: Iterable[date]) -> WorkingCalendar:
        days = frozenset(weekend)
        if not days <= set(range(7)) or len(days) > 6:
            raise ValueError("weekend days are 0 (Monday) to 6 (Sunday), at most six of them")
        return cls(days, frozenset(holidays))

    def is_working_day(self, day: date) -> bool:
        return day.weekday() not in self.weekend and day not in self.holidays

    def add_working_days(self, start: date, days: int) -> date:
        """The day on which `days` working days after `start` have passed; `start` itself is not counted."""
        if days < 0:
            raise ValueError("days must not be negative")
        current, counted = start, 0
        while counted < days:
            current += timedelta(days=1)
            if (current - start).days > MAX_SPAN_DAYS:
                raise ValueError("the calendar has no working days left in this span")
            if self.is_working_day(current):
                counted += 1
        return current

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (negative when `end` is earlier)."""
        if end < start:
            return -self.working_days_between(end, start)
        if (end - start).days > MAX_SPAN_DAYS:
            raise ValueError("the span is longer than ten years")
        return sum(
            1 for n in range(1, (end - start).days + 1) if self.is_working_day(start + timedelta(days=n))
        )

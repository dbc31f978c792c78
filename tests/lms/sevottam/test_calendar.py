"""Working days: weekends and gazetted holidays are skipped, across month and year ends."""

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st

from karmayogi.lms.sevottam.calendar import WorkingCalendar
from karmayogi.lms.sevottam.escalation import overdue_cutoff

HOLIDAYS = WorkingCalendar.of([5, 6], [date(2026, 12, 25), date(2027, 1, 1), date(2027, 1, 26)])


def test_a_deadline_runs_across_the_year_end_and_skips_christmas_and_new_year() -> None:
    # Thursday 24 December 2026: 25 Dec (Fri) and 1 Jan (Fri) are holidays, weekends are off.
    assert HOLIDAYS.add_working_days(date(2026, 12, 24), 1) == date(2026, 12, 28)
    assert HOLIDAYS.add_working_days(date(2026, 12, 24), 5) == date(2027, 1, 4)
    # 30 working days from 24 Dec 2026 also skips Republic Day.
    assert HOLIDAYS.add_working_days(date(2026, 12, 24), 30) == date(2027, 2, 9)


def test_a_holiday_on_a_weekend_costs_nothing_extra() -> None:
    on_saturday = WorkingCalendar.of([5, 6], [date(2026, 8, 15)])  # Independence Day 2026 is a Saturday
    plain = WorkingCalendar.of([5, 6], [])
    assert on_saturday.add_working_days(date(2026, 8, 13), 3) == plain.add_working_days(date(2026, 8, 13), 3)


def test_a_six_day_week_counts_saturdays() -> None:
    six = WorkingCalendar.of([6], [])
    assert six.add_working_days(date(2026, 12, 4), 1) == date(2026, 12, 5)  # Friday -> Saturday


def test_counting_between_days_agrees_with_adding() -> None:
    assert HOLIDAYS.working_days_between(date(2026, 12, 24), date(2027, 1, 4)) == 5
    assert HOLIDAYS.working_days_between(date(2027, 1, 4), date(2026, 12, 24)) == -5
    assert HOLIDAYS.working_days_between(date(2026, 12, 26), date(2026, 12, 27)) == 0  # a weekend


def test_a_calendar_with_no_working_days_is_refused() -> None:
    with pytest.raises(ValueError):
        WorkingCalendar.of(range(7), [])


def test_overdue_cutoff_counts_back_over_the_year_end() -> None:
    # On Monday 4 Jan 2027, a grievance due on or before Sunday 27 Dec 2026 is five working days overdue;
    # one due on the 28th is four.
    assert overdue_cutoff(HOLIDAYS, date(2027, 1, 4), 5) == date(2026, 12, 27)
    assert HOLIDAYS.working_days_between(date(2026, 12, 27), date(2027, 1, 4)) == 5
    assert HOLIDAYS.working_days_between(date(2026, 12, 28), date(2027, 1, 4)) == 4


@given(start=st.dates(date(2020, 1, 1), date(2030, 12, 31)), n=st.integers(0, 60))
def test_adding_then_counting_gives_back_the_same_number(start: date, n: int) -> None:
    end = HOLIDAYS.add_working_days(start, n)
    assert HOLIDAYS.working_days_between(start, end) == n
    assert n == 0 or HOLIDAYS.is_working_day(end)

"""Working days for meetings and calls: no weekends, no Danish public holidays, nothing 24 December – 1 January.

Pure (no Django). The ``holidays`` package knows the Danish public holidays
(Easter-dependent ones included); the Christmas closure is the advisory function's
own rule, since few municipal staff are at work then.
"""

from __future__ import annotations

import datetime
from functools import lru_cache

import holidays


@lru_cache(maxsize=64)
def _danish_holidays(year: int) -> frozenset[datetime.date]:
    if not holidays.DK.start_year <= year <= holidays.DK.end_year:
        return frozenset()  # the package knows none there: not worth its time for each of thousands of years
    return frozenset(holidays.country_holidays("DK", years=year).keys())


@lru_cache(maxsize=512)
def _christmas_closure(year: int) -> frozenset[datetime.date]:
    """1 January and 24–31 December of the year: the advisory function's Christmas closure."""
    return frozenset({datetime.date(year, 1, 1), *(datetime.date(year, 12, day) for day in range(24, 32))})


def in_christmas_closure(day: datetime.date) -> bool:
    return day in _christmas_closure(day.year)


@lru_cache(maxsize=8192)
def is_working_day(day: datetime.date) -> bool:
    if day.weekday() >= 5:
        return False
    if in_christmas_closure(day):
        return False
    return day not in _danish_holidays(day.year)


@lru_cache(maxsize=512)
def _closed_weekdays(year: int) -> tuple[datetime.date, ...]:
    """Monday to Friday days of the year that are not working days: public holidays and the Christmas closure."""
    return tuple(sorted(day for day in _danish_holidays(year) | _christmas_closure(year) if day.weekday() < 5))


def _weekdays_through(day: datetime.date) -> int:
    """Monday to Friday days from 1 January of year 1 (a Monday) to ``day``, both included."""
    weeks, rest = divmod(day.toordinal(), 7)
    return weeks * 5 + min(rest, 5)


def working_days_between(first: datetime.date, second: datetime.date) -> int:
    """Working days in the half-open interval (earlier, later]: the distance used for tolerances.

    Counted per year, not per day, so any two dates cost as little as the years between them.
    """
    start, end = (first, second) if first <= second else (second, first)
    count = _weekdays_through(end) - _weekdays_through(start)
    for year in range(start.year, end.year + 1):
        count -= sum(1 for day in _closed_weekdays(year) if start < day <= end)
    return count


def _days_from(day: datetime.date, distance: int) -> list[datetime.date]:
    """The days ``distance`` before and after ``day`` (earlier first), leaving out any beyond the calendar."""
    found = []
    for delta in (-distance, distance):
        try:
            found.append(day + datetime.timedelta(days=delta))
        except OverflowError:
            continue
    return found


def nearest_working_day(nominal: datetime.date, tolerance: int, *, search_days: int = 30) -> datetime.date:
    """The allowed day nearest to ``nominal`` within ``tolerance`` working days.

    Ties go to the earlier day, so a call "about 14 days before" never drifts
    towards the meeting it prepares. When no day within the tolerance is allowed,
    the nearest allowed day beyond it is returned and the validator reports it.
    """
    if is_working_day(nominal):
        return nominal
    fallback: datetime.date | None = None
    for distance in range(1, search_days + 1):
        for candidate in _days_from(nominal, distance):
            if not is_working_day(candidate):
                continue
            if working_days_between(nominal, candidate) <= tolerance:
                return candidate
            if fallback is None:
                fallback = candidate
    if fallback is None:  # pragma: no cover - a 30-day closure does not exist in Denmark
        raise ValueError(f"No working day within {search_days} days of {nominal}.")
    return fallback

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
    return frozenset(holidays.country_holidays("DK", years=year).keys())


def in_christmas_closure(day: datetime.date) -> bool:
    return (day.month == 12 and day.day >= 24) or (day.month == 1 and day.day == 1)


@lru_cache(maxsize=8192)
def is_working_day(day: datetime.date) -> bool:
    if day.weekday() >= 5:
        return False
    if in_christmas_closure(day):
        return False
    return day not in _danish_holidays(day.year)


def why_not_working_day(day: datetime.date) -> str | None:
    """A Danish reason a day is not a working day, or None when it is one."""
    if day.weekday() == 5:
        return "lørdag"
    if day.weekday() == 6:
        return "søndag"
    if in_christmas_closure(day):
        return "juleperioden (24. december – 1. januar)"
    name = holidays.country_holidays("DK", years=day.year, language="da").get(day)
    if name:
        return f"helligdag ({name})"
    return None


def working_days_between(first: datetime.date, second: datetime.date) -> int:
    """Working days in the half-open interval (earlier, later]: the distance used for tolerances."""
    start, end = (first, second) if first <= second else (second, first)
    count = 0
    day = start + datetime.timedelta(days=1)
    while day <= end:
        if is_working_day(day):
            count += 1
        day += datetime.timedelta(days=1)
    return count


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
        for candidate in (nominal - datetime.timedelta(days=distance), nominal + datetime.timedelta(days=distance)):
            if not is_working_day(candidate):
                continue
            if working_days_between(nominal, candidate) <= tolerance:
                return candidate
            if fallback is None:
                fallback = candidate
    if fallback is None:  # pragma: no cover - a 30-day closure does not exist in Denmark
        raise ValueError(f"No working day within {search_days} days of {nominal}.")
    return fallback

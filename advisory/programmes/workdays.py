"""Working days for meetings and calls: no weekends, no Danish public holidays, nothing 24 December – 1 January;
and the year's soft closed periods (the summer holiday and the like), which joint meetings avoid.

Pure (no Django). The ``holidays`` package knows the Danish public holidays
(Easter-dependent ones included); the Christmas closure is the advisory function's
own rule, since few municipal staff are at work then.
"""

from __future__ import annotations

import datetime
import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import holidays
import jsonschema
from dateutil.easter import easter


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


def next_working_day(day: datetime.date) -> datetime.date:
    """``day`` itself when it is a working day, else the first working day after it (a period's first day)."""
    while not is_working_day(day):
        day += datetime.timedelta(days=1)
    return day


def previous_working_day(day: datetime.date) -> datetime.date:
    """``day`` itself when it is a working day, else the last working day before it (a period's last day)."""
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    return day


# --- the year's soft closed periods -------------------------------------------------------------
#
# Days that are working days but poor choices for a joint meeting: the summer holiday, the winter and autumn
# school holidays, Grundlovsdag and the Friday after Ascension. They are data (``data/year/*.json``, checked
# against ``year.schema.json``; the setting PLANNING_YEAR_FILE names the deployment's file): the generator
# avoids them where the rules' tolerances allow, the validator warns where they do not (see ``scheduling``).

BASE_DIR = Path(__file__).resolve().parents[2]
YEAR_DIR = BASE_DIR / "data" / "year"
DEFAULT_YEAR_FILE = YEAR_DIR / "denmark.json"
YEAR_SCHEMA = YEAR_DIR / "year.schema.json"


class YearFileError(ValueError):
    """A year file that cannot be used; the message names the file and the place of the bad value."""


@dataclass(frozen=True)
class SoftPeriod:
    """One soft closed period, recurring every year: ISO weeks, a fixed day, or a day counted from Easter Sunday."""

    key: str
    name: str  # Danish, as a message names it: "sommerferien"
    weeks: frozenset[int] = frozenset()
    month_day: tuple[int, int] | None = None
    easter_offset: int | None = None

    def contains(self, day: datetime.date) -> bool:
        if self.weeks and day.isocalendar()[1] in self.weeks:
            return True
        if self.month_day is not None and (day.month, day.day) == self.month_day:
            return True
        return self.easter_offset is not None and day == _easter(day.year) + datetime.timedelta(self.easter_offset)


@lru_cache(maxsize=512)
def _easter(year: int) -> datetime.date:
    return easter(year)


@dataclass(frozen=True)
class YearCalendar:
    """The soft closed periods of a deployment's year."""

    soft_periods: tuple[SoftPeriod, ...] = ()

    def soft_period_on(self, day: datetime.date) -> SoftPeriod | None:
        """The first soft closed period ``day`` lies in, or None."""
        return next((period for period in self.soft_periods if period.contains(day)), None)

    def period(self, key: str) -> SoftPeriod | None:
        return next((period for period in self.soft_periods if period.key == key), None)


def year_calendar_from_dict(data: Mapping[str, Any]) -> YearCalendar:
    """The calendar for a year file's data (already checked against the schema)."""
    periods = []
    for item in data.get("soft_closed_periods", []):
        month_day = (int(item["date"]["month"]), int(item["date"]["day"])) if "date" in item else None
        periods.append(
            SoftPeriod(
                key=str(item["key"]),
                name=str(item["name"]),
                weeks=frozenset(int(week) for week in item.get("weeks", ())),
                month_day=month_day,
                easter_offset=int(item["easter_offset"]) if "easter_offset" in item else None,
            )
        )
    keys = [period.key for period in periods]
    if len(set(keys)) != len(keys):
        raise YearFileError(f"more than one soft closed period with the same key: {', '.join(sorted(keys))}")
    return YearCalendar(tuple(periods))


def read_year_file(path: Path) -> YearCalendar:
    """The calendar in a year file, checked against ``year.schema.json``; YearFileError naming what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        schema = json.loads(YEAR_SCHEMA.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as exc:
        raise YearFileError(f"{path}: {exc}") from exc
    error = jsonschema.exceptions.best_match(jsonschema.Draft202012Validator(schema).iter_errors(data))
    if error is not None:
        where = "/".join(str(part) for part in error.absolute_path) or "(the top level)"
        raise YearFileError(f"{path}: at {where}: {error.message}")
    try:
        return year_calendar_from_dict(data)
    except YearFileError as exc:
        raise YearFileError(f"{path}: {exc}") from exc


_year_file: Path = DEFAULT_YEAR_FILE


def configure_year(path: Path | str | None) -> None:
    """Use the year file at ``path`` (None: the default, ``data/year/denmark.json``); read at its first use."""
    global _year_file
    _year_file = Path(path) if path else DEFAULT_YEAR_FILE
    year_calendar.cache_clear()


@lru_cache(maxsize=1)
def year_calendar() -> YearCalendar:
    """The deployment's year: the configured file's soft closed periods (read once per process)."""
    return read_year_file(_year_file)


def nearest_open_day(
    calendar: YearCalendar,
    nominal: datetime.date,
    allowed: Callable[[datetime.date], bool],
    *,
    search_days: int = 45,
) -> datetime.date | None:
    """The working day nearest to ``nominal`` (the earlier on a tie) outside every soft closed period for which
    ``allowed`` holds, within ``search_days`` calendar days; None when there is none."""
    for distance in range(search_days + 1):
        for candidate in _days_from(nominal, distance) if distance else [nominal]:
            if is_working_day(candidate) and calendar.soft_period_on(candidate) is None and allowed(candidate):
                return candidate
    return None


def last_open_day(calendar: YearCalendar, day: datetime.date, *, search_days: int = 60) -> datetime.date | None:
    """``day`` or the last working day before it outside every soft closed period, within ``search_days``."""
    for _ in range(search_days + 1):
        if is_working_day(day) and calendar.soft_period_on(day) is None:
            return day
        day -= datetime.timedelta(days=1)
    return None


def add_working_days(day: datetime.date, count: int) -> datetime.date:
    """The day ``count`` working days after ``day`` (``day`` itself for 0)."""
    for _ in range(max(count, 0)):
        day += datetime.timedelta(days=1)
        while not is_working_day(day):
            day += datetime.timedelta(days=1)
    return day

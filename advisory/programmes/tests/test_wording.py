"""The engine's violations worded at the edge: each code and its parameters to the same Danish as before."""

from __future__ import annotations

import ast
import datetime
from pathlib import Path

import pytest
from django.utils import translation

from advisory.programmes import scheduling
from advisory.programmes.scheduling import Violation
from advisory.programmes.wording import WordedViolation, violation_message, worded

D = datetime.date
RULE = "senest 6 måneder efter opstartsmødet"


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (D(2027, 4, 10), "Fælles refleksionsmøde 1 ligger på en lørdag (10. april 2027)."),
        (D(2027, 4, 11), "Fælles refleksionsmøde 1 ligger på en søndag (11. april 2027)."),
        (
            D(2027, 12, 28),
            "Fælles refleksionsmøde 1 ligger på en dag i juleperioden (24. december – 1. januar) (28. dec. 2027).",
        ),
        (D(2027, 3, 25), "Fælles refleksionsmøde 1 ligger på en helligdag (Skærtorsdag) (25. marts 2027)."),
        (D(2027, 3, 24), "Fælles refleksionsmøde 1 ligger på en fridag (24. marts 2027)."),  # a working day: no reason
    ],
)
def test_a_day_that_is_not_a_working_day(day: datetime.date, expected: str) -> None:
    violation = Violation(
        "reflection_meeting-1", "non_working_day", 0, {"title": "Fælles refleksionsmøde 1", "day": day}
    )
    assert violation_message(violation) == expected


@pytest.mark.parametrize(("late", "days"), [(1, "1 dag"), (9, "9 dage")])
def test_past_a_deadline(late: int, days: str) -> None:
    params: dict[str, str | int | datetime.date] = {
        "title": "Afsluttende møde",
        "rule": RULE,
        "days_late": late,
        "deadline": D(2027, 8, 1),
    }
    assert violation_message(Violation("closing_meeting", "deadline", late, params)) == (
        f"Afsluttende møde ligger {days} efter fristen »{RULE}«."
    )


@pytest.mark.parametrize(
    ("over", "direction", "text"),
    [
        (1, "late", "1 arbejdsdag for sent"),
        (3, "late", "3 arbejdsdage for sent"),
        (1, "early", "1 arbejdsdag for tidligt"),
        (4, "early", "4 arbejdsdage for tidligt"),
    ],
)
def test_away_from_an_offset(over: int, direction: str, text: str) -> None:
    rule = "ca. 1 måned efter skriftligt tilsagn (±5 arbejdsdage)"
    params: dict[str, str | int | datetime.date] = {
        "title": "Opstartsmøde",
        "rule": rule,
        "working_days": over,
        "direction": direction,
        "target": D(2027, 2, 11),
    }
    assert violation_message(Violation("kickoff", "offset", 10, params)) == (
        f"Opstartsmøde ligger {text} i forhold til »{rule}« (11. feb. 2027)."
    )


def test_too_few() -> None:
    rule = "minimum 2 fælles refleksionsmøder"
    params: dict[str, str | int | datetime.date] = {
        "title": "Fælles refleksionsmøde",
        "rule": rule,
        "count": 1,
        "minimum": 2,
    }
    assert violation_message(Violation("reflection_meeting", "min_count", 1, params)) == (
        f"Der er 1 af »fælles refleksionsmøde«; reglen er »{rule}«."
    )


@pytest.mark.parametrize(("gap", "days"), [(1, "1 dag"), (9, "9 dage")])
def test_too_close(gap: int, days: str) -> None:
    rule = "mindst 3 uger mellem statusmøderne"
    params: dict[str, str | int | datetime.date] = {
        "title": "Statusmøde 2",
        "rule": rule,
        "gap_days": gap,
        "minimum": 21,
    }
    assert violation_message(Violation("status_meeting-2", "min_gap", 21 - gap, params)) == (
        f"Statusmøde 2: kun {days} mellem møderne; reglen er »{rule}«."
    )


def test_the_wording_follows_the_active_language() -> None:
    saturday = Violation("kickoff", "non_working_day", 0, {"title": "Opstartsmøde", "day": D(2027, 4, 10)})
    holiday = Violation("kickoff", "non_working_day", 0, {"title": "Opstartsmøde", "day": D(2027, 3, 25)})
    with translation.override("en"):
        assert violation_message(saturday) == "Opstartsmøde falls on a Saturday (10 Apr 2027)."
        assert violation_message(holiday) == "Opstartsmøde falls on a public holiday (Maundy Thursday) (25 Mar 2027)."


def test_worded_keeps_code_and_parameters_and_adds_the_message() -> None:
    violation = Violation("kickoff", "non_working_day", 0, {"title": "Opstartsmøde", "day": D(2027, 4, 10)})
    [shown] = worded([violation])
    assert isinstance(shown, WordedViolation)
    assert (shown.activity_key, shown.code, shown.days, shown.params) == (
        "kickoff",
        "non_working_day",
        0,
        violation.params,
    )
    assert shown.message == "Opstartsmøde ligger på en lørdag (10. april 2027)."


def test_an_unknown_code_is_an_error_not_a_silent_message() -> None:
    with pytest.raises(ValueError, match="too_far"):
        violation_message(Violation("kickoff", "too_far", 0, {}))


def test_the_engine_stays_pure() -> None:
    """No Django and no gettext in the planning engine: it gives codes, the edge words them."""
    tree = ast.parse(Path(scheduling.__file__).read_text(encoding="utf-8"))
    imported = {
        node.module if isinstance(node, ast.ImportFrom) else alias.name
        for node in ast.walk(tree)
        if isinstance(node, ast.Import | ast.ImportFrom)
        for alias in node.names
    }
    assert not {name for name in imported if name and (name.startswith("django") or name == "gettext")}

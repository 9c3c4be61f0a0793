"""The planning engine's violations in the user's language.

The engine (``scheduling``) is pure: it answers with a ``Violation`` holding a code and the parameters a message
needs. Here, at the edge, services and selectors word them with gettext before pages and the API show them: one
function, ``violation_message``, from code and parameters to the translated message.
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable
from dataclasses import dataclass, replace

import holidays
from django.utils.translation import get_language, ngettext, pgettext
from django.utils.translation import gettext as _

from advisory.core.dates import short_date
from advisory.programmes import scheduling
from advisory.programmes.workdays import in_christmas_closure


@dataclass(frozen=True)
class WordedViolation(scheduling.Violation):
    """A violation with its message in the language that was active when it was worded."""

    message: str = ""


def _date(value: scheduling.ViolationParam) -> datetime.date:
    if not isinstance(value, datetime.date):
        raise TypeError(f"expected a date, got {value!r}")
    return value


def _int(value: scheduling.ViolationParam) -> int:
    if not isinstance(value, int):
        raise TypeError(f"expected a number, got {value!r}")
    return value


def _holiday_name(day: datetime.date) -> str | None:
    language = "da" if (get_language() or "da").startswith("da") else "en_US"
    name = holidays.country_holidays("DK", years=day.year, language=language).get(day)
    return str(name) if name else None


def closed_day_reason(day: datetime.date) -> str:
    """Why ``day`` is not a working day, as the message says it ("a Saturday", "a public holiday (…)")."""
    if day.weekday() == 5:
        return pgettext("a day that is not a working day", "a Saturday")
    if day.weekday() == 6:
        return pgettext("a day that is not a working day", "a Sunday")
    if in_christmas_closure(day):
        return pgettext("a day that is not a working day", "the Christmas closure (24 December – 1 January)")
    name = _holiday_name(day)
    if name:
        return pgettext("a day that is not a working day", "a public holiday (%(name)s)") % {"name": name}
    return pgettext("a day that is not a working day", "a day off")


def soft_period_message(warning: scheduling.Violation) -> str:
    """A joint meeting in a soft closed period (the summer holiday …), with the day to move it to."""
    params = warning.params
    values = {
        "title": str(params.get("title", "")),
        "day": short_date(_date(params["day"])),
        "period": str(params.get("period", "")),
    }
    suggested = params.get("suggested")
    if not isinstance(suggested, datetime.date):
        return _("%(title)s on %(day)s lies in a period when many are off: %(period)s.") % values
    values["suggested"] = short_date(suggested)
    if params.get("within_rules"):
        return (
            _("%(title)s on %(day)s lies in a period when many are off: %(period)s. Suggested date: %(suggested)s.")
            % values
        )
    return (
        _(
            "%(title)s on %(day)s lies in a period when many are off: %(period)s. The rules leave no day outside it; "
            "the nearest day outside it is %(suggested)s."
        )
        % values
    )


def violation_message(violation: scheduling.Violation) -> str:
    """The message for a violation's code and parameters, in the active language."""
    params = violation.params
    title, rule = str(params.get("title", "")), str(params.get("rule", ""))
    code = violation.code
    if code == "non_working_day":
        day = _date(params["day"])
        return _("%(title)s falls on %(reason)s (%(day)s).") % {
            "title": title,
            "reason": closed_day_reason(day),
            "day": short_date(day),
        }
    if code == "non_working_end":
        day = _date(params["day"])
        return _("%(title)s ends on %(reason)s (%(day)s).") % {
            "title": title,
            "reason": closed_day_reason(day),
            "day": short_date(day),
        }
    if code == "soft_closed_period":
        return soft_period_message(violation)
    if code == "deadline":
        late = _int(params["days_late"])
        return ngettext(
            "%(title)s is %(days)s day after the deadline »%(rule)s«.",
            "%(title)s is %(days)s days after the deadline »%(rule)s«.",
            late,
        ) % {"title": title, "days": late, "rule": rule}
    if code == "offset":
        over = _int(params["working_days"])
        values = {"title": title, "days": over, "rule": rule, "target": short_date(_date(params["target"]))}
        if params["direction"] == "late":
            return (
                ngettext(
                    "%(title)s is %(days)s working day too late relative to »%(rule)s« (%(target)s).",
                    "%(title)s is %(days)s working days too late relative to »%(rule)s« (%(target)s).",
                    over,
                )
                % values
            )
        return (
            ngettext(
                "%(title)s is %(days)s working day too early relative to »%(rule)s« (%(target)s).",
                "%(title)s is %(days)s working days too early relative to »%(rule)s« (%(target)s).",
                over,
            )
            % values
        )
    if code == "min_count":
        return _("There are %(count)s of »%(title)s«; the rule is »%(rule)s«.") % {
            "count": params["count"],
            "title": title.lower(),
            "rule": rule,
        }
    if code == "min_gap":
        gap = _int(params["gap_days"])
        return ngettext(
            "%(title)s: only %(days)s day between the meetings; the rule is »%(rule)s«.",
            "%(title)s: only %(days)s days between the meetings; the rule is »%(rule)s«.",
            gap,
        ) % {"title": title, "days": gap, "rule": rule}
    raise ValueError(f"No message for the violation code {code!r}.")


def worded(violations: Iterable[scheduling.Violation]) -> list[scheduling.Violation]:
    """The violations with their messages (``WordedViolation``), in the active language."""
    return [WordedViolation(v.activity_key, v.code, v.days, v.params, message=violation_message(v)) for v in violations]


def worded_result(result: scheduling.ReflowResult) -> scheduling.ReflowResult:
    """A reflow's result with its violations worded."""
    return replace(result, violations=tuple(worded(result.violations)), warnings=tuple(worded(result.warnings)))

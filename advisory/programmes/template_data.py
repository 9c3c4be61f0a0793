"""The built-in programme templates, read from ``data/templates/*.json``, and their conversion to engine dataclasses.

Each file is one programme kind's template (group from "Overordnet plan for gruppebaseret rådgivningsforløb",
seed 003; individual from seed 001; taskforce from seed 004), checked against ``template.schema.json`` next to
them and then by ``template_from_dict`` (references between keys, counts within bounds). ``templates_load_builtin``
in services stores them as the first version of each template (``manage.py load_reference_data``); a file that
fails stops the load with a ``TemplateFileError`` naming the file and the place of the bad value.

The texts are the seeds' own (Danish content, edited by administrators as data, not UI strings).
"""

from __future__ import annotations

import datetime
import functools
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jsonschema

from advisory.programmes.scheduling import (
    MAX_ACTIVITIES,
    ActivitySpec,
    Criterion,
    Offset,
    OptionSpec,
    Participant,
    PhaseSpec,
    Placement,
    Rule,
    StartSeason,
    TemplateSpec,
    default_options,
    planned_count,
)

BASE_DIR = Path(__file__).resolve().parents[2]
TEMPLATE_DIR = BASE_DIR / "data" / "templates"
SCHEMA_NAME = "template.schema.json"


class TemplateFileError(ValueError):
    """A template file that cannot be loaded; the message names the file and where in it the bad value is."""


def _shown(path: Path) -> str:
    return str(path.relative_to(BASE_DIR)) if path.is_relative_to(BASE_DIR) else str(path)


def _read_json(path: Path) -> Any:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except json.JSONDecodeError as exc:
        raise TemplateFileError(f"{_shown(path)}: not valid JSON: {exc}") from exc


def _schema_error(path: Path, error: jsonschema.ValidationError) -> TemplateFileError:
    where = "/".join(str(part) for part in error.absolute_path) or "(the top level)"
    return TemplateFileError(f"{_shown(path)}: at {where}: {error.message}")


def read_template_file(path: Path, validator: jsonschema.protocols.Validator) -> dict[str, Any]:
    """One template file's data, checked against the schema and by the engine's conversion."""
    data: dict[str, Any] = _read_json(path)
    error = jsonschema.exceptions.best_match(validator.iter_errors(data))
    if error is not None:
        raise _schema_error(path, error)
    try:
        template_from_dict(data)
    except (KeyError, TypeError, ValueError) as exc:
        raise TemplateFileError(f"{_shown(path)}: {exc}") from exc
    return data


@functools.cache
def _load(directory: Path) -> tuple[dict[str, Any], ...]:
    schema = _read_json(directory / SCHEMA_NAME)
    validator = jsonschema.Draft202012Validator(schema)
    files = sorted(path for path in directory.glob("*.json") if path.name != SCHEMA_NAME)
    templates = tuple(read_template_file(path, validator) for path in files)
    kinds = [template["kind"] for template in templates]
    if len(set(kinds)) != len(kinds):
        raise TemplateFileError(f"{_shown(directory)}: more than one template of a kind: {', '.join(sorted(kinds))}")
    return templates


def builtin_templates() -> list[dict[str, Any]]:
    """The built-in templates (group, individual, taskforce), read and checked once per process."""
    return list(_load(TEMPLATE_DIR))


def builtin_template(kind: str) -> dict[str, Any]:
    return next(template for template in builtin_templates() if template["kind"] == kind)


def spec_value(spec: Mapping[str, Any], kind: str, name: str) -> Any:
    """``spec[name]`` of a stored template version; a version stored before ``name`` was part of the template data
    takes the built-in template's of the same kind (None when neither has it)."""
    value = spec.get(name)
    if value is None:
        value = next((t.get(name) for t in builtin_templates() if t["kind"] == kind), None)
    return value


@dataclass(frozen=True)
class AgreementTerms:
    """A kind's collaboration agreement: the plan's activity whose date is the signing, and the period:
    ``months`` from the date of ``runs_from`` (an anchor of the plan, or the signing itself)."""

    signing: str
    runs_from: str
    months: int
    requires_goal: bool = False  # signed only when at least one development point has a goal (seed 001)


def agreement_terms(spec: Mapping[str, Any], kind: str) -> AgreementTerms | None:
    """The agreement's terms from a stored template version; versions stored before the terms were part of the
    template data take the built-in template's of the same kind. None for a kind without an agreement."""
    data = spec_value(spec, kind, "agreement")
    if data is None:
        return None
    return AgreementTerms(
        signing=str(data["signing"]),
        runs_from=str(data["runs_from"]),
        months=int(data["months"]),
        requires_goal=bool(data.get("requires_goal", False)),
    )


def _placement(data: dict[str, Any]) -> Placement:
    offset = Offset(int(data.get("amount", 0)), data.get("unit", "days"))
    return Placement(
        type=data["type"],
        ref=data.get("ref", ""),
        offset=offset,
        tolerance=int(data.get("tolerance", 0)),
        after=data.get("after", ""),
        before=data.get("before", ""),
        count_option=data.get("count_option", ""),
        default_count=int(data.get("default_count", 1)),
        series=tuple(data.get("series", ())),
        target=data.get("target", ""),
        until=data.get("until", ""),
        last_day_before=bool(data.get("last_day_before", False)),
    )


def _rule(data: dict[str, Any]) -> Rule:
    return Rule(
        type=data["type"],
        label=data["label"],
        ref=data.get("ref", ""),
        offset=Offset(int(data.get("amount", 0)), data.get("unit", "days")),
        tolerance=int(data.get("tolerance", 0)),
        minimum=int(data.get("minimum", 0)),
    )


# A stored template of the first format gave an option only its minimum ({"reflection_meetings": 2}). It gets the
# built-in template's label and, as its maximum, the larger of the built-in one and the 12 that the programme form
# always allowed, so that no programme planned under it falls outside its bounds.
FORM_MAXIMUM_BEFORE_BOUNDS = 12


def _builtin_option(name: str) -> dict[str, Any]:
    for template in builtin_templates():
        option = template.get("options", {}).get(name)
        if isinstance(option, dict):
            return option
    return {}


def _options(data: dict[str, Any]) -> dict[str, OptionSpec]:
    options = {}
    for name, value in data.items():
        default = None
        if isinstance(value, dict):
            minimum, maximum, label = int(value["min"]), int(value["max"]), str(value.get("label", ""))
            default = int(value["default"]) if value.get("default") is not None else None
        else:
            builtin = _builtin_option(name)
            minimum = int(value)
            maximum = max(int(builtin.get("max", 0)), FORM_MAXIMUM_BEFORE_BOUNDS, minimum)
            label = str(builtin.get("label", ""))
        if not 0 <= minimum <= maximum:
            raise ValueError(f"the option {name} needs 0 <= min <= max")
        options[name] = OptionSpec(minimum=minimum, maximum=maximum, label=label, default=default)
    return options


# A full-day meeting is "1 hel dag (4-6 timer)" (seed 003): its default start and end lie 4 to 6 hours apart.
FULL_DAY_HOURS = (4, 6)


def _full_day(key: str, data: dict[str, Any]) -> tuple[datetime.time, datetime.time]:
    start, end = datetime.time.fromisoformat(data["start"]), datetime.time.fromisoformat(data["end"])
    hours = datetime.datetime.combine(datetime.date.min, end) - datetime.datetime.combine(datetime.date.min, start)
    if not datetime.timedelta(hours=FULL_DAY_HOURS[0]) <= hours <= datetime.timedelta(hours=FULL_DAY_HOURS[1]):
        raise ValueError(f"{key}: a full day lasts {FULL_DAY_HOURS[0]} to {FULL_DAY_HOURS[1]} hours")
    return start, end


def template_from_dict(data: dict[str, Any]) -> TemplateSpec:
    """The engine's TemplateSpec from the stored JSON; raises KeyError/ValueError on bad data."""
    if not isinstance(data, dict):
        raise TypeError("the rules must be an object")
    activities = tuple(
        ActivitySpec(
            key=a["key"],
            title=a["title"],
            phase=a["phase"],
            format=a["format"],
            placement=_placement(a["placement"]),
            scope=a.get("scope", "shared"),
            duration_minutes=a.get("duration_minutes"),
            participants=tuple(
                Participant(p["role"], p.get("min_people"), p.get("max_people"), p.get("note", ""))
                for p in a.get("participants", ())
            ),
            purpose=tuple(a.get("purpose", ())),
            success_criteria=tuple(Criterion(c["text"], c.get("evidence", "")) for c in a.get("success_criteria", ())),
            rules=tuple(_rule(r) for r in a.get("rules", ())),
            reminder_days=tuple(a.get("reminder_days", (14, 2))),
            people_per_organisation=(
                a.get("people_per_organisation", {}).get("min"),
                a.get("people_per_organisation", {}).get("max"),
            ),
            required_functions=tuple(a.get("required_functions", ())),
            full_day=_full_day(a["key"], a["full_day"]) if "full_day" in a else None,
            phase_by_date=bool(a.get("phase_by_date", False)),
            advisory_addition=bool(a.get("advisory_addition", False)),
        )
        for a in data["activities"]
    )
    keys = [a.key for a in activities]
    if len(set(keys)) != len(keys):
        raise ValueError("activity keys must be unique")
    known = set(keys) | set(data["anchors"]) | set(data.get("optional_anchors", ()))
    phase_keys = {p["key"] for p in data["phases"]}  # an activity may refer to the day a phase starts
    for activity in activities:
        placement = activity.placement
        refs = [placement.ref, placement.after, placement.before, placement.target, placement.until]
        refs += list(activity.placement.series) + [rule.ref for rule in activity.rules]
        unknown = [ref for ref in refs if ref and ref not in known | phase_keys]
        if unknown:
            raise ValueError(f"{activity.key} refers to unknown {', '.join(unknown)}")
    phases = tuple(
        PhaseSpec(
            p["key"],
            p["title"],
            p.get("nominal", ""),
            p["starts_at"],
            int(p.get("start_offset_days", 0)),
            start_offset=Offset(
                int(p.get("start_offset", {}).get("amount", 0)), p.get("start_offset", {}).get("unit", "days")
            ),
            focus=p.get("focus", ""),
        )
        for p in data["phases"]
    )
    unknown_phase_refs = [p.starts_at for p in phases if p.starts_at not in known]
    if data["ends_with"] not in known:
        unknown_phase_refs.append(data["ends_with"])
    if unknown_phase_refs:
        raise ValueError(f"the phases refer to unknown {', '.join(unknown_phase_refs)}")
    template = TemplateSpec(
        kind=data["kind"],
        name=data["name"],
        anchors=tuple(data["anchors"]),
        optional_anchors=tuple(data.get("optional_anchors", ())),
        phases=phases,
        activities=activities,
        ends_with=data["ends_with"],
        options=_options(data.get("options", {})),
        min_organisations=int(data.get("organisations", {}).get("min", 1)),
        max_organisations=int(data.get("organisations", {}).get("max", 1)),
        organisation_kinds=tuple(data.get("organisations", {}).get("kinds", ("municipality", "shelter"))),
        start_seasons=tuple(_start_season(season) for season in data.get("start_seasons", ())),
    )
    _check_counts(template)
    return template


def _month_day(text: str) -> tuple[int, int]:
    """ "MM-DD" as (month, day), checked against a leap year (so "02-29" is allowed)."""
    month, day = (int(part) for part in text.split("-"))
    datetime.date(2024, month, day)  # ValueError for a day that no year has
    return month, day


def _start_season(data: dict[str, Any]) -> StartSeason:
    first, last = _month_day(data["from"]), _month_day(data["to"])
    if first > last:
        raise ValueError(f"the start season {data['key']} ends before it begins")
    return StartSeason(key=str(data["key"]), label=str(data["label"]), first=first, last=last)


def _check_counts(template: TemplateSpec) -> None:
    """Each default count (the option's own, else the placement's) lies within its option's bounds, and the largest
    plan within the engine's maximum."""
    defaults = default_options(template)
    for activity in template.activities:
        option = template.options.get(activity.placement.count_option)
        default = defaults.get(activity.placement.count_option)
        if option is not None and default is not None and not option.minimum <= default <= option.maximum:
            raise ValueError(f"{activity.key}: the default count lies outside the bounds of its option")
    largest = {**default_options(template), **{name: option.maximum for name, option in template.options.items()}}
    if planned_count(template, largest) > MAX_ACTIVITIES:
        raise ValueError(f"at the options' maximums the plan has more than {MAX_ACTIVITIES} activities")

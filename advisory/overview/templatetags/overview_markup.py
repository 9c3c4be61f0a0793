"""The overview's repeated markup written in Python: the portfolio's bars and rows, the load's heat map and tables,
the reach's tiles and tables.

These loops were most of the pages' time at the national scale (50 programmes x their phases twice, 25 people x 26
weeks twice, 98 tiles and 150 rows): Django's template engine resolves every ``{{ }}`` through the context and its
filters, some 200,000 calls a page. Here each loop is one join of f-strings with every value escaped
(``escape``, as Django's), the same markup as the templates wrote. Numbers in the pictures are written as under
``{% localize off %}``; dates through ``short_date`` (kept per language and day: the format is fixed).
"""

from __future__ import annotations

import datetime
import functools
import html
from collections.abc import Iterable
from typing import Any

from django import template
from django.template.defaultfilters import truncatechars
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language, gettext, ngettext

from advisory.core.dates import short_date
from advisory.overview.selectors import Capacity, PhaseSpan, PortfolioChart, PortfolioRow, ReachRow

register = template.Library()


def escape(value: Any) -> str:
    """``django.utils.html.escape`` without its lazy-string wrapper (the same characters replaced)."""
    return html.escape(str(value))


@functools.lru_cache(maxsize=8192)
def _short_date(day: datetime.date, language: str | None) -> str:
    return escape(short_date(day))


def _date_text(phase: PhaseSpan, language: str | None) -> str:
    """``PhaseSpan.date_text``, escaped."""
    return f"{_short_date(phase.start, language)}–{_short_date(phase.end, language)}"


def _url_pattern(name: str) -> str:
    """The address of a detail page with ``{}`` for its id (one ``reverse`` for a page's rows)."""
    return reverse(name, kwargs={"pk": 999999999}).replace("999999999", "{}")


@register.simple_tag
def portfolio_bars(chart: PortfolioChart) -> SafeString:
    """The portfolio picture's rows: a link per programme with its number and a bar per phase."""
    language = get_language()
    parts: list[str] = []
    for number, row in enumerate(chart.rows, start=1):
        title = escape(row.programme.title)
        parts.append(
            f'<a href="{escape(row.url)}" aria-label="{number}. {title}">\n'
            f'      <text x="0" y="{row.y + 15}" class="portfolio-number">{number}</text>\n      '
        )
        y = row.y + 3
        for phase in row.bars:
            parts.append(
                f'<rect x="{phase.x}" y="{y}" width="{phase.width}" height="16" '
                f'class="phase phase-{escape(phase.key)}">'
                f"<title>{title} – {escape(phase.title)}: {_date_text(phase, language)}</title></rect>"
            )
        parts.append("\n    </a>\n    ")
    return mark_safe("".join(parts))  # every value above is escaped


def _group_row(label: str) -> str:
    return f'<tr class="overview-group"><th scope="rowgroup" colspan="7">{escape(label)}</th></tr>'


@register.simple_tag
def portfolio_rows(rows: Iterable[PortfolioRow]) -> SafeString:
    """The portfolio table's rows (a group's heading row where the group changes)."""
    language = get_language()
    parts: list[str] = []
    last_group: str | None = None
    for number, row in enumerate(rows, start=1):
        if row.group_label and row.group_label != last_group:
            parts.append(_group_row(row.group_label))
            last_group = row.group_label
        programme = row.programme
        phases = "<br>".join(f"{escape(p.title)} {_date_text(p, language)}" for p in row.phases) or "–"
        parts.append(
            f'\n  <tr data-programme="{programme.pk}">\n'
            f"    <td>{number}</td>\n"
            f'    <td><a href="{escape(row.url)}">{escape(programme.title)}</a></td>\n'
            f"    <td>{escape(programme.get_kind_display())}</td>\n"
            f"    <td>{escape(programme.get_status_display())}</td>\n"
            f"    <td>{phases}</td>\n"
            f"    <td>{', '.join(escape(name) for name in row.organisation_names)}</td>\n"
            f"    <td>{', '.join(escape(name) for name in row.advisor_names)}</td>\n"
            "  </tr>\n  "
        )
    return mark_safe("".join(parts))  # every value above is escaped


# --- the load ----------------------------------------------------------------------------------------------------


@register.simple_tag
def load_month_rows(load: Capacity) -> SafeString:
    """The table of activities and meeting days per person and month (a row saying so when nobody is shown)."""
    if not load.people:
        return mark_safe(f'<tr><td colspan="{len(load.months) + 1}">{escape(gettext("Nobody to show."))}</td></tr>')
    activities_text: dict[int, str] = {}
    days_text: dict[int, str] = {}

    def activities(n: int) -> str:
        if n not in activities_text:
            activities_text[n] = escape(ngettext("%(counter)s activity", "%(counter)s activities", n) % {"counter": n})
        return activities_text[n]

    def days(n: int) -> str:
        if n not in days_text:
            days_text[n] = escape(ngettext("%(counter)s meeting day", "%(counter)s meeting days", n) % {"counter": n})
        return days_text[n]

    parts = []
    for person in load.people:
        cells = "".join(f"<td>{activities(a)}, {days(d)}</td>" for a, d in person.months)
        parts.append(
            f'<tr data-person="{person.person_id}"><th scope="row">{escape(person.name)}<br>'
            f'<span class="weight-normal form-hint">{escape(person.role)}</span></th>{cells}</tr>'
        )
    return mark_safe("".join(parts))  # every value above is escaped


@register.simple_tag
def load_heat_rows(load: Capacity) -> SafeString:
    """The heat map's rows: the person's name and a square per week (its number of activities on it)."""
    week_word = escape(gettext("week"))
    parts = []
    for person in load.people:
        name = escape(person.name)
        text_y = person.y + 17
        short = escape(truncatechars(person.name, 22))
        parts.append(f'\n    <text x="0" y="{text_y}" class="heat-name">{short}</text>\n    ')
        for cell in person.weeks:
            parts.append(
                f'<rect x="{cell.x}" y="{person.y}" width="28" height="24" class="heat heat-{cell.level}">'
                f"<title>{name}, {week_word} {cell.week_number}: {cell.activities} / {cell.meeting_days}</title></rect>"
            )
            if cell.activities:
                dark = " is-dark" if cell.level == 3 else ""
                parts.append(
                    f'<text x="{cell.cx}" y="{text_y}" text-anchor="middle" class="heat-number{dark}">'
                    f"{cell.activities}</text>"
                )
    return mark_safe("".join(parts))  # every value above is escaped


@register.simple_tag
def load_week_rows(load: Capacity) -> SafeString:
    """The table of activities / meeting days per person and week."""
    return mark_safe(  # every value is escaped
        "".join(
            f'<tr><th scope="row">{escape(person.name)}</th>'
            + "".join(f"<td>{cell.activities}/{cell.meeting_days}</td>" for cell in person.weeks)
            + "</tr>"
            for person in load.people
        )
    )


# --- the reach ---------------------------------------------------------------------------------------------------


@register.simple_tag
def reach_tiles(tiles: Iterable[ReachRow]) -> SafeString:
    """The map's squares: one per municipality, coloured by its state, with its name and region as its title."""
    return mark_safe(  # every value is escaped
        "".join(
            f'<g class="tile tile-{row.state}"><rect x="{row.x + 1}" y="{row.y + 1}" width="42" height="42">'
            f"<title>{escape(row.name)} ({escape(row.region)})</title></rect>"
            f'<text x="{row.x + 22}" y="{row.y + 27}" text-anchor="middle">{escape(row.abbreviation)}</text></g>'
            for row in tiles
        )
    )


@register.simple_tag
def reach_rows(rows: Iterable[ReachRow], empty: str) -> SafeString:
    """A table's rows of municipalities or shelters, each linking to the organisation (``empty`` when none)."""
    url = _url_pattern("organisations:detail")
    parts = [
        f'<tr data-organisation="{row.organisation_id}"><th scope="row">'
        f'<a href="{url.format(row.organisation_id)}">{escape(row.name)}</a></th>'
        f"<td>{escape(row.region)}</td><td>{row.ever}</td><td>{row.recent}</td><td>{row.now}</td></tr>"
        for row in rows
    ]
    if not parts:
        parts.append(f'<tr><td colspan="5">{escape(empty)}</td></tr>')
    return mark_safe("".join(parts))  # every value above is escaped

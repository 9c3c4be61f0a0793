"""The year's figures as bar charts, computed here so the template only draws (server-rendered SVG, styled by
classes: the strict CSP allows no inline styles). Each row of a table is a group of bars, one per charted column;
the table with the same numbers follows each chart, so a screen reader reads the table."""

from __future__ import annotations

import textwrap
from dataclasses import dataclass

from django.utils.formats import number_format

from advisory.reports.figures import Table

WIDTH = 720
BAR_X = 0
BAR_MAX = 600  # the longest bar; the value is written after it
LABEL_LINE = 16
BAR_HEIGHT = 16
BAR_GAP = 4
ROW_GAP = 14
LABEL_CHARS = 95  # a label longer than this wraps onto the next line


@dataclass(frozen=True)
class Bar:
    series: int  # 1, 2, 3: the colour (reports.css) and the legend entry
    value: float | int | None
    text: str
    y: int
    width: float
    text_x: float
    text_y: int


@dataclass(frozen=True)
class Group:
    label_lines: list[tuple[str, int]]  # each line of the row's label and its y
    bars: list[Bar]


@dataclass(frozen=True)
class Chart:
    key: str
    title: str
    series: list[tuple[int, str]]  # (number, column heading) for the legend
    groups: list[Group]
    width: int
    height: int


def _text(value: float | int | None) -> str:
    if value is None:
        return "–"
    return number_format(value, decimal_pos=2 if isinstance(value, float) else None)


def bar_chart(table: Table) -> Chart | None:
    """The table's charted columns as horizontal bars per row (the row "In all" is left out); None: no chart."""
    if not table.chart_columns:
        return None
    rows = [row for row in table.rows if row.key != "total"]
    values = [row.values[c] for row in rows for c in table.chart_columns]
    largest = table.chart_max or max((float(v) for v in values if v is not None), default=0.0)
    groups = []
    y = 0
    for row in rows:
        lines = textwrap.wrap(row.label, LABEL_CHARS) or [""]
        label_lines = []
        for line in lines:
            y += LABEL_LINE
            label_lines.append((line, y - 3))
        y += 4
        bars = []
        for number, column in enumerate(table.chart_columns, start=1):
            value = row.values[column]
            width = round(BAR_MAX * float(value) / largest, 1) if value and largest else 0.0
            bars.append(
                Bar(
                    series=number,
                    value=value,
                    text=_text(value),
                    y=y,
                    width=width,
                    text_x=BAR_X + width + 6,
                    text_y=y + BAR_HEIGHT - 3,
                )
            )
            y += BAR_HEIGHT + BAR_GAP
        y += ROW_GAP
        groups.append(Group(label_lines, bars))
    return Chart(
        key=table.key,
        title=table.title,
        series=[(n, table.columns[c]) for n, c in enumerate(table.chart_columns, start=1)],
        groups=groups,
        width=WIDTH,
        height=max(y, 1),
    )

"""The evaluations' pictures, computed here so the templates only draw: the answers per question as one stacked bar
each, and each question's average per meeting as a line. Every picture has its numbers in a table beside it (the
templates), so a screen reader reads the table and skips the picture."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass

from advisory.evaluations.questions import BY_KEY, SCALE, Question
from advisory.evaluations.selectors import QuestionSummary, Summary

# The means' chart: a drawing 600 wide and 240 high; the scale 1..5 runs from the bottom to the top of the plot area.
WIDTH, HEIGHT = 600, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 20, 16, 40


@dataclass(frozen=True)
class Segment:
    value: int
    count: int
    percent: int
    x: float  # 0..100
    width: float


@dataclass(frozen=True)
class DistributionBar:
    question: Question
    summary: QuestionSummary
    segments: list[Segment]


def distribution_bars(summary: Summary) -> list[DistributionBar]:
    """Per scale question, the share of each answer 1..5 as the segments of one bar 100 wide."""
    bars = []
    for key, question_summary in summary.questions.items():
        if key not in BY_KEY:
            continue
        total = question_summary.count
        x = 0.0
        segments = []
        for value in SCALE:
            count = question_summary.distribution.get(value, 0)
            width = 100 * count / total if total else 0.0
            percent = round(100 * count / total) if total else 0
            segments.append(Segment(value, count, percent, round(x, 2), round(width, 2)))
            x += width
        bars.append(DistributionBar(BY_KEY[key], question_summary, segments))
    return bars


@dataclass(frozen=True)
class MeanPoint:
    number: int  # the meeting's number on the x axis (1, 2, …), as in the table
    title: str
    day: datetime.date
    mean: float | None
    x: float
    y: float | None


@dataclass(frozen=True)
class MeanSeries:
    question: Question
    position: int  # 1, 2, … : the series' colour and marker
    points: list[MeanPoint]

    @property
    def polyline(self) -> str:
        """The line through the meetings that have answers (a meeting without answers leaves a gap in the values,
        not in the line)."""
        return " ".join(f"{p.x:.1f},{p.y:.1f}" for p in self.points if p.y is not None)


@dataclass(frozen=True)
class MeansChart:
    series: list[MeanSeries]
    meetings: list[tuple[int, str, datetime.date, int, int, list[float | None]]]  # number, title, date, answered,
    # invited, and each series' mean at the meeting
    x_ticks: list[tuple[int, float]]
    y_ticks: list[tuple[int, float]]
    width: int = WIDTH
    height: int = HEIGHT
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    bottom_edge: int = HEIGHT - BOTTOM


def y_of(mean: float) -> float:
    return TOP + (5 - mean) / 4 * (HEIGHT - TOP - BOTTOM)


def means_chart(rows: Sequence[tuple[str, datetime.date, Summary]]) -> MeansChart:
    """Each scale question's mean per meeting (``rows``: title, date, summary in plan order)."""
    count = len(rows)
    span = WIDTH - LEFT - RIGHT

    def x_of(index: int) -> float:
        return LEFT + (span / 2 if count == 1 else index * span / (count - 1))

    keys = [key for key in (rows[0][2].questions if rows else {}) if key in BY_KEY]
    series = []
    for position, key in enumerate(keys, start=1):
        points = []
        for index, (title, day, summary) in enumerate(rows):
            mean = summary.questions[key].mean if key in summary.questions else None
            points.append(MeanPoint(index + 1, title, day, mean, x_of(index), None if mean is None else y_of(mean)))
        series.append(MeanSeries(BY_KEY[key], position, points))
    return MeansChart(
        series=series,
        meetings=[
            (i + 1, title, day, s.answered, s.invited, [series_.points[i].mean for series_ in series])
            for i, (title, day, s) in enumerate(rows)
        ],
        x_ticks=[(i + 1, x_of(i)) for i in range(count)],
        y_ticks=[(value, y_of(value)) for value in SCALE],
    )

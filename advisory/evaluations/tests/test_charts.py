"""The evaluations' pictures: stacked bars of the answers per question and a line of each question's mean per
meeting, each with its numbers in a table; "relevant sparring" says "for få svar" below the minimum."""

from __future__ import annotations

import datetime
from collections import Counter

import pytest
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from advisory.evaluations import charts
from advisory.evaluations.selectors import Summary, evaluated_activities, question_summary
from tests.helpers import parse_html

answers = st.lists(st.integers(min_value=1, max_value=5), max_size=40)


def summary(sparring: list[int], useful: list[int] | None = None) -> Summary:
    questions = {"sparring": question_summary(Counter(sparring)), "useful": question_summary(Counter(useful or []))}
    return Summary(invited=len(sparring) + 2, answered=len(sparring), questions=questions)


@given(answers)
def test_the_segments_of_a_bar_follow_each_other_and_fill_it(values: list[int]) -> None:
    bar = charts.distribution_bars(summary(values))[0]
    assert [s.value for s in bar.segments] == [1, 2, 3, 4, 5]
    assert [s.count for s in bar.segments] == [values.count(v) for v in range(1, 6)]
    end = 0.0
    for segment in bar.segments:
        assert segment.x == pytest.approx(end, abs=0.02)
        end = segment.x + segment.width
    assert end == pytest.approx(100 if values else 0, abs=0.05)


def test_the_means_chart_puts_5_at_the_top_and_1_at_the_bottom_and_skips_meetings_without_answers() -> None:
    day = datetime.date(2027, 3, 1)
    rows = [
        ("Opstart", day, summary([5, 5, 5], [1, 1, 1])),
        ("Refleksion", day, summary([])),
        ("Afslut", day, summary([3])),
    ]
    chart = charts.means_chart(rows)
    sparring, useful = chart.series
    assert [p.mean for p in sparring.points] == [5.0, None, 3.0]
    assert sparring.points[0].y == charts.TOP and useful.points[0].y == charts.HEIGHT - charts.BOTTOM
    assert sparring.polyline.count(",") == 2  # two points: the meeting without answers leaves no point
    assert [m[5] for m in chart.meetings] == [[5.0, 1.0], [None, None], [3.0, None]]
    assert charts.means_chart([]).series == []


@pytest.mark.django_db
def test_the_results_page_draws_the_answers_and_the_means_with_their_tables(group, answered, advisor_client) -> None:
    page = parse_html(advisor_client.get(reverse("evaluations:results", args=[group.pk])).content)
    figures = page.find_all("figure", class_="eval-chart", aria_hidden="true")  # the tables are read out instead
    meetings = evaluated_activities(group.activities.all()).count()
    assert len(figures) == 1 + meetings  # the whole programme's bars, then each meeting's
    assert len(figures[0].find_all("svg", class_="eval-bar")) == 2  # one bar per scale question
    means = page.select_one("svg", class_="eval-means")
    assert means.get("role") == "img" and means.find_all("polyline")
    assert len(means.find_all("circle")) == 1  # only the kickoff has answers: one point of the first question
    captions = [c.text for c in page.find_all("caption")]
    assert "Gennemsnitligt svar pr. møde" in captions
    assert captions.count(f"Svar pr. spørgsmål ({group.title})") == 1
    assert len(page.find_all("details", class_="details")) == meetings > 1  # each meeting folds out
    # Three answers (5, 4, 2): enough to judge; the mean 3.7 is below 4.
    assert "Relevant sparring: (endnu) ikke opfyldt." in page.root.text


@pytest.mark.django_db
def test_fewer_answers_than_the_minimum_say_too_few(group, answered, advisor_client, settings) -> None:
    settings.EVALUATION_SPARRING_MIN_ANSWERS = 4
    text = parse_html(advisor_client.get(reverse("evaluations:results", args=[group.pk])).content).root.text
    assert "Relevant sparring: for få svar (3 af mindst 4)." in text
    assert "for få svar" in text.split("Møde for møde")[1]  # the kickoff's fold-out says so too

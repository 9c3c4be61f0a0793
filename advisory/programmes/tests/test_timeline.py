"""The plan picture: a month axis in Danish, numbered meetings with their list, a line for today."""

from __future__ import annotations

import datetime

from django.utils import translation

from advisory.programmes.selectors import month_ticks


def test_the_month_axis_has_each_first_of_the_month_with_the_year_at_january_and_at_the_start() -> None:
    start, end = datetime.date(2026, 11, 15), datetime.date(2027, 3, 10)
    with translation.override("da"):
        ticks = month_ticks(start, end, lambda day: (day - start).days)
    assert [label for _x, label in ticks] == ["dec. 2026", "jan. 2027", "feb.", "marts"]
    assert [x for x, _label in ticks] == [16, 47, 78, 106]


def test_a_plan_starting_on_the_first_has_its_month_first_and_the_axis_is_bounded() -> None:
    start = datetime.date(2027, 2, 1)
    with translation.override("da"):
        assert month_ticks(start, datetime.date(2027, 2, 28), lambda day: 0)[0][1] == "feb. 2027"
        assert len(month_ticks(start, datetime.date(2040, 1, 1), lambda day: 0)) == 60

"""Ratings before and after: each prerequisite (theme) rated 1–5 at the start and at the end, with a reason.

The start is rated from the mapping (individual) or the analysis (taskforce); the end at the close. The chart
(``development/_ratings_chart.html``) shows both side by side, with a table of the same figures.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from advisory.core.access import Action, require
from advisory.development.models import PrerequisiteRating, RatingMoment
from advisory.development.prerequisites import Prerequisite, for_kind
from advisory.programmes.models import Programme

SCALE = (1, 2, 3, 4, 5)
NOT_A_THEME = _("This prerequisite is not one of the programme's themes.")

# The chart's geometry (SVG user units): a label line and two bars per prerequisite.
CHART_WIDTH = 640
LABEL_X = 0
BAR_X = 150
BAR_MAX = 420
BAR_HEIGHT = 18
ROW_HEIGHT = 84


@dataclass(frozen=True)
class RatingRow:
    prerequisite: Prerequisite
    label: str
    before: PrerequisiteRating | None
    after: PrerequisiteRating | None

    @property
    def change(self) -> int | None:
        if self.before is None or self.after is None:
            return None
        return self.after.score - self.before.score


def rating_rows(programme: Programme) -> list[RatingRow]:
    """One row per theme of the programme's kind, in the prerequisites' order."""
    found: dict[tuple[str, str], PrerequisiteRating] = {
        (r.prerequisite, r.moment): r for r in PrerequisiteRating.objects.filter(programme=programme)
    }
    return [
        RatingRow(
            prerequisite=p,
            label=str(p.label),
            before=found.get((p.value, RatingMoment.BEFORE)),
            after=found.get((p.value, RatingMoment.AFTER)),
        )
        for p in for_kind(programme.kind)
    ]


def _bar(score: int | None) -> int:
    return round(BAR_MAX * score / max(SCALE)) if score else 0


def chart(programme: Programme, rows: list[RatingRow] | None = None) -> dict[str, Any]:
    """The figures and the SVG geometry of the before/after chart."""
    rows = rows if rows is not None else rating_rows(programme)
    bars = []
    for index, row in enumerate(rows):
        top = index * ROW_HEIGHT
        before = row.before.score if row.before else None
        after = row.after.score if row.after else None
        bars.append(
            {
                "row": row,
                "label_y": top + 16,
                "before": before,
                "after": after,
                "before_y": top + 26,
                "after_y": top + 26 + BAR_HEIGHT + 6,
                "before_width": _bar(before),
                "after_width": _bar(after),
                "before_text_x": BAR_X + _bar(before) + 6,
                "after_text_x": BAR_X + _bar(after) + 6,
                "before_text_y": top + 26 + 14,
                "after_text_y": top + 26 + BAR_HEIGHT + 6 + 14,
            }
        )
    ticks = [{"score": s, "x": BAR_X + _bar(s)} for s in SCALE]
    height = len(rows) * ROW_HEIGHT + 24
    return {
        "bars": bars,
        "ticks": ticks,
        "width": CHART_WIDTH,
        "height": height,
        "axis_y": height - 20,
        "tick_label_y": height - 4,
        "bar_x": BAR_X,
        "bar_height": BAR_HEIGHT,
        "label_x": LABEL_X,
        "any": any(b["before"] or b["after"] for b in bars),
    }


@transaction.atomic
def rating_save(
    *,
    by: Any,
    programme: Programme,
    prerequisite: str,
    moment: str,
    score: int,
    justification: str,
    rated_on: datetime.date,
) -> PrerequisiteRating:
    """``by`` records (or changes) the rating of one theme at one moment."""
    require(by, Action.CHANGE, PrerequisiteRating(programme=programme))
    if prerequisite not in [p.value for p in for_kind(programme.kind)]:
        raise ValidationError({"prerequisite": [str(NOT_A_THEME)]})
    rating = PrerequisiteRating.objects.filter(programme=programme, prerequisite=prerequisite, moment=moment).first()
    rating = rating or PrerequisiteRating(programme=programme, prerequisite=prerequisite, moment=moment)
    rating.score = score
    rating.justification = justification
    rating.rated_on = rated_on
    rating.rated_by = by
    rating.full_clean()
    rating.save()
    return rating

"""The anchoring / continuation plan (Forankre, Forankring): holding on to the new practice after the programme.

Individual (seed 001): "forankring og fastholdelse af fokus på den nye praksis"; taskforce (seed 004): "en plan
for den fortsatte udvikling af den samlede hjemløshedsindsats efter endt forløb". Written by those who run the
programme and by the organisation's coordinator.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.db import transaction

from advisory.core.access import Action, require
from advisory.development.models import AnchoringPlan
from advisory.programmes.models import Programme


def anchoring_plan_for(programme: Programme) -> AnchoringPlan:
    """The stored plan, or an empty one (not saved)."""
    found = AnchoringPlan.objects.filter(programme=programme).first()
    return found if found is not None else AnchoringPlan(programme=programme)


@transaction.atomic
def anchoring_plan_save(
    *,
    by: Any,
    programme: Programme,
    what_continues: str,
    responsible: str,
    follow_up: str,
    next_review_on: datetime.date | None,
) -> AnchoringPlan:
    """``by`` writes the plan: those who run the programme, and its organisations' coordinators."""
    require(by, Action.CHANGE, AnchoringPlan(programme=programme))
    plan, _created = AnchoringPlan.objects.select_for_update().get_or_create(programme=programme)
    plan.what_continues = what_continues
    plan.responsible = responsible
    plan.follow_up = follow_up
    plan.next_review_on = next_review_on
    plan.updated_by = by
    plan.full_clean()
    plan.save()
    return plan


def is_empty(plan: AnchoringPlan) -> bool:
    return not (plan.what_continues or plan.responsible or plan.follow_up or plan.next_review_on)

"""The Danish year in the API (tag: programmes): a programme's joint meetings in the year's soft closed periods
(the summer holiday, the school holidays, Grundlovsdag, the Friday after Ascension) and an advisor's acceptance of
such a date. Registered by advisory/programmes/api.py (``router.add_router("", year_router)``).

The same functions as the plan page (advisory/programmes/closed_periods.py: ``programme_warnings``,
``soft_period_accept``); access through the policies (a programme or activity one may not see is 404, accepting
without the right to change the programme 403), a warning that is not there 400 in Danish.
"""

from __future__ import annotations

import datetime
from typing import Any

from django.http import HttpRequest
from ninja import Field, Router, Schema

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import get_object_for, scope
from advisory.core.api import ERRORS
from advisory.programmes import closed_periods, scheduling
from advisory.programmes.models import Activity, Programme

router = Router(tags=["programmes"])


class SoftPeriodWarningOut(Schema):
    activity_key: str
    code: str = Field(..., description="soft_closed_period")
    period_key: str = Field(..., description="e.g. summer_holiday (data/year/denmark.json)")
    period: str = Field(..., description="The period's Danish name, e.g. sommerferien")
    day: datetime.date
    suggested: datetime.date | None = Field(..., description="The nearest day outside every soft closed period")
    within_rules: bool = Field(..., description="Whether the suggested day keeps the meeting's rules")
    accepted: bool
    message: str


class SoftPeriodAcceptIn(Schema):
    period_key: str = Field(..., max_length=40, description="The period of the warning, e.g. summer_holiday")
    accepted: bool = Field(True, description="false withdraws an acceptance")


def _out(warning: scheduling.Violation) -> dict[str, Any]:
    params = warning.params
    suggested = params.get("suggested")
    return {
        "activity_key": warning.activity_key,
        "code": warning.code,
        "period_key": str(params["period_key"]),
        "period": str(params["period"]),
        "day": params["day"],
        "suggested": suggested if isinstance(suggested, datetime.date) else None,
        "within_rules": bool(params.get("within_rules")),
        "accepted": bool(params.get("accepted")),
        "message": getattr(warning, "message", ""),
    }


def _warnings(user: Any, programme: Programme) -> list[dict[str, Any]]:
    activities = list(scope(user, Activity).filter(programme=programme))
    return [_out(w) for w in closed_periods.programme_warnings(programme, activities)]


@router.get("/programmes/{int:programme_id}/soft-period-warnings", response={200: list[SoftPeriodWarningOut], **ERRORS})
def list_soft_period_warnings(request: HttpRequest, programme_id: int) -> list[dict[str, Any]]:
    """The programme's joint meetings that lie in a soft closed period: warnings, not broken rules."""
    programme = get_object_for(request.user, Programme.objects.select_related("template_version"), pk=programme_id)
    return _warnings(request.user, programme)


@router.post(
    "/programmes/{int:programme_id}/activities/{key}/accept-soft-period",
    response={200: list[SoftPeriodWarningOut], **ERRORS},
)
def accept_soft_period(
    request: AuthenticatedHttpRequest, programme_id: int, key: str, payload: SoftPeriodAcceptIn
) -> list[dict[str, Any]]:
    """Accept (or withdraw the acceptance of) the warning that the joint meeting ``key`` lies in a soft closed
    period; answers the programme's warnings as they now are."""
    activity = get_object_for(
        request.user,
        Activity.objects.filter(programme_id=programme_id).select_related("programme__template_version"),
        key=key,
    )
    closed_periods.soft_period_accept(
        activity=activity, period_key=payload.period_key, accepted=payload.accepted, by=request.user
    )
    return _warnings(request.user, activity.programme)

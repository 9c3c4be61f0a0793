"""Book a team for the joint meetings in one call (tag: programmes): an organisation's bookings of the programme's
joint meetings as a set. Registered by advisory/programmes/api.py (``router.add_router("", booking_router)``).

The same write function as the page (advisory/programmes/booking_matrix.py ``bookings_set``): a programme the user
does not see or an organisation not in it is 404, an organisation the user may not book for is 403, unknown meetings
or people are 400 (in Danish).
"""

from __future__ import annotations

from typing import Any

from django.http import Http404, HttpRequest
from ninja import Field, Router, Schema

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import get_object_for
from advisory.core.api import ERRORS
from advisory.programmes import booking_matrix
from advisory.programmes.models import Programme
from advisory.programmes.selectors import own_organisations

router = Router(tags=["programmes"])


class TeamBookingIn(Schema):
    activity_key: str = Field(..., max_length=64, description="A joint meeting's key, e.g. reflection_meeting-1")
    user_id: int


class TeamBookingsIn(Schema):
    bookings: list[TeamBookingIn] = Field(..., max_length=booking_matrix.MAX_BOOKINGS)


class TeamWarningOut(Schema):
    activity_key: str
    code: str
    message: str


class TeamBookingsOut(Schema):
    meetings: list[str] = Field(..., description="The joint meetings not yet done, in the plan's order")
    bookings: list[TeamBookingIn]
    warnings: list[TeamWarningOut]
    created: int = Field(0, description="Bookings made by this call (each invited once)")
    removed: int = Field(0, description="Bookings cancelled by this call")


def _programme_and_organisation(request: HttpRequest, programme_id: int, organisation_id: int) -> tuple[Any, Any]:
    programme = get_object_for(request.user, Programme.objects.select_related("template_version"), pk=programme_id)
    organisation = own_organisations(request.user, programme).filter(pk=organisation_id).first()
    if organisation is None:  # not in the programme, or another organisation's (not to be seen)
        raise Http404
    return programme, organisation


def _out(matrix: booking_matrix.TeamMatrix, created: int = 0, removed: int = 0) -> dict[str, Any]:
    return {
        "meetings": [m.key for m in matrix.meetings],
        "bookings": [
            {"activity_key": cell.meeting.key, "user_id": row.person.user.pk}
            for row in matrix.rows
            for cell in row.cells
            if cell.booked
        ],
        "warnings": [
            {"activity_key": meeting.key, "code": w.code, "message": w.message}
            for meeting, found in matrix.warnings
            for w in found
        ],
        "created": created,
        "removed": removed,
    }


@router.get(
    "/programmes/{int:programme_id}/organisations/{int:organisation_id}/bookings",
    response={200: TeamBookingsOut, **ERRORS},
)
def get_team_bookings(request: HttpRequest, programme_id: int, organisation_id: int) -> dict[str, Any]:
    """Who of the organisation is booked for which joint meeting, with the template's warnings."""
    programme, organisation = _programme_and_organisation(request, programme_id, organisation_id)
    return _out(booking_matrix.team_matrix(programme, organisation))


@router.put(
    "/programmes/{int:programme_id}/organisations/{int:organisation_id}/bookings",
    response={200: TeamBookingsOut, **ERRORS},
)
def set_team_bookings(
    request: AuthenticatedHttpRequest, programme_id: int, organisation_id: int, payload: TeamBookingsIn
) -> dict[str, Any]:
    """Make the organisation's bookings of the joint meetings (not done) exactly ``bookings``: new ones are booked
    and invited once, those left out are cancelled (the runners for any organisation, its coordinator for their
    own)."""
    programme, organisation = _programme_and_organisation(request, programme_id, organisation_id)
    change = booking_matrix.bookings_set(
        by=request.user,
        programme=programme,
        organisation=organisation,
        wanted=[(b.activity_key, b.user_id) for b in payload.bookings],
    )
    return _out(change.matrix, created=len(change.created), removed=change.removed)

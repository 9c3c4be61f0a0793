"""A programme's plan for the organisation's leadership group: phases, dated activities, the timeline picture,
participants and roles; the same reads as the programme page (an organisation's people see what the group shares
and their own organisation's calls and bookings, never another's)."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

from django.utils.formats import time_format
from django.utils.translation import gettext as _

from advisory.core.access import scope
from advisory.core.dates import short_date
from advisory.programmes import progress, selectors
from advisory.programmes.models import Activity, MeetingParticipant, Programme

# The work of a PDF is bounded: a plan has some tens of activities (a taskforce programme about 60); more than this
# is refused rather than laid out.
MAX_ACTIVITIES = 400
MAX_BOOKINGS = 3000


class PlanTooLarge(Exception):
    pass


def too_large_message() -> str:
    return _("The plan is too large for a file: at most %(n)s activities.") % {"n": MAX_ACTIVITIES}


@dataclass(frozen=True)
class Booking:
    activity: str
    day: datetime.date
    organisation: str
    person: str


@dataclass
class PlanExport:
    programme: Programme
    detail: selectors.ProgrammeDetail
    rows: list[selectors.PlanRow]
    organisations: list[str]
    advisors: list[str]
    roles: list[progress.Role]
    bookings: list[Booking]
    bookings_cut: bool

    def phase_rows(self) -> list[list[Any]]:
        return [[p.title, p.start, p.end, p.focus or ""] for p in self.detail.plan.phases]

    def activity_rows(self) -> list[list[Any]]:
        return [
            [
                r.start,
                r.end,
                _times(r.start_time, r.end_time),
                r.title,
                r.phase_title,
                r.format_label,
                r.organisation,
                _("Done") if r.done else "",
            ]
            for r in self.rows
        ]

    def booking_rows(self) -> list[list[Any]]:
        return [[b.day, b.activity, b.organisation, b.person] for b in self.bookings]

    def role_rows(self) -> list[list[Any]]:
        return [[role.title, task] for role in self.roles for task in role.tasks]


def _times(start: datetime.time | None, end: datetime.time | None) -> str:
    if start is None:
        return ""
    text = time_format(start, "H:i")
    return f"{text}–{time_format(end, 'H:i')}" if end else text


def plan_export(user: Any, programme: Programme) -> PlanExport:
    """The plan as ``user`` sees it on the programme page (``programme`` fetched through ``get_object_for``)."""
    if scope(user, Activity).filter(programme=programme).count() > MAX_ACTIVITIES:
        raise PlanTooLarge
    detail = selectors.programme_detail(programme, user)
    bookings = list(
        scope(user, MeetingParticipant)
        .filter(activity__programme=programme)
        .select_related("activity", "organisation", "user")
        .order_by("activity__starts_on", "activity__position", "organisation__name", "user__first_name", "pk")[
            : MAX_BOOKINGS + 1
        ]
    )
    return PlanExport(
        programme=programme,
        detail=detail,
        rows=selectors.plan_rows(detail),
        organisations=[o.name for o in programme.organisations.order_by("name")],
        advisors=[str(a) for a in programme.advisors.order_by("first_name", "last_name")],
        roles=progress.roles(programme),
        bookings=[
            Booking(b.activity.title, b.activity.starts_on, b.organisation.name, str(b.user))
            for b in bookings[:MAX_BOOKINGS]
        ],
        bookings_cut=len(bookings) > MAX_BOOKINGS,
    )


def plan_sheets(plan: PlanExport) -> list[tuple[str, list[str], list[list[Any]], str]]:
    """The plan's sheets for the XLSX: plan, phases, participants, roles."""
    programme = plan.programme
    about = [
        [_("Programme"), programme.title],
        [_("Kind"), programme.get_kind_display()],
        [_("Theme"), programme.theme],
        [_("Organisations"), ", ".join(plan.organisations)],
        [_("Responsible advisors"), ", ".join(plan.advisors)],
        [_("Status"), programme.get_status_display()],
    ]
    if plan.detail.plan.phases:
        about.append([_("Period"), f"{short_date(plan.detail.plan.start)}–{short_date(plan.detail.plan.end)}"])
    return [
        (programme.title, [_("Field"), _("Value")], about, ""),
        (
            _("Plan"),
            [_("Date"), _("End date"), _("Time"), _("Activity"), _("Phase"), _("Format"), _("Organisation"), _("Done")],
            plan.activity_rows(),
            "",
        ),
        (_("Phases"), [_("Phase"), _("From"), _("To"), _("Focus")], plan.phase_rows(), ""),
        (
            _("Participants"),
            [_("Date"), _("Meeting or call"), _("Organisation"), _("Person")],
            plan.booking_rows(),
            _("Only the first %(n)s bookings.") % {"n": MAX_BOOKINGS} if plan.bookings_cut else "",
        ),
        (_("Roles"), [_("Role"), _("Task")], plan.role_rows(), ""),
    ]

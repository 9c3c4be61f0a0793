"""The meeting page's part on a group programme's records: the goals and their status at this meeting, the
wishes and needs before it, and (the closing meeting) booking the kickoff's participants."""

from typing import Any

from django import template

from advisory.programmes import group_records

register = template.Library()


@register.inclusion_tag("programmes/_meeting_records.html", takes_context=True)
def meeting_records(context: template.Context, activity: Any) -> dict[str, Any]:
    return {
        "activity": activity,
        "programme": activity.programme,
        "records": group_records.meeting_records(context["request"].user, activity),
    }


@register.inclusion_tag("programmes/_organisation_goal.html", takes_context=True)
def organisation_goal(context: template.Context, programme: Any, organisation: Any) -> dict[str, Any]:
    """An organisation's goal on the programme page (group programmes): the goal, or when and where to set it."""
    if programme.kind != "group":
        return {"shown": False}
    row = next(
        (
            r
            for r in group_records.goal_rows(context["request"].user, programme)
            if r.organisation.pk == organisation.pk
        ),
        None,
    )
    kickoff = group_records.kickoff_of(programme)
    return {
        "shown": row is not None,
        "row": row,
        "programme": programme,
        "kickoff": kickoff,
        "kickoff_held": group_records.kickoff_held(kickoff),
    }

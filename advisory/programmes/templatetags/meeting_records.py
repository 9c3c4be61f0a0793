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

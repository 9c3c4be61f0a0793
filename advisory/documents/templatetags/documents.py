"""``{% activity_documents activity %}``: a meeting's presentations and documents, for the meeting page."""

from __future__ import annotations

from typing import Any

from django import template

from advisory.documents.policies import runs_programme, upload_organisations
from advisory.documents.selectors import documents_for_activity

register = template.Library()


def activity_documents_context(user: Any, activity: Any) -> dict[str, Any]:
    """The context of documents/_activity_documents.html (for a view that includes the partial itself)."""
    programme = activity.programme
    return {
        "activity": activity,
        "documents": documents_for_activity(user, activity),
        "can_upload": runs_programme(user, programme) or upload_organisations(user, programme).exists(),
    }


@register.inclusion_tag("documents/_activity_documents.html", takes_context=True)
def activity_documents(context: template.Context, activity: Any) -> dict[str, Any]:
    return activity_documents_context(context["request"].user, activity)

"""Writes of the taskforce records. Each validates the record (``full_clean``) before saving it; the callers
(views and API) have checked access."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _

from advisory.accounts.models import User
from advisory.programmes import services as programme_services
from advisory.programmes.models import Activity, Programme, ProgrammeKind
from advisory.taskforce.models import (
    STATUS_MEETING,
    DataCollectionItem,
    FollowUpItem,
    FollowUpStatus,
    LearningActivity,
    PoliticalPresentation,
    StatusDecision,
)

R = TypeVar("R", bound=Model)


def _check_taskforce(programme: Programme) -> None:
    if programme.kind != ProgrammeKind.TASKFORCE:
        raise ValidationError(_("Only taskforce programmes have these records."))


def _save(record: R, programme: Programme) -> R:
    _check_taskforce(programme)
    record.full_clean()
    record.save()
    return record


def data_item_save(*, item: DataCollectionItem) -> DataCollectionItem:
    """Create or change a data-collection item."""
    return _save(item, item.programme)


def learning_activity_save(*, learning_activity: LearningActivity) -> LearningActivity:
    return _save(learning_activity, learning_activity.programme)


@transaction.atomic
def presentation_save(*, presentation: PoliticalPresentation) -> PoliticalPresentation:
    """Create or change a presentation to the political level. When it is tied to an activity of the plan, that
    activity moves to the presentation's date (through the planning engine, as a move on the plan page does), so
    that the plan shows the date."""
    programme = presentation.programme
    if presentation.material is not None and presentation.material.programme_id != programme.pk:
        raise ValidationError({"material": _("The material must be a document of this programme.")})
    if presentation.activity is not None and presentation.activity.programme_id != programme.pk:
        raise ValidationError({"activity": _("The activity must belong to this programme.")})
    _save(presentation, programme)
    activity = presentation.activity
    if activity is not None and activity.starts_on != presentation.presented_on:
        try:
            programme_services.reflow_apply(programme, {activity.key: presentation.presented_on})
        except (KeyError, ValueError) as exc:
            raise ValidationError(
                {"presented_on": _("The date cannot be moved in the plan: the activity is done or does not exist.")}
            ) from exc
    return presentation


def is_status_meeting(activity: Activity) -> bool:
    return activity.template_key == STATUS_MEETING and activity.programme.kind == ProgrammeKind.TASKFORCE


@transaction.atomic
def decision_create(
    *, meeting: Activity, text: str, created_by: User | None = None, follow_ups: list[dict[str, Any]] | None = None
) -> StatusDecision:
    """A decision of a status meeting, with its follow-up items (dicts of text, owner, due_on)."""
    if not is_status_meeting(meeting):
        raise ValidationError(_("Decisions are recorded for status meetings only."))
    decision = StatusDecision(activity=meeting, text=text, created_by=created_by)
    decision.full_clean()
    decision.save()
    for data in follow_ups or []:
        follow_up_save(item=FollowUpItem(activity=meeting, decision=decision, **data))
    return decision


def decision_save(*, decision: StatusDecision) -> StatusDecision:
    decision.full_clean()
    decision.save()
    return decision


def follow_up_save(*, item: FollowUpItem) -> FollowUpItem:
    """Create or change a follow-up item; it belongs to a status meeting (and, if given, a decision of it)."""
    if not is_status_meeting(item.activity):
        raise ValidationError(_("Follow-up items are agreed at status meetings only."))
    if item.decision is not None and item.decision.activity_id != item.activity_id:
        raise ValidationError({"decision": _("The decision must be from the same status meeting.")})
    item.full_clean()
    item.save()
    return item


def follow_up_check(*, item: FollowUpItem, meeting: Activity, status: str, note: str | None = None) -> FollowUpItem:
    """Record the check of a follow-up item at a later status meeting: done, still open or dropped."""
    if not is_status_meeting(meeting) or meeting.programme_id != item.activity.programme_id:
        raise ValidationError(_("Follow-up items are checked at a status meeting of the same programme."))
    if meeting.occurrence <= item.activity.occurrence:
        raise ValidationError(_("A follow-up item is checked at a later status meeting than the one it was agreed at."))
    if status not in FollowUpStatus.values:
        raise ValidationError({"status": _("Choose done, still open or dropped.")})
    item.status = status
    item.checked_at = meeting
    if note is not None:
        item.note = note
    item.full_clean()
    item.save(update_fields=["status", "checked_at", "note", "updated_at"])
    return item


def record_delete(*, record: Model) -> None:
    record.delete()

"""Writes of the taskforce records. Each takes the person acting (``by``), checks that they may (403), and
validates the record (``full_clean``) before saving it."""

from __future__ import annotations

from typing import Any, TypeVar

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Model
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from advisory.accounts.models import User
from advisory.core.access import Action, require
from advisory.programmes import services as programme_services
from advisory.programmes.models import Activity, Programme, ProgrammeKind
from advisory.programmes.policies import runs_programme
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

# Messages the tests import.
STATUS_ONLY = gettext_lazy("You may change the status and the note only.")
STATUS_FIELDS = {"status", "note"}


def _check_taskforce(programme: Programme) -> None:
    if programme.kind != ProgrammeKind.TASKFORCE:
        raise ValidationError(_("Only taskforce programmes have these records."))


def _require_write(by: User, record: Model, programme: Programme) -> None:
    """``by`` may create the new record or change the stored one (403 otherwise). Those who do not run the
    programme (the municipality's coordinator, for the records whose status the municipality keeps) change the
    status and the note only."""
    require(by, Action.CREATE if record.pk is None else Action.CHANGE, record)
    if record.pk is None or runs_programme(by, programme):
        return
    stored = type(record)._base_manager.get(pk=record.pk)
    changed = {
        field.name
        for field in record._meta.concrete_fields
        if getattr(record, field.attname) != getattr(stored, field.attname)
    }
    if changed - STATUS_FIELDS:
        raise PermissionDenied(STATUS_ONLY)


def _save(record: R, programme: Programme) -> R:
    _check_taskforce(programme)
    record.full_clean()
    record.save()
    return record


def data_item_save(*, by: User, item: DataCollectionItem) -> DataCollectionItem:
    """Create or change a data-collection item."""
    _require_write(by, item, item.programme)
    return _save(item, item.programme)


def learning_activity_save(*, by: User, learning_activity: LearningActivity) -> LearningActivity:
    _require_write(by, learning_activity, learning_activity.programme)
    return _save(learning_activity, learning_activity.programme)


@transaction.atomic
def presentation_save(*, by: User, presentation: PoliticalPresentation) -> PoliticalPresentation:
    """Create or change a presentation to the political level. When it is tied to an activity of the plan, that
    activity moves to the presentation's date (through the planning engine, as a move on the plan page does), so
    that the plan shows the date."""
    programme = presentation.programme
    _require_write(by, presentation, programme)
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
    *, by: User, meeting: Activity, text: str, follow_ups: list[dict[str, Any]] | None = None
) -> StatusDecision:
    """A decision of a status meeting, with its follow-up items (dicts of text, owner, due_on)."""
    decision = StatusDecision(activity=meeting, text=text, created_by=by)
    require(by, Action.CREATE, decision)
    if not is_status_meeting(meeting):
        raise ValidationError(_("Decisions are recorded for status meetings only."))
    decision.full_clean()
    decision.save()
    for data in follow_ups or []:
        follow_up_save(by=by, item=FollowUpItem(activity=meeting, decision=decision, **data))
    return decision


def decision_save(*, by: User, decision: StatusDecision) -> StatusDecision:
    require(by, Action.CHANGE, decision)
    decision.full_clean()
    decision.save()
    return decision


def follow_up_save(*, by: User, item: FollowUpItem) -> FollowUpItem:
    """Create or change a follow-up item; it belongs to a status meeting (and, if given, a decision of it)."""
    _require_write(by, item, item.activity.programme)
    if not is_status_meeting(item.activity):
        raise ValidationError(_("Follow-up items are agreed at status meetings only."))
    if item.decision is not None and item.decision.activity_id != item.activity_id:
        raise ValidationError({"decision": _("The decision must be from the same status meeting.")})
    item.full_clean()
    item.save()
    return item


def follow_up_check(
    *, by: User, item: FollowUpItem, meeting: Activity, status: str, note: str | None = None
) -> FollowUpItem:
    """Record the check of a follow-up item at a later status meeting: done, still open or dropped. The check is
    the runners' (the municipality reads it)."""
    if not runs_programme(by, item.activity.programme):
        raise PermissionDenied
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


def record_delete(*, by: User, record: Model) -> None:
    require(by, Action.DELETE, record)
    record.delete()

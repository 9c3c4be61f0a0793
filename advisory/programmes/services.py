"""Writes for programme templates and programmes, around the pure planning engine."""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext_lazy as _

from advisory.accounts.models import User
from advisory.core.access import Action, require
from advisory.core.dates import date_out_of_range_message, in_range
from advisory.organisations.models import Organisation
from advisory.programmes import plan_changes, progress, scheduling, template_data, wording
from advisory.programmes.models import (
    Activity,
    MeetingParticipant,
    Programme,
    ProgrammeOrganisation,
    ProgrammeStatus,
    ProgrammeTemplate,
    SlotOffer,
    TemplateVersion,
    TrialAction,
)
from advisory.programmes.policies import books_own_call
from advisory.programmes.template_data import builtin_templates
from advisory.programmes.workdays import is_working_day

# --- templates ------------------------------------------------------------------------------


@transaction.atomic
def templates_load_builtin() -> int:
    """Store the seeds' three templates as version 1, once; later versions are the administrators'."""
    created = 0
    for data in builtin_templates():
        template, _ = ProgrammeTemplate.objects.get_or_create(kind=data["kind"], defaults={"name": data["name"]})
        if not template.versions.exists():
            version = TemplateVersion(template=template, number=1, spec=data, notes="Fra kildedokumenterne.")
            version.full_clean()
            version.save()
            created += 1
    return created


@transaction.atomic
def template_version_create(*, template: ProgrammeTemplate, spec: dict[str, Any], notes: str = "") -> TemplateVersion:
    """A new version applies to new programmes; running ones keep theirs."""
    number = (template.versions.order_by("-number").values_list("number", flat=True).first() or 0) + 1
    version = TemplateVersion(template=template, number=number, spec=spec, notes=notes)
    version.full_clean()
    version.save()
    return version


# --- plans ----------------------------------------------------------------------------------

OPTION_OUT_OF_RANGE = _("The number of %(label)s must be between %(min)s and %(max)s.")
UNKNOWN_OPTION = _("Unknown option “%(name)s”. The options of this template: %(known)s.")
TOO_MANY_ACTIVITIES = _("A plan can hold at most %(max)s activities; this one would hold %(count)s.")
PLAN_OUTSIDE_CALENDAR = _("The plan would have dates outside %(first)s – %(last)s.")
DATES_DO_NOT_FIT = _("The dates do not fit the template: %(error)s")
OUTSIDE_START_SEASONS = _(
    "Programmes of this kind start only in %(seasons)s; %(date)s lies outside them. Choose a date in one of the "
    "seasons, or tick that the programme starts outside the seasons and give the reason."
)


class PlanRefused(ValidationError):
    """The planning engine's refusal in the user's language; ``field`` names what the person filled in
    ("options", "anchors.acceptance", "moved.kickoff")."""

    def __init__(self, message: str, *, field: str, code: str) -> None:
        super().__init__(message, code=code)
        self.field = field


def plan_refusal(exc: scheduling.PlanError, field: str) -> PlanRefused:
    """``field``: where the dates came from ("anchors", "moved"); a refused option is always on "options"."""
    params = exc.params
    if isinstance(exc, scheduling.OptionOutOfRange):
        values = {"label": params["label"], "min": params["minimum"], "max": params["maximum"]}
        return PlanRefused(OPTION_OUT_OF_RANGE % values, field="options", code=exc.code)
    if isinstance(exc, scheduling.UnknownOption):
        known = ", ".join(params["known"]) or _("none")
        return PlanRefused(UNKNOWN_OPTION % {"name": params["name"], "known": known}, field="options", code=exc.code)
    if isinstance(exc, scheduling.TooManyActivities):
        values = {"max": params["maximum"], "count": params["count"]}
        return PlanRefused(TOO_MANY_ACTIVITIES % values, field="options", code=exc.code)
    if isinstance(exc, scheduling.DateOutOfRange):
        values = {"first": date_format(params["earliest"]), "last": date_format(params["latest"])}
        return PlanRefused(PLAN_OUTSIDE_CALENDAR % values, field=field, code=exc.code)
    return PlanRefused(DATES_DO_NOT_FIT % {"error": exc}, field=field, code=exc.code)


@contextmanager
def _refused_as(field: str) -> Iterator[None]:
    try:
        yield
    except scheduling.PlanError as exc:
        raise plan_refusal(exc, field) from exc


def _check_typed_dates(dates: Mapping[str, datetime.date], field: str) -> None:
    """Dates a person gave (anchors, moved dates) lie in the range every typed date must (advisory.core.dates)."""
    for name, day in dates.items():
        if not in_range(day):
            raise PlanRefused(date_out_of_range_message(), field=f"{field}.{name}", code="date_out_of_range")


@dataclass(frozen=True)
class PlanPreview:
    plan: scheduling.Plan
    violations: list[scheduling.Violation]
    # Joint meetings in the year's soft closed periods (the summer holiday …): warnings, not broken rules.
    warnings: list[scheduling.Violation] = field(default_factory=list)


def plan_preview(
    *,
    version: TemplateVersion,
    anchors: Mapping[str, datetime.date],
    options: Mapping[str, int] | None = None,
    organisations: Iterable[Organisation] = (),
) -> PlanPreview:
    """The plan for the given dates and options, or PlanRefused (dates out of range, options out of bounds).
    With ``organisations``, each organisation gets its own row of each per-organisation activity."""
    _check_typed_dates(anchors, "anchors")
    template = version.engine_template()
    with _refused_as("anchors"):
        plan = scheduling.generate_plan(template, anchors, options or {}, None, _organisation_ids(organisations))
        violations = wording.worded(scheduling.validate_plan(template, plan))
        warnings = wording.worded(scheduling.soft_period_warnings(template, plan))
    return PlanPreview(plan=plan, violations=violations, warnings=warnings)


def _parse_anchors(raw: Mapping[str, Any]) -> dict[str, datetime.date]:
    return {key: datetime.date.fromisoformat(value) if isinstance(value, str) else value for key, value in raw.items()}


def _organisation_ids(organisations: Iterable[Organisation]) -> tuple[str, ...]:
    """The engine's names of the organisations, in the order their rows are spread (by name)."""
    return tuple(str(o.pk) for o in sorted(organisations, key=lambda o: (o.name, o.pk)))


def _plan_organisations(programme: Programme, rows: list[Activity]) -> tuple[str, ...]:
    """Who has own rows in a stored plan: the participating organisations, once the plan has per-organisation
    rows (a plan made before them keeps its one shared row; ``per_organisation_rows_sync`` splits it)."""
    if not any(row.organisation_id for row in rows):
        return ()
    return _organisation_ids(programme.organisations.all())


def programme_plan(programme: Programme, activities: Iterable[Activity] | None = None) -> scheduling.Plan:
    """The engine's view of a stored programme: its anchors and its activities as they are now."""
    template = programme.template_version.engine_template()
    rows = list(activities if activities is not None else programme.activities.all())
    anchors = _parse_anchors(programme.anchors)
    planned = tuple(
        scheduling.PlannedActivity(
            key=row.key,
            template_key=row.template_key,
            occurrence=row.occurrence,
            title=row.title,
            phase=row.phase,
            format=row.format,
            scope=row.scope,
            start=row.starts_on,
            end=row.ends_on,
            duration_minutes=row.duration_minutes,
            done=row.done,
            pinned=row.pinned,
            organisation=str(row.organisation_id or ""),
        )
        for row in sorted(rows, key=lambda r: (r.starts_on, r.position))
    )
    # Phases follow the activities as they are now, so every stored date is held fixed.
    as_stored = {a.key: scheduling.Fixed(a.start, a.end, a.done, a.pinned) for a in planned}
    generated = scheduling.generate_plan(template, anchors, programme.options, as_stored)
    return scheduling.Plan(
        kind=programme.kind,
        anchors=anchors,
        options=generated.options,
        phases=generated.phases,
        activities=planned,
        organisations=_plan_organisations(programme, rows),
    )


def programme_violations(
    programme: Programme, activities: Iterable[Activity] | None = None
) -> list[scheduling.Violation]:
    template = programme.template_version.engine_template()
    return wording.worded(scheduling.validate_plan(template, programme_plan(programme, activities)))


def programme_phase(
    programme: Programme,
    activities: Iterable[Activity] | None = None,
    today: datetime.date | None = None,
    plan: scheduling.Plan | None = None,
) -> str:
    """The phase the programme is in today; ``plan``: its plan when the caller has it (from ``activities``)."""
    rows = list(activities if activities is not None else programme.activities.all())
    if programme.status == ProgrammeStatus.CANCELLED:
        return "cancelled"
    all_done = bool(rows) and all(row.done for row in rows)
    plan = plan if plan is not None else programme_plan(programme, rows)
    return scheduling.current_phase(plan, today or timezone.localdate(), all_done=all_done)


def _default_times(
    full_day: tuple[datetime.time, datetime.time] | None, duration_minutes: int | None
) -> tuple[datetime.time | None, datetime.time | None]:
    """(start, end) of a new activity: a full day's from the template; a long meeting of a template version from
    before full days (``duration_minutes`` of 4 hours or more) starts in the morning and has no end time."""
    if full_day is not None:
        return full_day
    if duration_minutes and duration_minutes >= 240:
        return datetime.time(9, 30), None
    return None, None


def activity_rows(programme: Programme, plan: scheduling.Plan) -> list[Activity]:
    """The activities of ``plan`` as unsaved rows of ``programme``: what ``programme_create`` writes (the scale
    data of advisory.demo writes them in bulk). A full-day meeting gets the template's start and end time."""
    full_days = {spec.key: spec.full_day for spec in programme.template_version.engine_template().activities}
    return [
        Activity(
            programme=programme,
            key=planned.key,
            template_key=planned.template_key,
            occurrence=planned.occurrence,
            title=planned.title,
            phase=planned.phase,
            format=planned.format,
            scope=planned.scope,
            starts_on=planned.start,
            ends_on=planned.end,
            duration_minutes=planned.duration_minutes,
            start_time=_default_times(full_days.get(planned.template_key), planned.duration_minutes)[0],
            end_time=_default_times(full_days.get(planned.template_key), planned.duration_minutes)[1],
            full_day=full_days.get(planned.template_key) is not None,
            position=position,
            organisation_id=int(planned.organisation) if planned.organisation else None,
        )
        for position, planned in enumerate(plan.activities)
    ]


ORGANISATION_COUNT = _("This kind of programme has %(min)s to %(max)s organisations; you chose %(n)s.")
ORGANISATION_KINDS = _("Only municipalities can take part in this kind of programme.")


def organisations_check(*, version: TemplateVersion, organisations: Iterable[Organisation]) -> None:
    """The template's rules on who takes part (how many, of which kinds): ValidationError on "organisations"."""
    template = version.engine_template()
    chosen = list(organisations)
    errors = []
    if not template.min_organisations <= len(chosen) <= template.max_organisations:
        values = {"min": template.min_organisations, "max": template.max_organisations, "n": len(chosen)}
        errors.append(ValidationError(ORGANISATION_COUNT % values, code="organisation_count"))
    if any(organisation.kind not in template.organisation_kinds for organisation in chosen):
        errors.append(ValidationError(ORGANISATION_KINDS, code="organisation_kind"))
    if errors:
        raise ValidationError({"organisations": errors})


@transaction.atomic
def start_season_check(
    *, version: TemplateVersion, anchors: Mapping[str, datetime.date], override_reason: str = ""
) -> str:
    """The reason to store for the programme's start: "" when its kind starts any time of the year or the start
    lies in one of the template's start seasons; the advisor's reason when it lies outside them. Refused
    (PlanRefused on the start anchor) when it lies outside and no reason is given."""
    template = version.engine_template()
    if "start_seasons" not in version.spec:  # a version stored before the seasons were template data
        builtin = next((t for t in builtin_templates() if t["kind"] == version.template.kind), {})
        seasons = template_data.template_from_dict(builtin).start_seasons if builtin else ()
        template = replace(template, start_seasons=seasons)
    name = template.anchors[0]
    start = anchors.get(name)
    if start is None or not scheduling.outside_start_seasons(template, start):
        return ""
    reason = override_reason.strip()
    if not reason:
        named = str(_(" or ")).join(season.label for season in template.start_seasons)
        values = {"seasons": named, "date": date_format(start, "j. F Y")}
        raise PlanRefused(OUTSIDE_START_SEASONS % values, field=f"anchors.{name}", code="outside_start_season")
    return reason


def programme_create(
    *,
    version: TemplateVersion,
    title: str,
    anchors: Mapping[str, datetime.date],
    organisations: Iterable[Organisation],
    advisors: Iterable[User] = (),
    theme: str = "",
    description: str = "",
    options: Mapping[str, int] | None = None,
    by: User | None = None,
    start_override_reason: str = "",
) -> Programme:
    """A programme with its dated plan. ``start_override_reason``: an advisor's reason for starting a programme of
    a kind with start seasons (taskforce) outside them; without it such a start is refused (start_season_check).
    ``by``: the person creating it (None: the platform, e.g. from a request
    another service has decided); refused (PermissionDenied) unless they may, and ValidationError (PlanRefused for
    the dates and options) when the template's rules refuse it."""
    if by is not None:
        require(by, Action.CREATE, Programme)
    organisations = list(organisations)
    organisations_check(version=version, organisations=organisations)
    preview = plan_preview(version=version, anchors=anchors, options=options, organisations=organisations)
    reason = start_season_check(version=version, anchors=anchors, override_reason=start_override_reason)
    programme = Programme(
        kind=version.template.kind,
        template_version=version,
        title=title,
        theme=theme,
        description=description,
        anchors=scheduling.as_jsonable(dict(anchors)),
        # Only what was chosen: the template's defaults stay the template's, so a new version's defaults apply.
        options=dict(options or {}),
        start_override_reason=reason,
    )
    programme.full_clean()
    programme.save()
    ProgrammeOrganisation.objects.bulk_create(
        ProgrammeOrganisation(programme=programme, organisation=organisation) for organisation in organisations
    )
    programme.advisors.set(list(advisors))
    Activity.objects.bulk_create(call_times(activity_rows(programme, preview.plan), preview.plan))
    return programme


# --- changing a plan ------------------------------------------------------------------------


def _calendar_change(activity: Activity, **values: Any) -> list[str]:
    """Set the activity's dates, time or place. When any of them changes, the calendar item has a new version: its
    SEQUENCE goes up by one (the only place it goes up). Returns the fields that changed, for ``update_fields``."""
    changed = [name for name, value in values.items() if getattr(activity, name) != value]
    for name in changed:
        setattr(activity, name, values[name])
    if changed:
        activity.sequence += 1
        changed.append("sequence")
    return changed


def reflow_preview(programme: Programme, moved: Mapping[str, datetime.date]) -> scheduling.ReflowResult:
    """What would change (old → new per activity) and which rules would break; nothing is saved.

    PlanRefused for a date out of range; KeyError or ValueError for an activity that does not exist or is done."""
    _check_typed_dates(moved, "moved")
    template = programme.template_version.engine_template()
    with _refused_as("moved"):
        accepted = dict(
            programme.activities.exclude(accepted_soft_period="").values_list("key", "accepted_soft_period")
        )
        return wording.worded_result(scheduling.reflow(template, programme_plan(programme), moved, accepted))


@transaction.atomic
def reflow_apply(
    programme: Programme, moved: Mapping[str, datetime.date], *, by: User | None = None
) -> scheduling.ReflowResult:
    """Move the activities or anchors to the given dates and everything after them with them (see reflow_preview);
    those booked are told. ``by``: who moves them (None: the platform, e.g. a signed agreement's date)."""
    if by is not None:
        require(by, Action.CHANGE, programme)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    result = reflow_preview(programme, moved)
    rows = {row.key: row for row in programme.activities.all()}
    for change in result.changes:
        row = rows[change.key]
        _calendar_change(row, starts_on=change.new_start, ends_on=change.new_end)
        if change.key in moved:
            row.pinned = True
        row.save(update_fields=["starts_on", "ends_on", "sequence", "pinned"])
    for key in moved:
        if key in rows and not rows[key].pinned:
            rows[key].pinned = True
            rows[key].save(update_fields=["pinned"])
    for planned in result.plan.activities:  # a period labelled with the phase it lies in may now lie in another
        relabelled = rows.get(planned.key)
        if relabelled is not None and relabelled.phase != planned.phase:
            relabelled.phase = planned.phase
            relabelled.save(update_fields=["phase"])
    # Anchors move with it, also one that is an activity too (a kickoff date given when the programme was created).
    new_anchors = {k: v for k, v in moved.items() if k not in rows or k in programme.anchors}
    if new_anchors:
        programme.anchors = {**programme.anchors, **scheduling.as_jsonable(new_anchors)}
        programme.save(update_fields=["anchors", "updated_at"])
    plan_changes.activities_changed(programme)
    return result


END_BEFORE_START = _("The end time must be after the start time.")


@transaction.atomic
def activity_update(
    *,
    activity: Activity,
    start_time: datetime.time | None = None,
    end_time: datetime.time | None = None,
    location: str | None = None,
    agenda: str | None = None,
    notes: str | None = None,
    done: bool | None = None,
    pinned: bool | None = None,
    by: User | None = None,
) -> Activity:
    """Everything about an activity except its date (a date moves through reflow); those booked are told of a new
    time or place."""
    if by is not None:
        require(by, Action.CHANGE, activity)
    given = {"start_time": start_time, "end_time": end_time, "location": location}
    fields = _calendar_change(activity, **{name: value for name, value in given.items() if value is not None})
    if agenda is not None:
        activity.agenda = agenda
        fields.append("agenda")
    if notes is not None:
        activity.notes = notes
        fields.append("notes")
    if done is not None:
        activity.done_at = (activity.done_at or timezone.now()) if done else None
        fields.append("done_at")
    if pinned is not None:
        activity.pinned = pinned
        fields.append("pinned")
    if activity.end_time is not None and (activity.start_time is None or activity.end_time <= activity.start_time):
        raise ValidationError({"end_time": END_BEFORE_START})
    activity.full_clean()
    if fields:
        activity.save(update_fields=fields)
    if done is not None:
        progress.programme_status_refresh(activity.programme)
    plan_changes.activities_changed(activity.programme, [activity])
    return activity


def version_change_preview(programme: Programme, version: TemplateVersion) -> scheduling.ReflowResult:
    """The plan the programme would get on another template version; done and pinned dates stay."""
    current = programme_plan(programme)
    template = version.engine_template()
    fixed = scheduling.fixed_from_plan(current)
    # An option chosen outside the new version's bounds is brought within them (rather than failing); one the new
    # version does not have is dropped.
    options = {}
    for name, value in programme.options.items():
        bounds = template.options.get(name)
        if bounds is not None:
            options[name] = min(max(int(value), bounds.minimum), bounds.maximum)
        elif name in scheduling.default_options(template):
            options[name] = int(value)
    with _refused_as("anchors"):
        new_plan = scheduling.generate_plan(template, current.anchors, options, fixed, current.organisations)
    old = current.by_key()
    changes = tuple(
        scheduling.Change(a.key, a.title, old[a.key].start if a.key in old else None, a.start)
        for a in new_plan.activities
        if a.key not in old or old[a.key].start != a.start
    ) + tuple(
        scheduling.Change(key, activity.title, activity.start, None)
        for key, activity in old.items()
        if key not in new_plan.by_key()
    )
    violations = wording.worded(scheduling.validate_plan(template, new_plan))
    return scheduling.ReflowResult(new_plan, changes, tuple(violations))


@transaction.atomic
def version_change_apply(
    programme: Programme, version: TemplateVersion, *, by: User | None = None
) -> scheduling.ReflowResult:
    if by is not None:
        require(by, Action.CHANGE, programme)
    if version.template.kind != programme.kind:
        raise ValueError("A programme can only move to a version of its own kind's template.")
    result = version_change_preview(programme, version)
    existing = {row.key: row for row in programme.activities.all()}
    keep = {a.key for a in result.plan.activities}
    plan_changes.activities_removed(programme, existing.keys() - keep)
    programme.activities.exclude(key__in=keep).filter(done_at__isnull=True).delete()
    new_rows = []
    for row in activity_rows(programme, result.plan):
        if row.key in existing:
            current = existing[row.key]
            _calendar_change(current, starts_on=row.starts_on, ends_on=row.ends_on)
            current.position = row.position
            current.title, current.phase = row.title, row.phase
            current.save(update_fields=["starts_on", "ends_on", "position", "title", "phase", "sequence"])
        else:
            new_rows.append(row)
    Activity.objects.bulk_create(new_rows)
    programme.template_version = version
    programme.options = {name: result.plan.options[name] for name in programme.options if name in result.plan.options}
    programme.save(update_fields=["template_version", "options", "updated_at"])
    plan_changes.activities_changed(programme)
    return result


@transaction.atomic
def programme_cancel(*, programme: Programme, by: User | None = None) -> Programme:
    """Cancel the programme; its upcoming meetings are called off for everyone booked (already cancelled: no change).

    Cancelling is, like deleting, the administrators' (today in the admin site)."""
    if by is not None:
        require(by, Action.DELETE, programme)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    if programme.status == ProgrammeStatus.CANCELLED:
        return programme
    programme.status = ProgrammeStatus.CANCELLED
    programme.save(update_fields=["status", "updated_at"])
    plan_changes.programme_cancelled(programme)
    return programme


# --- trial actions --------------------------------------------------------------------------


@transaction.atomic
def trial_action_save(*, trial_action: TrialAction, by: User | None = None) -> TrialAction:
    """Create or update a trial action (``by`` writes it: the organisation's own people or the programme's
    runners); the organisation must take part in the programme."""
    if by is not None:
        require(by, Action.CHANGE, trial_action)
    if not trial_action.programme.participations.filter(organisation_id=trial_action.organisation_id).exists():
        raise ValidationError({"organisation": _("The organisation does not take part in this programme.")})
    if trial_action.pk is None and by is not None:
        trial_action.created_by = by
    trial_action.full_clean()
    trial_action.save()
    return trial_action


# --- meeting participants -------------------------------------------------------------------

NOT_A_MEMBER = _("%(person)s is not one of %(organisation)s's people.")


@transaction.atomic
def meeting_book(
    *, activity: Activity, user: User, organisation: Organisation, by: User | None = None
) -> MeetingParticipant:
    """Book a person of a participating organisation for a meeting or call (again: no change); they are invited.
    ``by``: the programme's runners book anyone, an organisation's people their own organisation's people."""
    if by is not None:
        require(by, Action.CHANGE, MeetingParticipant(activity=activity, user=user, organisation=organisation))
    if not activity.programme.participations.filter(organisation=organisation).exists():
        raise ValidationError({"organisation": _("The organisation does not take part in this programme.")})
    if activity.organisation_id is not None and activity.organisation_id != organisation.pk:
        raise ValidationError({"organisation": _("This is another organisation's own call or preparation.")})
    if not organisation.memberships.filter(user=user).exists():
        raise ValidationError({"user": NOT_A_MEMBER % {"person": user, "organisation": organisation.name}})
    participant, _created = MeetingParticipant.objects.get_or_create(
        activity=activity, user=user, defaults={"organisation": organisation}
    )
    plan_changes.meeting_booked(participant)
    return participant


@transaction.atomic
def meeting_unbook(*, participant: MeetingParticipant, by: User | None = None) -> None:
    """Take a person off a meeting; the meeting is cancelled in their calendar."""
    if by is not None:
        require(by, Action.CHANGE, participant)
    plan_changes.meeting_unbooked(participant)
    participant.delete()


@transaction.atomic
def attendance_record(
    *, participant: MeetingParticipant, attended: bool | None, by: User | None = None
) -> MeetingParticipant:
    """Attendance is the runners' record (those who may change the activity)."""
    if by is not None:
        require(by, Action.CHANGE, participant.activity)
    participant.attended = attended
    participant.save(update_fields=["attended"])
    return participant


# --- an organisation's own calls: rows per organisation, offered times, booking ----------------------------

CALL_TIMES = (datetime.time(10, 0), datetime.time(11, 0), datetime.time(13, 0), datetime.time(14, 0))
NOT_OWN_CALL = _("Times are offered for an organisation's own calls only.")
NO_SUCH_OCCURRENCE = _("The plan has no such call.")
NOT_A_WORKING_DAY = _("%(day)s is not a working day (%(reason)s).")
OFFER_EXISTS = _("That time is already offered.")
OFFER_TAKEN = _("That time has been booked by another organisation. Choose another.")
OFFER_NOT_FOR_CALL = _("That time is not offered for this call.")
OFFER_BOOKED = _("A booked time cannot be withdrawn; the organisation must book another first.")
CALL_DONE = _("The call is done; its time cannot change.")


def call_times(rows: list[Activity], plan: scheduling.Plan) -> list[Activity]:
    """The proposed time of each organisation's own call: 10:00, 11:00, 13:00, 14:00 by its slot on the day (the
    engine spreads the organisations over the days first). ``rows`` are ``activity_rows(programme, plan)``."""
    slots = {planned.key: planned.slot for planned in plan.activities}
    for row in rows:
        if row.organisation_id and row.format in {"phone", "virtual", "in_person"} and row.start_time is None:
            row.start_time = CALL_TIMES[slots.get(row.key, 0) % len(CALL_TIMES)]
    return rows


@transaction.atomic
def per_organisation_rows_sync(programme: Programme, *, by: User | None = None) -> list[str]:
    """Make the plan's per-organisation rows follow the programme's organisations: an organisation that joined
    gets its own calls and preparations (dated by the engine, spread among the others'), one that left loses
    those not done (those booked get the cancellation), and a plan made before per-organisation rows has its one
    shared row of each split into one per organisation. Returns the keys created."""
    if by is not None:
        require(by, Action.CHANGE, programme)
    programme = Programme.objects.select_for_update().get(pk=programme.pk)
    template = programme.template_version.engine_template()
    split = {spec.key for spec in template.activities if scheduling.splits_per_organisation(spec)}
    if not split:
        return []
    rows = list(programme.activities.all())
    current = programme_plan(programme, rows)
    organisations = _organisation_ids(programme.organisations.all())
    # Every stored row keeps its date; an old shared row of a split activity lends its date to the new rows.
    fixed = {a.key: scheduling.Fixed(a.start, a.end, a.done, a.pinned) for a in current.activities}
    with _refused_as("anchors"):
        plan = scheduling.generate_plan(template, current.anchors, programme.options, fixed, organisations)
    by_key = {row.key: row for row in rows}
    wanted = {a.key for a in plan.activities}
    gone = [row.key for row in rows if row.template_key in split and row.done_at is None and row.key not in wanted]
    new_rows = [row for row in activity_rows(programme, plan) if row.key not in by_key]
    for row in new_rows:  # an old shared row's date, time and place go to each organisation's row of it
        old = by_key.get(row.key.rsplit(scheduling.ORGANISATION_KEY_MARK, 1)[0])
        if old is not None and old.organisation_id is None:
            row.starts_on, row.ends_on, row.start_time, row.location = (
                old.starts_on,
                old.ends_on,
                old.start_time,
                old.location,
            )
    # Those booked for an old shared row get its cancellation and are booked for their organisation's own row.
    rebook = [
        (f"{p.activity.key}{scheduling.ORGANISATION_KEY_MARK}{p.organisation_id}", p.user_id, p.organisation_id)
        for p in MeetingParticipant.objects.filter(
            activity__programme=programme, activity__key__in=gone, activity__organisation__isnull=True
        ).select_related("activity")
    ]
    plan_changes.activities_removed(programme, gone)
    programme.activities.filter(key__in=gone).delete()
    Activity.objects.bulk_create(call_times(new_rows, plan))
    created = {row.key: row for row in programme.activities.filter(key__in=[row.key for row in new_rows])}
    for key, user_id, organisation_id in rebook:
        if key in created:
            participant, _new = MeetingParticipant.objects.get_or_create(
                activity=created[key], user_id=user_id, defaults={"organisation_id": organisation_id}
            )
            plan_changes.meeting_booked(participant)
    return [row.key for row in new_rows]


@transaction.atomic
def programme_organisations_set(
    *, programme: Programme, organisations: Iterable[Organisation], by: User | None = None
) -> list[str]:
    """The organisations taking part (the template's rules on how many and which kinds apply); the plan's
    per-organisation rows follow (``per_organisation_rows_sync``). Returns the keys of the rows created."""
    if by is not None:
        require(by, Action.CHANGE, programme)
    organisations = list(organisations)
    organisations_check(version=programme.template_version, organisations=organisations)
    chosen = {o.pk for o in organisations}
    programme.participations.exclude(organisation_id__in=chosen).delete()
    present = set(programme.participations.values_list("organisation_id", flat=True))
    ProgrammeOrganisation.objects.bulk_create(
        ProgrammeOrganisation(programme=programme, organisation=o) for o in organisations if o.pk not in present
    )
    return per_organisation_rows_sync(programme)


def _own_call(activity: Activity) -> scheduling.ActivitySpec:
    """The template activity of an organisation's own call, or ValidationError."""
    template = activity.programme.template_version.engine_template()
    try:
        spec = template.activity(activity.template_key)
    except KeyError:
        spec = None
    if spec is None or not scheduling.splits_per_organisation(spec) or spec.format not in {"phone", "virtual"}:
        raise ValidationError({"activity": NOT_OWN_CALL})
    return spec


def _working_day(day: datetime.date, field: str) -> None:
    if not in_range(day):
        raise ValidationError({field: date_out_of_range_message()})
    if not is_working_day(day):
        message = NOT_A_WORKING_DAY % {"day": date_format(day), "reason": wording.closed_day_reason(day)}
        raise ValidationError({field: message})


@transaction.atomic
def slot_offer_create(
    *,
    programme: Programme,
    template_key: str,
    occurrence: int,
    starts_on: datetime.date,
    start_time: datetime.time,
    by: User | None = None,
) -> SlotOffer:
    """Offer a time for the organisations' own call ``template_key`` (occurrence ``occurrence``); each
    organisation's coordinator may then book it for their own call (``slot_book``)."""
    if by is not None:
        require(by, Action.CHANGE, programme)
    calls = programme.activities.filter(template_key=template_key, occurrence=occurrence, organisation__isnull=False)
    first = calls.select_related("programme__template_version").first()
    if first is None:
        raise ValidationError({"template_key": NO_SUCH_OCCURRENCE})
    _own_call(first)
    _working_day(starts_on, "starts_on")
    exists = programme.slot_offers.filter(
        template_key=template_key, occurrence=occurrence, starts_on=starts_on, start_time=start_time
    ).exists()
    if exists:
        raise ValidationError({"starts_on": OFFER_EXISTS})
    offer = SlotOffer(
        programme=programme,
        template_key=template_key,
        occurrence=occurrence,
        starts_on=starts_on,
        start_time=start_time,
        created_by=by,
    )
    offer.full_clean()
    offer.save()
    return offer


@transaction.atomic
def slot_offer_withdraw(*, offer: SlotOffer, by: User | None = None) -> None:
    """Withdraw a time not yet booked."""
    if by is not None:
        require(by, Action.DELETE, offer)
    offer = SlotOffer.objects.select_for_update().get(pk=offer.pk)  # as it is now, not as the caller read it
    if offer.booked_by_activity_id is not None:
        raise ValidationError({"offer": OFFER_BOOKED})
    offer.delete()


@transaction.atomic
def slot_book(*, activity: Activity, offer: SlotOffer, by: User | None = None) -> Activity:
    """Book an organisation's own call at an offered time: its coordinator for their own organisation (or those
    who run the programme). The call moves to that date and time (pinned; a new calendar version for everyone
    invited) and the time is taken; a time booked before for this call is free again."""
    if by is not None and not books_own_call(by, activity):
        raise PermissionDenied
    activity = Activity.objects.select_for_update().select_related("programme__template_version").get(pk=activity.pk)
    offer = SlotOffer.objects.select_for_update().get(pk=offer.pk)
    _own_call(activity)
    if (offer.programme_id, offer.template_key, offer.occurrence) != (
        activity.programme_id,
        activity.template_key,
        activity.occurrence,
    ):
        raise ValidationError({"offer": OFFER_NOT_FOR_CALL})
    if offer.booked_by_activity_id not in {None, activity.pk}:
        raise ValidationError({"offer": OFFER_TAKEN})
    if activity.done_at is not None:
        raise ValidationError({"offer": CALL_DONE})
    SlotOffer.objects.filter(booked_by_activity=activity).exclude(pk=offer.pk).update(booked_by_activity=None)
    offer.booked_by_activity = activity
    offer.save(update_fields=["booked_by_activity"])
    fields = _calendar_change(activity, starts_on=offer.starts_on, start_time=offer.start_time)
    if not activity.pinned:
        activity.pinned = True
        fields.append("pinned")
    if fields:
        activity.save(update_fields=fields)
    plan_changes.activities_changed(activity.programme, [activity])
    return activity

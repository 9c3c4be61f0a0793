"""Writes: expressions of interest (accept → individual programme, decline with a reason), taskforce requests
(only municipalities; allocate to a season's slot or its waiting list; move up; withdraw, decline; start →
taskforce programme), seasons (created on demand, capacity editable) and programmes created directly (a taskforce
programme takes a slot in its season, or needs an administrator's override with a reason)."""

from __future__ import annotations

import datetime
from collections.abc import Mapping, Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advisory.core.access import Action, require
from advisory.core.dates import short_date
from advisory.core.mail import mail_once_rendered
from advisory.organisations.models import Organisation
from advisory.organisations.services import check_submits_for, invite_named_coordinator
from advisory.programmes import scheduling
from advisory.programmes import services as programme_services
from advisory.programmes.models import Programme, ProgrammeKind, ProgrammeTemplate, TemplateVersion
from advisory.requests.models import (
    OPEN_REQUEST_STATUSES,
    SLOT_STATUSES,
    DirectStart,
    ExpressionOfInterest,
    InterestStatus,
    ReceivedVia,
    RequestStatus,
    Season,
    SeasonHalf,
    TaskforceRequest,
)

SHELTER_REFUSED = _(
    "Only municipalities can request a taskforce programme. %(organisation)s is a § 110 shelter: it can express "
    "interest in an individual programme instead."
)
DUPLICATE_REQUEST = _(
    "%(organisation)s already has an open taskforce request (received %(received)s). A municipality can have one "
    "open request at a time."
)
ALREADY_DECIDED = _("This expression of interest has already been decided (%(status)s).")
REASON_REQUIRED = _("Give a reason for declining; it is sent to the organisation's contact person.")
NO_TEMPLATE = _("There is no published template for %(kind)s programmes. An administrator must publish one first.")
NOT_OPEN = _("Only an open request can be changed; this one is %(status)s.")
NOT_ALLOCATED = _("Only a request that has been allocated a slot can be started; this one is %(status)s.")
OUTSIDE_SEASON = _("The start date must lie in %(season)s (%(first)s to %(last)s).")
CAPACITY_BELOW = _("%(season)s already has %(n)s programme(s) allocated or started; the capacity cannot be lower.")
SEASON_ENDED = _("%(season)s has ended; choose a coming season.")
SEASON_FULL = _("%(season)s is full (%(n)s of %(capacity)s slots taken). Nobody can be moved up.")
NOBODY_WAITING = _("Nobody is on the waiting list for %(season)s.")
NOT_FIRST = _("Only the first on the waiting list can be moved up.")
SEASON_FULL_DIRECT = _(
    "%(season)s is full (%(n)s of %(capacity)s slots taken), so no taskforce programme can start in it. Allocate "
    "the municipality's request to a season instead (it goes on the waiting list when the season is full), or "
    "raise the season's capacity."
)
OVERRIDE_ADMINISTRATORS_ONLY = _("Only an administrator can create a taskforce programme beyond the season's capacity.")
OVERRIDE_REASON_REQUIRED = _("Give the reason for creating the programme beyond the season's capacity.")


def _date(value: datetime.date) -> str:
    return short_date(value)


def _notify(template: str, subject: Any, record: Any, **context: Any) -> None:
    """The requester's mail about ``record``, once per kind of mail (sent with the change's transaction)."""
    mail_once_rendered(
        template=f"requests/{template}",
        subject=subject,
        to=record.contact_email,
        context={"record": record, **context},
        key=f"requests-{template}-{record._meta.model_name}-{record.pk}",
    )


def current_version(kind: str) -> TemplateVersion:
    template = ProgrammeTemplate.objects.filter(kind=kind).first()
    version = template.current_version() if template is not None else None
    if version is None:
        raise ValidationError(NO_TEMPLATE % {"kind": ProgrammeKind(kind).label}, code="no_template")
    return version


def _start_programme(
    record: ExpressionOfInterest | TaskforceRequest,
    *,
    kind: str,
    title: str,
    start_date: datetime.date,
    advisors: Sequence[Any],
    status: str,
    decided_by: Any,
    mail: str,
    subject: Any,
    start_override_reason: str = "",
) -> Programme:
    """Create the programme of an accepted interest or a started request (the kind's current template, anchored at
    the start date, for the record's organisation), link it to the record with its new status and tell the contact
    person (mail template ``requests/<mail>``)."""
    programme = programme_services.programme_create(
        version=current_version(kind),
        title=title,
        description=record.needs,
        anchors={"start": start_date},
        organisations=[record.organisation],
        advisors=advisors,
        start_override_reason=start_override_reason,
    )
    record.status = status
    record.programme = programme
    record.decided_at = timezone.now()
    record.decided_by = decided_by
    record.save(update_fields=["status", "programme", "decided_at", "decided_by"])
    _notify(mail, subject, record, programme=programme)
    invite_named_coordinator(
        by=decided_by, organisation=record.organisation, email=record.contact_email, name=record.contact_name
    )
    return programme


# --- expressions of interest -------------------------------------------------------------------------------


@transaction.atomic
def interest_create(
    *,
    organisation: Organisation,
    contact_name: str,
    contact_email: str,
    needs: str,
    expectations: str,
    contact_phone: str = "",
    submitted_by: Any = None,
) -> ExpressionOfInterest:
    """Any time of the year; the contact gets a confirmation by e-mail."""
    check_submits_for(organisation, submitted_by)
    interest = ExpressionOfInterest(
        organisation=organisation,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        needs=needs,
        expectations=expectations,
        submitted_by=submitted_by if getattr(submitted_by, "is_authenticated", False) else None,
    )
    interest.full_clean()
    interest.save()
    _notify("interest_received", _("We have received your expression of interest"), interest)
    return interest


@transaction.atomic
def interest_accept(
    *,
    by: Any,
    interest: ExpressionOfInterest,
    start_date: datetime.date,
    advisors: Sequence[Any] = (),
    title: str = "",
) -> Programme:
    """Create the individual programme (the current INDIVIDUAL template, anchored at the start date) and link it."""
    require(by, Action.CHANGE, interest)
    interest = (
        ExpressionOfInterest.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=interest.pk)
    )
    if interest.status != InterestStatus.NEW:
        raise ValidationError(ALREADY_DECIDED % {"status": interest.get_status_display()}, code="decided")
    return _start_programme(
        interest,
        kind=ProgrammeKind.INDIVIDUAL,
        title=title or str(_("Individual programme: %(organisation)s") % {"organisation": interest.organisation.name}),
        start_date=start_date,
        advisors=advisors,
        status=InterestStatus.ACCEPTED,
        decided_by=by,
        mail="interest_accepted",
        subject=_("Your expression of interest has been accepted"),
    )


@transaction.atomic
def interest_decline(*, by: Any, interest: ExpressionOfInterest, reason: str) -> ExpressionOfInterest:
    require(by, Action.CHANGE, interest)
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason")
    interest = (
        ExpressionOfInterest.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=interest.pk)
    )
    if interest.status != InterestStatus.NEW:
        raise ValidationError(ALREADY_DECIDED % {"status": interest.get_status_display()}, code="decided")
    interest.status = InterestStatus.DECLINED
    interest.decision_reason = reason.strip()
    interest.decided_at = timezone.now()
    interest.decided_by = by
    interest.full_clean()
    interest.save(update_fields=["status", "decision_reason", "decided_at", "decided_by"])
    _notify("interest_declined", _("Your expression of interest"), interest)
    return interest


# --- seasons -------------------------------------------------------------------------------------------------


def seasons_ensure(*, years: int = 3, today: datetime.date | None = None) -> list[Season]:
    """Spring and autumn of this year and the next ``years - 1`` years (the ones missing are created); a season
    that has ended is never created. The scheduler runs it daily (job ``taskforce_seasons``), so the public
    request form always offers the coming seasons."""
    today = today or timezone.localdate()
    created = []
    for year in range(today.year, today.year + years):
        for half in (SeasonHalf.SPRING, SeasonHalf.AUTUMN):
            if year == today.year and half == SeasonHalf.SPRING and today.month > 6:
                continue  # ended
            season, was_created = Season.objects.get_or_create(year=year, half=half)
            if was_created:
                created.append(season)
    return created


def seasons_ensure_job(now: datetime.datetime) -> int:
    """The scheduler's daily job: the coming seasons exist (how many were created)."""
    return len(seasons_ensure(today=timezone.localdate(now)))


def season_taken(season: Season, *, besides: TaskforceRequest | None = None) -> int:
    """Slots taken: requests allocated or started, and taskforce programmes created directly (``besides``: a
    request not to count)."""
    requests = season.requests.filter(status__in=SLOT_STATUSES)
    if besides is not None:
        requests = requests.exclude(pk=besides.pk)
    return requests.count() + season.direct_starts.count()


def season_start_day(season: Season) -> datetime.date:
    """The first day of the season on which a taskforce programme may start: the first in the current template's
    start seasons (the season's first day when the template has none in it)."""
    template = current_version(ProgrammeKind.TASKFORCE).engine_template()
    day = season.first_day
    while day <= season.last_day:
        if not scheduling.outside_start_seasons(template, day):
            return day
        day += datetime.timedelta(days=1)
    return season.first_day


def season_of(day: datetime.date) -> Season:
    """The season a day lies in (spring: January to June), created when missing."""
    half = SeasonHalf.SPRING if day.month <= 6 else SeasonHalf.AUTUMN
    return Season.objects.get_or_create(year=day.year, half=half)[0]


@transaction.atomic
def season_update(*, by: Any, season: Season, capacity: int) -> Season:
    require(by, Action.CHANGE, season)
    season = Season.objects.select_for_update().get(pk=season.pk)
    taken = season_taken(season)
    if capacity < taken:
        raise ValidationError(CAPACITY_BELOW % {"season": season, "n": taken}, code="capacity")
    season.capacity = capacity
    season.full_clean()
    season.save(update_fields=["capacity"])
    return season


# --- taskforce requests ----------------------------------------------------------------------------------------


def _duplicate(organisation: Organisation) -> ValidationError:
    first = (
        TaskforceRequest.objects.filter(organisation=organisation, status__in=OPEN_REQUEST_STATUSES)
        .order_by("created_at")
        .first()
    )
    received = _date(timezone.localtime(first.created_at).date()) if first else "–"
    return ValidationError(
        DUPLICATE_REQUEST % {"organisation": organisation.name, "received": received}, code="duplicate"
    )


@transaction.atomic
def taskforce_request_create(
    *,
    organisation: Organisation,
    contact_name: str,
    contact_email: str,
    needs: str,
    expectations: str,
    contact_phone: str = "",
    wished_season: Season | None = None,
    received_via: str = ReceivedVia.WRITTEN,
    submitted_by: Any = None,
) -> TaskforceRequest:
    """Only municipalities (a § 110 shelter is refused), one open request per municipality; confirmed by e-mail."""
    if not organisation.is_municipality:
        raise ValidationError(SHELTER_REFUSED % {"organisation": organisation.name}, code="shelter")
    check_submits_for(organisation, submitted_by)
    if TaskforceRequest.objects.filter(organisation=organisation, status__in=OPEN_REQUEST_STATUSES).exists():
        raise _duplicate(organisation)
    request = TaskforceRequest(
        organisation=organisation,
        contact_name=contact_name,
        contact_email=contact_email,
        contact_phone=contact_phone,
        needs=needs,
        expectations=expectations,
        wished_season=wished_season,
        received_via=received_via,
        submitted_by=submitted_by if getattr(submitted_by, "is_authenticated", False) else None,
    )
    request.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:  # a second submission racing the first
        raise _duplicate(organisation) from None
    _notify("request_received", _("We have received your request for a taskforce programme"), request)
    return request


def _lock_open(request: TaskforceRequest) -> TaskforceRequest:
    request = (
        TaskforceRequest.objects.select_for_update(of=("self",))
        .select_related("organisation", "season")
        .get(pk=request.pk)
    )
    if not request.is_open:
        raise ValidationError(NOT_OPEN % {"status": request.get_status_display()}, code="not_open")
    return request


@transaction.atomic
def request_allocate(*, by: Any, request: TaskforceRequest, season: Season) -> TaskforceRequest:
    """A slot in the season if one is free; otherwise the season's waiting list (ordered by when received)."""
    require(by, Action.CHANGE, request)
    season = Season.objects.select_for_update().get(pk=season.pk)
    if season.last_day < timezone.localdate():
        raise ValidationError({"season": SEASON_ENDED % {"season": season}}, code="season_ended")
    request = _lock_open(request)
    if request.season_id == season.pk and request.status != RequestStatus.RECEIVED:
        return request
    taken = season_taken(season, besides=request)
    request.season = season
    request.status = RequestStatus.ALLOCATED if taken < season.capacity else RequestStatus.WAITING
    request.allocated_at = timezone.now()
    request.save(update_fields=["season", "status", "allocated_at"])
    return request


def _close(request: TaskforceRequest, status: str, reason: str, by: Any) -> TaskforceRequest:
    request = _lock_open(request)
    request.status = status
    request.decision_reason = reason.strip()
    request.decided_at = timezone.now()
    request.decided_by = by
    request.full_clean(validate_constraints=False)
    request.save(update_fields=["status", "decision_reason", "decided_at", "decided_by"])
    return request


@transaction.atomic
def request_withdraw(*, by: Any, request: TaskforceRequest, reason: str) -> TaskforceRequest:
    """The municipality withdraws its request (recorded by an advisor); a slot it held is free again."""
    require(by, Action.CHANGE, request)
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason")
    return _close(request, RequestStatus.WITHDRAWN, reason, by)


@transaction.atomic
def request_decline(*, by: Any, request: TaskforceRequest, reason: str) -> TaskforceRequest:
    """Decline with a reason, sent to the municipality's contact person."""
    require(by, Action.CHANGE, request)
    if not reason.strip():
        raise ValidationError(REASON_REQUIRED, code="reason")
    request = _close(request, RequestStatus.DECLINED, reason, by)
    _notify("request_declined", _("Your request for a taskforce programme"), request)
    return request


def waiting_list(season: Season) -> list[TaskforceRequest]:
    return list(
        season.requests.filter(status=RequestStatus.WAITING).select_related("organisation").order_by("created_at", "pk")
    )


@transaction.atomic
def season_move_up(*, by: Any, season: Season, request: TaskforceRequest | None = None) -> TaskforceRequest:
    """Give the first on the season's waiting list the free slot (refused when the season is still full)."""
    require(by, Action.CHANGE, season)
    season = Season.objects.select_for_update().get(pk=season.pk)
    waiting = waiting_list(season)
    if not waiting:
        raise ValidationError(NOBODY_WAITING % {"season": season}, code="nobody")
    if request is not None and request.pk != waiting[0].pk:
        raise ValidationError(NOT_FIRST, code="not_first")
    taken = season_taken(season)
    if taken >= season.capacity:
        raise ValidationError(SEASON_FULL % {"season": season, "n": taken, "capacity": season.capacity}, code="full")
    first = waiting[0]
    first.status = RequestStatus.ALLOCATED
    first.allocated_at = timezone.now()
    first.save(update_fields=["status", "allocated_at"])
    return first


@transaction.atomic
def request_start(
    *,
    by: Any,
    request: TaskforceRequest,
    start_date: datetime.date,
    advisors: Sequence[Any] = (),
    title: str = "",
    start_override: bool = False,
    start_override_reason: str = "",
) -> Programme:
    """Create the taskforce programme (current TASKFORCE template, anchored at a start date in the season). A date
    outside the template's start seasons (spring, autumn) is refused unless ``start_override`` with a reason."""
    require(by, Action.CHANGE, request)
    request = (
        TaskforceRequest.objects.select_for_update(of=("self",))
        .select_related("organisation", "season")
        .get(pk=request.pk)
    )
    if request.status != RequestStatus.ALLOCATED or request.season is None:
        raise ValidationError(NOT_ALLOCATED % {"status": request.get_status_display()}, code="not_allocated")
    season = request.season
    if not season.first_day <= start_date <= season.last_day:
        raise ValidationError(
            OUTSIDE_SEASON % {"season": season, "first": _date(season.first_day), "last": _date(season.last_day)},
            code="outside_season",
        )
    return _start_programme(
        request,
        kind=ProgrammeKind.TASKFORCE,
        title=title or str(_("Taskforce programme: %(organisation)s") % {"organisation": request.organisation.name}),
        start_date=start_date,
        advisors=advisors,
        status=RequestStatus.STARTED,
        decided_by=by,
        mail="request_started",
        subject=_("Your taskforce programme has been planned"),
        start_override_reason=start_override_reason if start_override else "",
    )


# --- programmes created directly ------------------------------------------------------------------------------


@transaction.atomic
def programme_create_direct(
    *,
    version: TemplateVersion,
    anchors: Mapping[str, datetime.date],
    by: Any,
    season_override: bool = False,
    override_reason: str = "",
    **programme: Any,
) -> Programme:
    """A programme created on the programme page or through the API rather than from interest or a request.

    A taskforce programme takes a slot in the season its start date lies in, as a started request does (the
    same count: ``season_taken``); a full season refuses it unless an administrator overrides with a reason,
    kept with the slot (``DirectStart``) and in the audit log. Other kinds are created as they are."""
    if season_override and not getattr(by, "is_administrator", False):
        raise ValidationError(OVERRIDE_ADMINISTRATORS_ONLY, code="override_not_allowed")
    if version.template.kind != ProgrammeKind.TASKFORCE:
        return programme_services.programme_create(version=version, anchors=anchors, by=by, **programme)
    start = anchors[version.engine_template().anchors[0]]
    season = Season.objects.select_for_update().get(pk=season_of(start).pk)
    taken = season_taken(season)
    reason = ""
    if taken >= season.capacity:
        if not season_override:
            raise ValidationError(
                SEASON_FULL_DIRECT % {"season": season, "n": taken, "capacity": season.capacity}, code="season_full"
            )
        reason = override_reason.strip()
        if not reason:
            raise ValidationError(OVERRIDE_REASON_REQUIRED, code="override_reason")
    created = programme_services.programme_create(version=version, anchors=anchors, by=by, **programme)
    slot = DirectStart(season=season, programme=created, override_reason=reason, created_by=by)
    slot.full_clean()
    slot.save()
    return created

"""Writes for intake: opening rounds, registering, forming groups and sending the written acceptance."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advisory.core.access import Action, require, scope
from advisory.core.mail import mail_once_rendered
from advisory.core.tokens import new_token, token_hash
from advisory.intake.models import IntakeRound, Registration, RegistrationStatus, RoundHalf, WaitingListOffer
from advisory.organisations.models import Organisation
from advisory.organisations.services import check_submits_for, invite_named_coordinator
from advisory.programmes import services as programme_services
from advisory.programmes.models import ActivityScope, Programme

ROUND_CLOSED = _("Registration for this round is closed. Registration was open from %(opens)s to %(closes)s.")
ROUND_NOT_OPEN_YET = _("Registration for this round opens on %(opens)s.")
DUPLICATE_REGISTRATION = _("%(organisation)s is already registered for this round.")
GROUP_SIZE = _("A group has %(min)s to %(max)s organisations; you chose %(n)s.")
NOT_AVAILABLE = _("Only registrations of this round that are not yet in a group can be chosen.")


WINDOW_BACKWARDS = _("Registration must close on or after the day it opens.")
ANNOUNCED_AFTER_OPENING = _("The round must be announced on or before the day registration opens.")
START_BEFORE_CLOSING = _("The expected start must come after registration closes.")
HALF_WITHOUT_YEAR = _("Choose both the year and the half-year, or neither.")
HALF_TAKEN = _("There is already a round for %(half)s %(year)s: “%(round)s”.")
START_OUTSIDE_YEAR = _("The expected start of the year's round must lie in %(year)s.")


def check_window(opens_on: datetime.date | None, closes_on: datetime.date | None) -> None:
    """ValidationError on "closes_on" if registration would close before it opens. ``IntakeRoundForm`` asks
    too, so that the page shows it on the field rather than the database constraint's form-wide message."""
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": WINDOW_BACKWARDS}, code="window_backwards")


def check_round(fields: dict[str, Any], *, instance: IntakeRound | None = None) -> None:
    """The round's dates in order (announced ≤ opens ≤ closes < expected start), its year and half-year together
    and, for the year's plan, one spring and one autumn round a year with the expected start in that year. Each
    error on its field (the form and the API show it there)."""
    check_window(fields.get("opens_on"), fields.get("closes_on"))
    errors: dict[str, Any] = {}
    opens_on, closes_on = fields.get("opens_on"), fields.get("closes_on")
    announce_from, expected_start = fields.get("announce_from"), fields.get("expected_start")
    year, half = fields.get("year"), fields.get("half") or ""
    if announce_from and opens_on and announce_from > opens_on:
        errors["announce_from"] = ValidationError(ANNOUNCED_AFTER_OPENING, code="announced_after_opening")
    if expected_start and closes_on and expected_start <= closes_on:
        errors["expected_start"] = ValidationError(START_BEFORE_CLOSING, code="start_before_closing")
    if bool(year) != bool(half):
        errors["half"] = ValidationError(HALF_WITHOUT_YEAR, code="half_without_year")
    elif year and half:
        taken = IntakeRound.objects.filter(year=year, half=half)
        if instance is not None and instance.pk:
            taken = taken.exclude(pk=instance.pk)
        other = taken.first()
        if other is not None:
            label = RoundHalf(half).label
            errors["half"] = ValidationError(
                HALF_TAKEN % {"year": year, "half": label, "round": other}, code="half_taken"
            )
        if expected_start and expected_start.year != year and "expected_start" not in errors:
            errors["expected_start"] = ValidationError(START_OUTSIDE_YEAR % {"year": year}, code="start_outside_year")
    if errors:
        raise ValidationError(errors)


def round_defaults(year: int, half: str) -> dict[str, Any]:
    """The prefilled plan of a year's spring or autumn round: spring announced in early January, registration
    in February, start in April; autumn announced in June, registration 10 August to 10 September (after the
    summer holiday), start in October. The advisor changes what does not fit."""
    d = datetime.date
    if half == RoundHalf.SPRING:
        dates = (d(year, 1, 5), d(year, 2, 1), d(year, 3, 1), d(year, 4, 1))
        season = _("Spring %(year)s") % {"year": year}
    else:
        dates = (d(year, 6, 1), d(year, 8, 10), d(year, 9, 10), d(year, 10, 1))
        season = _("Autumn %(year)s") % {"year": year}
    announce_from, opens_on, closes_on, expected_start = dates
    return {
        "year": year,
        "half": half,
        "season": str(season),
        "announce_from": announce_from,
        "opens_on": opens_on,
        "closes_on": closes_on,
        "expected_start": expected_start,
        "groups_planned": 1,
    }


@transaction.atomic
def intake_round_create(*, by: Any, **fields: Any) -> IntakeRound:
    require(by, Action.CREATE, IntakeRound)
    check_round(fields)
    round_ = IntakeRound(**fields)
    round_.full_clean()
    round_.save()
    return round_


# What an advisor sets on a round, in the order the round form shows it.
ROUND_FIELD_ORDER = (
    "season",
    "theme",
    "description",
    "announce_from",
    "opens_on",
    "closes_on",
    "expected_start",
    "year",
    "half",
    "groups_planned",
    "template_version",
)
ROUND_FIELDS = frozenset(ROUND_FIELD_ORDER)


@transaction.atomic
def intake_round_update(*, by: Any, round_: IntakeRound, **fields: Any) -> IntakeRound:
    """Change a round's plan (theme, dates, place in the year): the same rules as when it was created."""
    require(by, Action.CHANGE, round_)
    unknown = set(fields) - ROUND_FIELDS
    if unknown:
        raise TypeError(f"Not a round field: {sorted(unknown)}")
    round_ = IntakeRound.objects.select_for_update().get(pk=round_.pk)
    for name, value in fields.items():
        setattr(round_, name, value)
    check_round({name: getattr(round_, name) for name in ROUND_FIELDS if name != "template_version"}, instance=round_)
    round_.full_clean()
    round_.save()
    return round_


def _check_open(round_: IntakeRound, today: datetime.date) -> None:
    dates = {"opens": f"{round_.opens_on:%d.%m.%Y}", "closes": f"{round_.closes_on:%d.%m.%Y}"}
    if today < round_.opens_on:
        raise ValidationError(ROUND_NOT_OPEN_YET % dates, code="not_open")
    if today > round_.closes_on:
        raise ValidationError(ROUND_CLOSED % dates, code="closed")


@transaction.atomic
def registration_create(
    *,
    round_: IntakeRound,
    organisation: Organisation,
    coordinator_name: str,
    coordinator_email: str,
    motivation: str,
    development_point: str,
    expected_participants: int,
    coordinator_phone: str = "",
    submitted_by: Any = None,
    today: datetime.date | None = None,
) -> Registration:
    """Register while the round is open; one registration per organisation and round; confirm by e-mail.
    An organisation person registers only an organisation they belong to."""
    check_submits_for(organisation, submitted_by)
    _check_open(round_, today or timezone.localdate())
    if Registration.objects.filter(round=round_, organisation=organisation).exists():
        raise ValidationError(DUPLICATE_REGISTRATION % {"organisation": organisation.name}, code="duplicate")
    registration = Registration(
        round=round_,
        organisation=organisation,
        coordinator_name=coordinator_name,
        coordinator_email=coordinator_email,
        coordinator_phone=coordinator_phone,
        motivation=motivation,
        development_point=development_point,
        expected_participants=expected_participants,
        submitted_by=submitted_by if getattr(submitted_by, "is_authenticated", False) else None,
    )
    registration.full_clean()
    try:
        with transaction.atomic():
            registration.save()
    except IntegrityError:  # a second submission racing the first
        raise ValidationError(DUPLICATE_REGISTRATION % {"organisation": organisation.name}, code="duplicate") from None
    mail_once_rendered(
        template="registration_confirmation",
        subject=_("Your registration has been received"),
        to=registration.coordinator_email,
        context={"registration": registration, "round": round_},
        key=f"registration-confirmation-{registration.pk}",
    )
    return registration


@transaction.atomic
def registrations_waitlist(*, by: Any, round_: IntakeRound, ids: Sequence[int | str]) -> list[Registration]:
    """Put the chosen registrations of the round on the waiting list; those already in a group stay there, and
    ids the person cannot see or of another round are passed over. Returns the chosen registrations as they are
    now."""
    require(by, Action.CHANGE, round_)
    chosen = [r.pk for r in scope(by, Registration).filter(round=round_, pk__in=ids)]
    Registration.objects.filter(pk__in=chosen).exclude(status=RegistrationStatus.IN_GROUP).update(
        status=RegistrationStatus.WAITING
    )
    return list(Registration.objects.filter(pk__in=chosen).select_related("organisation"))


@transaction.atomic
def group_form(
    *,
    by: Any,
    round_: IntakeRound,
    registrations: Sequence[Registration],
    acceptance_date: datetime.date,
    title: str,
) -> Programme:
    """Form a group of the chosen registrations and send the written acceptance, whose date anchors the plan.
    An advisor who forms the group runs it."""
    require(by, Action.CHANGE, round_)
    advisors = [by] if by.is_advisor else []
    template = round_.template_version.engine_template()
    chosen = list(Registration.objects.select_for_update().filter(pk__in=[r.pk for r in registrations]))
    if len(chosen) != len(registrations) or any(
        r.round_id != round_.pk or r.status == RegistrationStatus.IN_GROUP for r in chosen
    ):
        raise ValidationError(NOT_AVAILABLE, code="not_available")
    if not template.min_organisations <= len(chosen) <= template.max_organisations:
        raise ValidationError(
            GROUP_SIZE % {"min": template.min_organisations, "max": template.max_organisations, "n": len(chosen)},
            code="group_size",
        )
    programme = programme_services.programme_create(
        version=round_.template_version,
        title=title,
        theme=round_.theme,
        description=round_.description,
        anchors={"acceptance": acceptance_date},
        organisations=[r.organisation for r in chosen],
        advisors=advisors,
    )
    Registration.objects.filter(pk__in=[r.pk for r in chosen]).update(
        status=RegistrationStatus.IN_GROUP, programme=programme
    )
    organisations = sorted((r.organisation for r in chosen), key=lambda o: o.name)
    shared = list(programme.activities.filter(scope=ActivityScope.SHARED).order_by("starts_on", "position"))
    own_rows = list(programme.activities.filter(organisation__isnull=False).order_by("starts_on", "position"))
    for registration in chosen:
        mail_once_rendered(
            template="written_acceptance",
            subject=_("Written acceptance: group-based programme"),
            to=registration.coordinator_email,
            context={
                "registration": registration,
                "programme": programme,
                "organisations": organisations,
                # The group's meetings and the organisation's own calls and preparations, by date.
                "plan": sorted(
                    [*shared, *(a for a in own_rows if a.organisation_id == registration.organisation_id)],
                    key=lambda a: (a.starts_on, a.position),
                ),
            },
            key=f"written-acceptance-{registration.pk}-{programme.pk}",
        )
        invite_named_coordinator(
            by=by,
            organisation=registration.organisation,
            email=registration.coordinator_email,
            name=registration.coordinator_name,
        )
    return programme


# --- the waiting list: a place in the next round first ---------------------------------------------------------

OFFER_DAYS = 30  # an offer's link expires after this many days (or when the next round closes, if sooner)
NO_NEXT_ROUND = _("There is no next round open for registration to offer places in. Plan the next round first.")
OFFER_UNKNOWN = _("The link is not valid. Ask the advisory function for a new one.")
OFFER_EXPIRED = _("The offer expired on %(date)s. Ask the advisory function whether there is still a place.")
NEXT_ROUND_CLOSED = _("Registration for the next round has closed.")


def next_round(round_: IntakeRound, today: datetime.date | None = None) -> IntakeRound | None:
    """The round after this one (the first to open after it) if registration for it has not closed."""
    today = today or timezone.localdate()
    following = IntakeRound.objects.filter(opens_on__gt=round_.opens_on).order_by("opens_on", "pk").first()
    if following is None or following.closes_on < today:
        return None
    return following


def offer_url(raw_token: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{reverse('intake:waiting_list_confirm', args=[raw_token])}"


@transaction.atomic
def waiting_list_offer(*, by: Any, round_: IntakeRound, today: datetime.date | None = None) -> list[WaitingListOffer]:
    """Offer each organisation left on the round's waiting list a place in the next round: a mail with a link to
    confirm that expires (after ``OFFER_DAYS`` days or when the next round closes). Organisations already offered
    a place, or already registered for the next round, are passed over, so pressing again sends nothing twice.
    ``by`` None: the daily job (the waiting list is final when the round has started). Returns the new offers."""
    if by is not None:
        require(by, Action.CHANGE, round_)
    today = today or timezone.localdate()
    round_ = IntakeRound.objects.select_for_update().get(pk=round_.pk)  # two presses at once: one after the other
    following = next_round(round_, today)
    if following is None:
        raise ValidationError(NO_NEXT_ROUND, code="no_next_round")
    waiting = (
        Registration.objects.filter(round=round_, status=RegistrationStatus.WAITING)
        .exclude(offers__next_round=following)
        .exclude(organisation__registrations__round=following)
        .select_related("organisation")
        .order_by("created_at", "pk")
    )
    expires_on = min(today + datetime.timedelta(days=OFFER_DAYS), following.closes_on)
    offers = []
    for registration in waiting:
        raw, hashed = new_token()
        offer = WaitingListOffer.objects.create(
            registration=registration,
            next_round=following,
            token_hash=hashed,
            expires_on=expires_on,
            created_by=by if getattr(by, "is_authenticated", False) else None,
        )
        mail_once_rendered(
            template="waiting_list_offer",
            subject=_("A place in the next group-based programme"),
            to=registration.coordinator_email,
            context={
                "registration": registration,
                "round": round_,
                "next_round": following,
                "offer": offer,
                "url": offer_url(raw),
            },
            key=f"waiting-list-offer-{offer.pk}",
        )
        offers.append(offer)
    return offers


def offer_for_token(raw_token: str) -> WaitingListOffer:
    """The offer a link's token belongs to (ValidationError when none: a wrong or shortened link)."""
    if not raw_token or len(raw_token) > 100:
        raise ValidationError(OFFER_UNKNOWN, code="unknown")
    offer = (
        WaitingListOffer.objects.select_related("registration__organisation", "registration__round", "next_round")
        .filter(token_hash=token_hash(raw_token))
        .first()
    )
    if offer is None:
        raise ValidationError(OFFER_UNKNOWN, code="unknown")
    return offer


@transaction.atomic
def waiting_list_offer_confirm(*, by: Any, raw_token: str, today: datetime.date | None = None) -> Registration:
    """Take the offered place: a registration in the next round marked as coming from the waiting list, with the
    details of the registration on the waiting list, confirmed by mail. Anyone with the link may confirm (it was
    sent to the organisation's coordinator); confirming again gives the same registration. An organisation that
    had registered for the next round itself keeps that registration, now marked as from the waiting list."""
    today = today or timezone.localdate()
    offer = offer_for_token(raw_token)
    offer = WaitingListOffer.objects.select_for_update().get(pk=offer.pk)
    if offer.confirmed_registration_id is not None:
        return Registration.objects.get(pk=offer.confirmed_registration_id)
    if offer.expired(today):
        raise ValidationError(OFFER_EXPIRED % {"date": f"{offer.expires_on:%d.%m.%Y}"}, code="expired")
    following, earlier = offer.next_round, offer.registration
    if following.closes_on < today:
        raise ValidationError(NEXT_ROUND_CLOSED, code="closed")
    registration = Registration.objects.filter(round=following, organisation_id=earlier.organisation_id).first()
    if registration is None:
        registration = Registration(
            round=following,
            organisation=earlier.organisation,
            coordinator_name=earlier.coordinator_name,
            coordinator_email=earlier.coordinator_email,
            coordinator_phone=earlier.coordinator_phone,
            motivation=earlier.motivation,
            development_point=earlier.development_point,
            expected_participants=earlier.expected_participants,
            submitted_by=by if getattr(by, "is_authenticated", False) else None,
            from_waiting_list=earlier,
        )
        registration.full_clean()
        try:
            with transaction.atomic():
                registration.save()
        except IntegrityError:  # the organisation registered itself at the same moment: keep that registration
            registration = Registration.objects.get(round=following, organisation_id=earlier.organisation_id)
            registration.from_waiting_list = earlier
            registration.save(update_fields=["from_waiting_list"])
        mail_once_rendered(
            template="registration_confirmation",
            subject=_("Your registration has been received"),
            to=registration.coordinator_email,
            context={"registration": registration, "round": following},
            key=f"registration-confirmation-{registration.pk}",
        )
    elif registration.from_waiting_list_id is None:
        registration.from_waiting_list = earlier
        registration.save(update_fields=["from_waiting_list"])
    offer.confirmed_at = timezone.now()
    offer.confirmed_registration = registration
    offer.save(update_fields=["confirmed_at", "confirmed_registration"])
    return registration


WAITING_LIST_JOB_DAYS = 30  # the daily job offers places for rounds that started at most this many days ago


def waiting_lists_job(now: datetime.datetime) -> int:
    """The scheduler's daily job: a round's waiting list is final when the round has started (its expected start);
    its organisations are offered a place in the next round (how many offers were sent). Rounds without an
    expected start, or with no next round planned yet, wait for the advisor's "Offer a place in the next round"."""
    today = timezone.localdate(now)
    started = IntakeRound.objects.filter(
        expected_start__lte=today,
        expected_start__gte=today - datetime.timedelta(days=WAITING_LIST_JOB_DAYS),
        registrations__status=RegistrationStatus.WAITING,
    ).distinct()
    sent = 0
    for round_ in started:
        if next_round(round_, today) is not None:
            sent += len(waiting_list_offer(by=None, round_=round_, today=today))
    return sent

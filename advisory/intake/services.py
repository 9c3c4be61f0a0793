"""Writes for intake: opening rounds, registering, forming groups and sending the written acceptance."""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from typing import Any

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from advisory.core.access import Action, require, scope
from advisory.core.mail import mail_once_rendered
from advisory.intake.models import IntakeRound, Registration, RegistrationStatus
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


def check_window(opens_on: datetime.date | None, closes_on: datetime.date | None) -> None:
    """ValidationError on "closes_on" if registration would close before it opens. ``IntakeRoundForm`` asks
    too, so that the page shows it on the field rather than the database constraint's form-wide message."""
    if opens_on and closes_on and closes_on < opens_on:
        raise ValidationError({"closes_on": WINDOW_BACKWARDS}, code="window_backwards")


@transaction.atomic
def intake_round_create(*, by: Any, **fields: Any) -> IntakeRound:
    require(by, Action.CREATE, IntakeRound)
    check_window(fields.get("opens_on"), fields.get("closes_on"))
    round_ = IntakeRound(**fields)
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

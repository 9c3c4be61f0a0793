"""Writes: answering a meeting's evaluation, and inviting its participants."""

from __future__ import annotations

import datetime
import logging
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from advisory.evaluations import selectors
from advisory.evaluations.models import EvaluationAnswer, EvaluationReceipt, EvaluationResponse, EvaluationRound
from advisory.evaluations.questions import QUESTIONS, Kind
from advisory.notifications.models import OutboxMessage
from advisory.notifications.outbox import outbox_enqueue
from advisory.programmes.models import Activity, MeetingParticipant

logger = logging.getLogger(__name__)

ALREADY_ANSWERED = _("You have already answered the evaluation of this meeting.")


class AlreadyAnswered(Exception):
    """A second answer from the same person for the same meeting (also when two arrive at once)."""

    message = ALREADY_ANSWERED


class NotOpen(Exception):
    """The evaluation is not open for this person now (not yet, or closed)."""

    def __init__(self, state: selectors.State) -> None:
        super().__init__(str(selectors.STATE_MESSAGES[state]))
        self.state = state


def _answer_rows(response: EvaluationResponse, answers: dict[str, Any]) -> list[EvaluationAnswer]:
    rows = []
    for question in QUESTIONS:
        value = answers.get(question.key)
        if question.kind == Kind.SCALE:
            if value in (None, ""):
                if question.required:
                    raise ValidationError({question.key: [gettext("Choose an answer from 1 to 5.")]})
                continue
            rows.append(EvaluationAnswer(response=response, question=question.key, score=int(value)))
        else:
            text = (value or "").strip()
            if text:
                rows.append(EvaluationAnswer(response=response, question=question.key, text=text))
    for row in rows:
        row.full_clean(exclude=["response"])
    return rows


def evaluation_answer(
    *, by: Any, activity: Activity, answers: dict[str, Any], today: datetime.date | None = None
) -> None:
    """Store one anonymous answer and, in the same transaction, the receipt that ``by`` has answered.

    ``answers`` maps question keys to cleaned values (an int 1..5 for a scale question, a str for text).
    Raises PermissionDenied (not a participant, or staff), NotOpen, AlreadyAnswered or ValidationError.
    """
    state = selectors.state_for(activity, by, today)
    if state in (selectors.State.STAFF, selectors.State.NOT_PARTICIPANT):
        raise PermissionDenied(str(selectors.STATE_MESSAGES[state]))
    if state == selectors.State.ANSWERED:
        raise AlreadyAnswered
    if state != selectors.State.OPEN:
        raise NotOpen(state)
    participant = selectors.participation(activity, by)
    assert participant is not None
    with transaction.atomic():
        try:
            with transaction.atomic():
                EvaluationReceipt.objects.create(activity=activity, user=by, organisation=participant.organisation)
        except IntegrityError as exc:  # the same person answered at the same moment in another request
            raise AlreadyAnswered from exc
        response = EvaluationResponse.objects.create(activity=activity)
        EvaluationAnswer.objects.bulk_create(_answer_rows(response, answers))


# --- Invitations -----------------------------------------------------------------------------------


def invitation_key(activity: Activity, user: Any) -> str:
    return f"evaluation:{activity.pk}:{user.pk}"


def _invitees(activity: Activity) -> list[MeetingParticipant]:
    """Booked and not absent, active, with an e-mail address, not agency staff, and not answered yet."""
    answered = EvaluationReceipt.objects.filter(activity=activity).values("user_id")
    participants = (
        MeetingParticipant.objects.filter(activity=activity, user__is_active=True)
        .exclude(attended=False)
        .exclude(user__email="")
        .exclude(user_id__in=answered)
        .select_related("user", "organisation")
        .order_by("pk")
    )
    return [p for p in participants if not p.user.is_agency_staff]


def evaluation_invite(activity: Activity) -> list[OutboxMessage]:
    """Mail each participant of the meeting a Danish invitation to answer; once per meeting and person.

    Each mail goes through the outbox under the key ``evaluation:<activity id>:<user id>``, so calling this
    again (a second scheduler, a retry) sends nobody a second mail; people booked since are invited.
    """
    messages = []
    with transaction.atomic(), translation.override("da"):
        round_, _created = EvaluationRound.objects.select_for_update().get_or_create(activity=activity)
        url = settings.SITE_URL.rstrip("/") + reverse("evaluations:answer", args=[activity.pk])
        subject = gettext("Evaluation: %(meeting)s") % {"meeting": activity.title}
        for participant in _invitees(activity):
            context = {
                "activity": activity,
                "programme": activity.programme,
                "recipient": participant.user,
                "url": url,
                "closes_on": selectors.closes_on(activity),
                "site_url": settings.SITE_URL,
            }
            messages.append(
                outbox_enqueue(
                    to=participant.user.email,
                    subject=subject,
                    text=render_to_string("evaluations/mail/invitation.txt", context),
                    html=render_to_string("evaluations/mail/invitation.html", context),
                    key=invitation_key(activity, participant.user),
                )
            )
        round_.invited_at = round_.invited_at or timezone.now()
        round_.invited_count = OutboxMessage.objects.filter(
            idempotency_key__startswith=f"evaluation:{activity.pk}:"
        ).count()
        round_.save(update_fields=["invited_at", "invited_count"])
    return messages


def evaluations_invite_due(now: datetime.datetime | None = None) -> int:
    """The scheduler's job: invite for every evaluated meeting held yesterday or earlier not yet invited.

    Returns how many mails were put in the outbox (new or already there).
    """
    now = now or timezone.now()
    today = timezone.localdate(now)
    sent = 0
    for activity in selectors.invitation_due(today):
        try:
            sent += len(evaluation_invite(activity))
        except Exception:  # one meeting's trouble must not stop the others
            logger.exception("Evaluation invitations for activity %s failed", activity.pk)
    return sent

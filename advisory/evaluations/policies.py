"""Access to evaluations (see advisory.core.access), built on the programmes' own policies.

- Answers (``EvaluationResponse``/``EvaluationAnswer``) are read, in aggregate, only by those who run
  the programme (advisors, administrators); organisation people never see answers, not even their own.
  CREATE on a response for a meeting is the right to answer: a person booked for the meeting (and not
  recorded as absent), never agency staff. Whether the evaluation is open yet is a matter of dates
  (``selectors.state_for``), not of access.
- Receipts (who answered) are seen by the runners, and by organisation people for their own
  organisations.
"""

from __future__ import annotations

from django.db.models import QuerySet

from advisory.core.access import Action, AnyUser, can, is_authenticated, register, scope
from advisory.evaluations.models import EvaluationAnswer, EvaluationReceipt, EvaluationResponse, EvaluationRound
from advisory.evaluations.selectors import participation
from advisory.organisations.policies import member_organisation_ids
from advisory.programmes.models import Activity, Programme


def _runnable_programmes(user: AnyUser) -> QuerySet[Programme]:
    """Programmes the user runs: for agency staff, those the programme policy lets them see (advisors and
    administrators all, taskforce members those they are staffed on – the same as those they may change)."""
    if not is_authenticated(user) or not user.is_agency_staff:
        return Programme.objects.none()
    return scope(user, Programme)


def may_answer(user: AnyUser, activity: Activity) -> bool:
    if not is_authenticated(user) or user.is_agency_staff:
        return False
    if not can(user, Action.VIEW, activity):
        return False
    return participation(activity, user) is not None


def may_read_results(user: AnyUser, programme: Programme) -> bool:
    return is_authenticated(user) and bool(user.is_agency_staff) and can(user, Action.CHANGE, programme)


@register(EvaluationResponse)
class EvaluationResponsePolicy:
    def scope(self, user: AnyUser, queryset: QuerySet[EvaluationResponse]) -> QuerySet[EvaluationResponse]:
        return queryset.filter(activity__programme__in=_runnable_programmes(user))

    def can(self, user: AnyUser, action: Action | str, obj: EvaluationResponse | None) -> bool:
        if not is_authenticated(user):
            return False
        if action == Action.CREATE:
            return obj is not None and may_answer(user, obj.activity)
        if action == Action.VIEW:
            return obj is not None and may_read_results(user, obj.activity.programme)
        return False  # an anonymous answer is never changed or deleted by hand


@register(EvaluationAnswer)
class EvaluationAnswerPolicy:
    def scope(self, user: AnyUser, queryset: QuerySet[EvaluationAnswer]) -> QuerySet[EvaluationAnswer]:
        return queryset.filter(response__activity__programme__in=_runnable_programmes(user))

    def can(self, user: AnyUser, action: Action | str, obj: EvaluationAnswer | None) -> bool:
        if action == Action.VIEW and obj is not None:
            return is_authenticated(user) and may_read_results(user, obj.response.activity.programme)
        return False


@register(EvaluationReceipt)
class EvaluationReceiptPolicy:
    def scope(self, user: AnyUser, queryset: QuerySet[EvaluationReceipt]) -> QuerySet[EvaluationReceipt]:
        if not is_authenticated(user):
            return queryset.none()
        if user.is_agency_staff:
            return queryset.filter(activity__programme__in=_runnable_programmes(user))
        own = member_organisation_ids(user)
        return queryset.filter(activity__programme__in=scope(user, Programme), organisation_id__in=own)

    def can(self, user: AnyUser, action: Action | str, obj: EvaluationReceipt | None) -> bool:
        if action == Action.VIEW and obj is not None:
            return self.scope(user, EvaluationReceipt.objects.filter(pk=obj.pk)).exists()
        return False  # receipts are written by answering, nothing else


@register(EvaluationRound)
class EvaluationRoundPolicy:
    def scope(self, user: AnyUser, queryset: QuerySet[EvaluationRound]) -> QuerySet[EvaluationRound]:
        return queryset.filter(activity__programme__in=_runnable_programmes(user))

    def can(self, user: AnyUser, action: Action | str, obj: EvaluationRound | None) -> bool:
        if obj is None:
            return False
        return is_authenticated(user) and may_read_results(user, obj.activity.programme)

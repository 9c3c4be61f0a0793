"""Access rules for the outbox, calendar addresses, mail choices and scheduler jobs (see advisory.core.access)."""

from __future__ import annotations

from django.db.models import QuerySet

from advisory.core.access import Action, AnyUser, is_authenticated, register
from advisory.notifications.models import CalendarFeedToken, NotificationPreference, OutboxMessage, ScheduledJob


def _runs_programmes(user: AnyUser) -> bool:
    return is_authenticated(user) and bool(user.is_advisor or user.is_administrator)


@register(OutboxMessage)
class OutboxMessagePolicy:
    """Advisors and administrators see every outgoing mail and send a failed one again; nobody else sees any.

    The page and the list answer 403 to others; a single message is outside their scope (404).
    """

    def scope(self, user: AnyUser, queryset: QuerySet[OutboxMessage]) -> QuerySet[OutboxMessage]:
        return queryset if _runs_programmes(user) else queryset.none()

    def can(self, user: AnyUser, action: Action | str, obj: OutboxMessage | None) -> bool:
        if not _runs_programmes(user):
            return False
        # CHANGE is "retry now" (whether the message is in a state to be retried is the service's rule).
        # Nobody creates or deletes: the outbox is written by the platform and emptied by retention only.
        return action in (Action.VIEW, Action.CHANGE)


@register(ScheduledJob)
class ScheduledJobPolicy:
    """Shown with the outbox: whether the scheduler is running."""

    def scope(self, user: AnyUser, queryset: QuerySet[ScheduledJob]) -> QuerySet[ScheduledJob]:
        return queryset if _runs_programmes(user) else queryset.none()

    def can(self, user: AnyUser, action: Action | str, obj: ScheduledJob | None) -> bool:
        return action == Action.VIEW and _runs_programmes(user)


@register(CalendarFeedToken)
class CalendarFeedTokenPolicy:
    """A calendar address is its owner's alone."""

    def scope(self, user: AnyUser, queryset: QuerySet[CalendarFeedToken]) -> QuerySet[CalendarFeedToken]:
        return queryset.filter(owner=user) if is_authenticated(user) else queryset.none()

    def can(self, user: AnyUser, action: Action | str, obj: CalendarFeedToken | None) -> bool:
        return is_authenticated(user) and (obj is None or obj.owner_id == user.pk)


@register(NotificationPreference)
class NotificationPreferencePolicy:
    """Each person sets their own."""

    def scope(self, user: AnyUser, queryset: QuerySet[NotificationPreference]) -> QuerySet[NotificationPreference]:
        return queryset.filter(user=user) if is_authenticated(user) else queryset.none()

    def can(self, user: AnyUser, action: Action | str, obj: NotificationPreference | None) -> bool:
        return is_authenticated(user) and (obj is None or obj.user_id == user.pk)

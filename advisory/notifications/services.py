"""Writes for calendar addresses and notification preferences (the outbox has its own module, outbox.py)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils import timezone

from advisory.notifications.calendar_feeds import kind_spec, new_public_id
from advisory.notifications.models import CalendarFeedToken, FeedKind, MailMode, NotificationPreference


@transaction.atomic
def feed_token_issue(*, owner: Any, kind: FeedKind | str, target: Any = None) -> CalendarFeedToken:
    """The owner's active address for this feed, made now if there is none (asking twice gives one address).

    The caller has checked that the owner may see ``target``; the feed checks it again at every fetch.
    """
    kind = FeedKind(kind)
    spec = kind_spec(kind)
    if (spec.target_model is None) != (target is None):
        raise ValueError(f"A {kind} feed {'has no' if spec.target_model is None else 'needs a'} target.")
    target_id = None if target is None else target.pk
    existing = CalendarFeedToken.objects.active().filter(owner=owner, kind=kind, target_id=target_id).first()
    if existing is not None:
        return existing
    return CalendarFeedToken.objects.create(owner=owner, kind=kind, target_id=target_id, public_id=new_public_id())


@transaction.atomic
def feed_token_revoke(*, token: CalendarFeedToken) -> CalendarFeedToken:
    """Close the address: calendar programs subscribed to it get 404 from now on."""
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


@transaction.atomic
def feed_token_renew(*, token: CalendarFeedToken) -> CalendarFeedToken:
    """A new address for the same feed; the old one stops working (e.g. after it was shared by mistake)."""
    feed_token_revoke(token=token)
    return CalendarFeedToken.objects.create(
        owner=token.owner, kind=token.kind, target_id=token.target_id, public_id=new_public_id()
    )


@transaction.atomic
def preference_update(*, user: Any, mail_mode: MailMode | str) -> NotificationPreference:
    preference, _created = NotificationPreference.objects.get_or_create(user=user)
    if preference.mail_mode != mail_mode:
        preference.mail_mode = MailMode(mail_mode)
        preference.save(update_fields=["mail_mode", "updated_at"])
    return preference

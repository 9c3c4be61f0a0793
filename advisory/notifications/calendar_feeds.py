"""Subscribable calendar feeds: kinds, event sources, and the secret addresses people subscribe to.

A feed has a kind (``FeedKind``: person, organisation, programme) and, except for a person's own
feed, a target (the organisation or programme). Its address is
``/kalender/<kind>/<token>.ics``, also offered as ``webcal://…``.

Plugging in (in an ``AppConfig.ready()``)::

    from advisory.notifications.calendar_feeds import register_event_source, register_feed_kind

    register_feed_kind(FeedKind.PROGRAMME, target_model=Programme)   # programme feeds become possible
    register_event_source(my_activities, kind=FeedKind.PERSON)       # my_activities(owner, owner)
    register_event_source(programme_events, kind=FeedKind.PROGRAMME) # programme_events(owner, programme)

An event source is ``func(owner, target) -> Iterable[CalendarEvent]``: ``owner`` is the person the
address belongs to (the feed shows what they may see, nothing more), ``target`` is the organisation
or programme (for a person's own feed: the owner again). Sources put no attendees' e-mail addresses in
their events; ``ical.build_feed`` leaves organiser and attendees out in any case.

Caching: a source may also give ``fingerprint=func(owner, target)``, a read of everything its events are
made of (its rows' columns, not model objects); such a source is then also called with
``fingerprint=<what that returned>``, and may build its events from it. When every source of a kind has one,
the built feed is kept in Django's cache (key: the token; value: the data version it was built at – see
advisory/core/changes.py –, a digest of the feed's name and the addresses' settings, and the body, compressed)
and served again while both are the same: one row read, whatever the feed's size. Any write to a domain table
raises the version, so a change shows at the next fetch. An entry lives ``FEED_CACHE_SECONDS`` at most. The
cache is Django's default; without CACHES in the settings that is local memory, one copy per process. Change
``FEED_CACHE_VERSION`` when the feed's text changes in code (labels, serializer) and the cache is shared.

Access is checked when the feed is fetched, not only when the address is made: the owner must still
be active and still see the target through the access helper (``scope``), else the feed is 404.

Why the address is signed rather than stored: calendar programs fetch the feed with the secret in the
URL, and people need to copy the same address again (for a second device), so a hash shown once
(as for API tokens) does not fit. Storing the random secret itself would let anyone with a copy of
the database (a backup) read every feed. So the row holds a random ``public_id`` and the address
carries it signed with the SECRET_KEY (django.core.signing, salted): the platform can show the
address again at any time, a database copy alone opens nothing, revoking the row closes the address,
and renewing gives a new one. Rotating SECRET_KEY invalidates every address unless the old key stays
in SECRET_KEY_FALLBACKS for a while; people then renew on their profile page.
"""

from __future__ import annotations

import datetime
import hashlib
import secrets
import zlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db.models import Model
from django.http import Http404
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext

from advisory.core.access import scope
from advisory.core.changes import data_version
from advisory.notifications.ical import CalendarEvent, build_feed
from advisory.notifications.models import CalendarFeedToken, FeedKind
from advisory.organisations.models import Organisation

EventSource = Callable[[Any, Any], Iterable[CalendarEvent]]
Fingerprint = Callable[[Any, Any], Any]

FEED_CACHE_VERSION = 1
FEED_CACHE_SECONDS = 24 * 60 * 60

_SIGNER_SALT = "advisory.notifications.calendar-feed"


@dataclass(frozen=True)
class FeedKindSpec:
    kind: str
    target_model: type[Model] | None  # None: the owner's own feed


_kinds: dict[str, FeedKindSpec] = {}
_sources: dict[str, list[EventSource]] = {}
_fingerprints: dict[EventSource, Fingerprint] = {}


def register_feed_kind(kind: FeedKind | str, *, target_model: type[Model] | None) -> None:
    """Make feeds of ``kind`` available; ``target_model`` is what such a feed is about (None: the person)."""
    kind = FeedKind(kind)
    if (kind == FeedKind.PERSON) != (target_model is None):
        raise ValueError("A person's own feed has no target model; every other kind has one.")
    _kinds[kind] = FeedKindSpec(kind=kind, target_model=target_model)


def register_event_source(
    func: EventSource, *, kind: FeedKind | str = FeedKind.PERSON, fingerprint: Fingerprint | None = None
) -> EventSource:
    """Add ``func(owner, target) -> Iterable[CalendarEvent]`` to the feeds of ``kind``.

    ``fingerprint(owner, target)`` (optional) returns something whose ``repr`` changes whenever the
    source's events would: feeds of a kind whose sources all have one are cached (see above).
    """
    sources = _sources.setdefault(FeedKind(kind), [])
    if func not in sources:
        sources.append(func)
    if fingerprint is not None:
        _fingerprints[func] = fingerprint
    return func


def unregister_event_source(func: EventSource, *, kind: FeedKind | str = FeedKind.PERSON) -> None:
    sources = _sources.get(FeedKind(kind), [])
    if func in sources:
        sources.remove(func)


def available_kinds() -> list[str]:
    return [kind for kind in FeedKind.values if kind in _kinds]


def kind_spec(kind: str) -> FeedKindSpec:
    """The registered kind; LookupError for a kind no app has switched on (e.g. programme, for now)."""
    try:
        return _kinds[kind]
    except KeyError:
        raise LookupError(f"No calendar feeds of kind {kind!r} are registered.") from None


def register_builtin_kinds() -> None:
    register_feed_kind(FeedKind.PERSON, target_model=None)
    register_feed_kind(FeedKind.ORGANISATION, target_model=Organisation)


# --- Addresses -------------------------------------------------------------------------------------------


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SIGNER_SALT, sep=".")


def new_public_id() -> str:
    return secrets.token_urlsafe(16)


def feed_token(token: CalendarFeedToken) -> str:
    """The secret part of the address: the public id, signed."""
    return _signer().sign(token.public_id)


def feed_path(token: CalendarFeedToken) -> str:
    return reverse("notifications:feed", kwargs={"kind": token.kind, "token": feed_token(token)})


def feed_url(token: CalendarFeedToken) -> str:
    return f"{settings.SITE_URL}{feed_path(token)}"


def webcal_url(token: CalendarFeedToken) -> str:
    """The same address with webcal://, which opens the calendar program's "subscribe" dialog."""
    url = feed_url(token)
    return "webcal://" + url.split("://", 1)[1]


def token_for_address(kind: str, token: str) -> CalendarFeedToken:
    """The active feed token the address names, or 404 (bad signature, unknown, revoked, wrong kind)."""
    try:
        public_id = _signer().unsign(token)
    except signing.BadSignature:
        raise Http404 from None
    found = (
        CalendarFeedToken.objects.active()
        .select_related("owner")
        .filter(public_id=public_id, kind=kind, owner__is_active=True)
        .first()
    )
    if found is None:
        raise Http404
    return found


# --- Feeds -----------------------------------------------------------------------------------------------


def feed_target(token: CalendarFeedToken) -> Any:
    """What the feed is about, if the owner may still see it (else 404): the owner, or the target row."""
    try:
        spec = kind_spec(token.kind)
    except LookupError:
        raise Http404 from None
    if spec.target_model is None:
        return token.owner
    target = scope(token.owner, spec.target_model).filter(pk=token.target_id).first()
    if target is None:
        raise Http404
    return target


def feed_name(token: CalendarFeedToken, target: Any) -> str:
    """The calendar's name in the calendar program (Danish; without the person's name, which a shared
    address need not reveal)."""
    with translation.override("da"):
        if token.kind == FeedKind.PERSON:
            return gettext("My advisory programmes")
        return gettext("Advisory programmes – %(name)s") % {"name": target}


def feed_events(
    token: CalendarFeedToken, target: Any, fingerprints: dict[EventSource, Any] | None = None
) -> list[CalendarEvent]:
    """The feed's items from every source of its kind; a source whose fingerprint was read is given it."""
    events: dict[str, CalendarEvent] = {}
    for source in _sources.get(token.kind, []):
        if fingerprints and source in fingerprints:
            found = source(token.owner, target, fingerprint=fingerprints[source])  # type: ignore[call-arg]
        else:
            found = source(token.owner, target)
        for event in found:
            events.setdefault(event.uid, event)  # one item per UID, even when two sources know it
    return list(events.values())


def _feed_fingerprints(token: CalendarFeedToken, target: Any) -> dict[EventSource, Any] | None:
    """Every source's fingerprint, or None when a source has none (then the feed is not cached)."""
    sources = _sources.get(token.kind, [])
    if any(source not in _fingerprints for source in sources):
        return None
    return {source: _fingerprints[source](token.owner, target) for source in sources}


def _feed_digest(token: CalendarFeedToken, name: str) -> str:
    """A digest of what the feed is made of besides its rows: its name, the addresses' settings, the code."""
    digest = hashlib.blake2b(digest_size=20)
    uid_host = getattr(settings, "CALENDAR_UID_HOST", "")
    digest.update(repr((FEED_CACHE_VERSION, settings.SITE_URL, uid_host, token.public_id, name)).encode())
    return digest.hexdigest()


def _cache_key(token: CalendarFeedToken) -> str:
    return f"calendar-feed:{token.pk}"


def feed_build(token: CalendarFeedToken, now: datetime.datetime | None = None) -> bytes:
    """The feed's iCalendar text for the owner: from the cache while its data is unchanged, else built now.

    Unchanged means: the data version (advisory/core/changes.py: raised by the database on any write to a domain
    table) is the one the copy was kept at, and the feed's name and the addresses' settings are the same; one row
    is read, not the feed's rows. After a write anywhere the feed is built again, from its rows read once (the
    sources' fingerprints) and the items each process keeps of rows it has seen (programme_calendar, ical), so
    only changed items are made anew. With ``now`` (a fixed DTSTAMP) it is always built, and not cached.
    """
    target = feed_target(token)
    name = feed_name(token, target)
    if now is not None:
        return build_feed(name, feed_events(token, target), now=now)
    if any(source not in _fingerprints for source in _sources.get(token.kind, [])):
        return build_feed(name, feed_events(token, target))
    stamp = (data_version(), _feed_digest(token, name))  # the version read before the data
    cached = cache.get(_cache_key(token))
    if cached is not None and cached[0] == stamp:
        return zlib.decompress(cached[1])
    body = build_feed(name, feed_events(token, target, _feed_fingerprints(token, target)))
    cache.set(_cache_key(token), (stamp, zlib.compress(body, 1)), FEED_CACHE_SECONDS)
    return body


def feed_touch(token: CalendarFeedToken) -> None:
    """Remember when the feed was last fetched (at most once an hour, so polling writes little)."""
    now = timezone.now()
    if token.last_used_at is None or now - token.last_used_at > datetime.timedelta(hours=1):
        CalendarFeedToken.objects.filter(pk=token.pk).update(last_used_at=now)

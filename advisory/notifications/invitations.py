"""Calendar invitations by e-mail: one Danish mail per person with the meeting as an iCalendar item.

``invitation_send(event, recipients, "REQUEST")`` when a meeting or call is booked or moved (the same
UID with a higher SEQUENCE), ``"CANCEL"`` when it is cancelled or a person is taken off it. Each mail
goes through the outbox under the key ``invite:<uid>:<sequence>:<method>:<e-mail>``, so sending the
same version to the same person twice is a no-op.

Each person's item names the organiser and that person only: RSVP answers go to the organiser
(they are not read back), and nobody receives the other participants' e-mail addresses.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.translation import gettext

from advisory.notifications.ical import CalendarEvent, Contact, Method, build_invitation
from advisory.notifications.models import OutboxMessage
from advisory.notifications.outbox import outbox_enqueue


def invitation_key(event: CalendarEvent, method: Method, email: str, suffix: str = "") -> str:
    """``suffix`` tells bookings apart: a person taken off a meeting and booked again gets a new invitation."""
    key = f"invite:{event.uid}:{event.sequence}:{method}:{email.strip().lower()}"
    return f"{key}:{suffix}" if suffix else key


def _subject(event: CalendarEvent, method: Method) -> str:
    if method == "CANCEL":
        return gettext("Cancelled: %(summary)s") % {"summary": event.summary}
    if event.sequence > 0:
        return gettext("Changed: %(summary)s") % {"summary": event.summary}
    return gettext("Invitation: %(summary)s") % {"summary": event.summary}


def invitation_send(
    event: CalendarEvent, recipients: Iterable[Contact | tuple[str, str]], method: Method, *, key_suffix: str = ""
) -> list[OutboxMessage]:
    """Put one invitation (or cancellation) per recipient in the outbox; returns the messages (new or existing)."""
    if method not in ("REQUEST", "CANCEL"):
        raise ValueError(f"Unknown iTIP method {method!r}.")
    messages = []
    seen: set[str] = set()
    with translation.override("da"):
        subject = _subject(event, method)
        for recipient in (Contact(*item) for item in recipients):
            email = recipient.email.strip().lower()
            if not email or email in seen:
                continue
            seen.add(email)
            personal = replace(event, attendees=(Contact(recipient.name, email),))
            ical = build_invitation(personal, method)
            context = {
                "event": event,
                "recipient": recipient,
                "method": method,
                "is_update": event.sequence > 0,
                "site_url": settings.SITE_URL,
            }
            messages.append(
                outbox_enqueue(
                    to=email,
                    subject=subject,
                    text=render_to_string("notifications/mail/invitation.txt", context),
                    html=render_to_string("notifications/mail/invitation.html", context),
                    ical=ical,
                    ical_method=method,
                    key=invitation_key(event, method, email, key_suffix),
                )
            )
    return messages

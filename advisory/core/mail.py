"""Sending the platform's e-mails in the background (django-tasks), in Danish, plain text + HTML.

``mail_once``: a mail written to the outbox under an idempotency key, sent once by the worker (`manage.py
db_worker`), so a slow or failing SMTP server never holds up a page (the same key again does nothing), and listed
with every other mail on the advisors' outbox page. ``mail_once_rendered`` renders it first, in Danish, from
templates/mail/<name>.txt and .html. The outbox is the notifications app's (advisory/notifications/outbox.py),
which sits above the apps that send such mails; it puts itself here in its ``AppConfig.ready()``, so they call
the ground floor.
"""

from __future__ import annotations

from typing import Any, Protocol

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise


class Outbox(Protocol):
    """What writes a mail to the outbox (``advisory.notifications.outbox.outbox_enqueue`` will do)."""

    def __call__(self, *, to: str, subject: str, text: str, html: str | None = None, key: str) -> object: ...


_outbox: Outbox | None = None


def outbox_implement(outbox: Outbox) -> None:
    """Register the outbox (once, from an AppConfig.ready(); again with the same: no change)."""
    global _outbox
    if _outbox is not None and _outbox is not outbox:
        raise RuntimeError("The outbox is already implemented elsewhere.")
    _outbox = outbox


def mail_once(*, to: str, subject: str, text: str, html: str | None = None, key: str) -> None:
    """Write a mail to the outbox under ``key``, to be sent once; the same key again does nothing.

    Call it inside the transaction that makes the change the mail is about (it is committed or rolled back
    with it)."""
    if _outbox is None:  # a mail that must go out is never dropped silently
        raise RuntimeError("No outbox is registered (advisory.notifications registers it when the app is ready).")
    _outbox(to=to, subject=subject, text=text, html=html, key=key)


def mail_once_rendered(*, template: str, subject: str | Promise, to: str, context: dict[str, Any], key: str) -> None:
    """``mail_once`` of a Danish mail rendered now (with the data as it is now) from templates/mail/<template>."""
    with translation.override("da"):
        context = {"site_url": settings.SITE_URL, **context}
        text = render_to_string(f"mail/{template}.txt", context)
        html = render_to_string(f"mail/{template}.html", context)
        mail_once(to=to, subject=str(subject), text=text, html=html, key=key)

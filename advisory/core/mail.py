"""Sending the platform's e-mails in the background (django-tasks), in Danish, plain text + HTML.

Mail is rendered from templates/mail/<name>.txt and .html with the given context, and
sent by the worker (`manage.py db_worker`) so a slow or failing SMTP server never
holds up a page.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation
from django.utils.functional import Promise
from django_tasks import task


@task()
def send_email(subject: str, text: str, html: str, recipients: list[str]) -> int:
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, recipients)
    message.attach_alternative(html, "text/html")
    return message.send()


def mail_enqueue(*, template: str, subject: str | Promise, recipients: Sequence[str], context: dict[str, Any]) -> None:
    """Render a Danish mail now (with the data as it is now) and hand it to the worker."""
    with translation.override("da"):
        context = {"site_url": settings.SITE_URL, **context}
        text = render_to_string(f"mail/{template}.txt", context)
        html = render_to_string(f"mail/{template}.html", context)
        send_email.enqueue(subject=str(subject), text=text, html=html, recipients=list(recipients))

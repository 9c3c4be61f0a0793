"""The profile page's calendar and e-mail section: ``{% load notifications %}{% notification_settings %}``."""

from __future__ import annotations

from typing import Any

from django import template

from advisory.notifications import selectors
from advisory.notifications.forms import MailModeForm, OrganisationFeedForm, ProgrammeFeedForm
from advisory.notifications.models import FeedKind

register = template.Library()


@register.inclusion_tag("notifications/_profile_section.html", takes_context=True)
def notification_settings(context: template.Context) -> dict[str, Any]:
    user = context["request"].user
    addresses = selectors.feed_addresses(user)
    subscribed = {
        a.token.target_id for a in addresses if a.token.kind == FeedKind.ORGANISATION and a.token.target_id is not None
    }
    organisations = selectors.feed_organisation_choices(user).exclude(pk__in=subscribed)
    programmes_subscribed = {
        a.token.target_id for a in addresses if a.token.kind == FeedKind.PROGRAMME and a.token.target_id is not None
    }
    programmes = selectors.feed_programme_choices(user).exclude(pk__in=programmes_subscribed)
    return {
        "csrf_token": context.get("csrf_token"),
        "request": context["request"],
        "own_address": next((a for a in addresses if a.token.kind == FeedKind.PERSON), None),
        "organisation_addresses": [a for a in addresses if a.token.kind == FeedKind.ORGANISATION],
        "organisation_form": OrganisationFeedForm(organisations=organisations, auto_id="feed-%s"),
        "programme_addresses": [a for a in addresses if a.token.kind == FeedKind.PROGRAMME],
        "programme_form": ProgrammeFeedForm(programmes=programmes, auto_id="feed-%s"),
        "mail_mode_form": MailModeForm(
            initial={"mail_mode": selectors.mail_mode_for(user)}, auto_id="notifications-%s"
        ),
    }

"""{% load mitid %}{% mitid_login_enabled as enabled %}: whether the log-in page offers MitID Erhverv."""

from django import template
from django.conf import settings

register = template.Library()


@register.simple_tag
def mitid_login_enabled() -> bool:
    return bool(settings.SAML_ENABLED)

"""The client's IP address, read one way for the log-in throttling (django-axes), the public forms' rate limit
(django-ratelimit) and the audit log (django-auditlog).

It is REMOTE_ADDR, or, behind ``TRUSTED_PROXY_COUNT`` reverse proxies, the address the outermost of them put in
X-Forwarded-For. Anything else a client writes there is not believed, and a value that is no IP address is not
an address: it would be a free key for the counts, and PostgreSQL's inet column refuses it in the audit log.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _address(value: str | None) -> str | None:
    """The value as a normalised IP address, or None when it is not one."""
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str | None:
    """The client's address: REMOTE_ADDR, or X-Forwarded-For as set by TRUSTED_PROXY_COUNT proxies."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies:
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if part.strip()]
        if len(forwarded) >= proxies:
            address = _address(forwarded[-proxies])
            if address is not None:
                return address
    return _address(request.META.get("REMOTE_ADDR"))

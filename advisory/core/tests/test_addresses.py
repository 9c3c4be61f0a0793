"""The client's address, read one way for the log-in throttling, the rate limit and the audit log."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import RequestFactory

from advisory.core.addresses import client_ip


def request_with(remote: str, forwarded: str | None = None):
    extra: dict[str, Any] = {"REMOTE_ADDR": remote}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


def test_without_trusted_proxies_a_forwarded_address_is_not_believed(settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_with("192.0.2.44", "203.0.113.9")) == "192.0.2.44"


@pytest.mark.parametrize(
    ("forwarded", "expected"),
    [
        ("203.0.113.9", "203.0.113.9"),
        ("198.51.100.1, 203.0.113.9", "203.0.113.9"),  # what a client wrote comes before what our proxy added
        ("2001:DB8:0:0::1", "2001:db8::1"),  # normalised, so one address is one count
        ("not-an-address", "192.0.2.44"),  # not believed: the proxy's own address
        ("", "192.0.2.44"),
    ],
)
def test_behind_one_trusted_proxy_the_address_it_forwarded(settings, forwarded, expected) -> None:
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(request_with("192.0.2.44", forwarded)) == expected


def test_no_address_at_all_is_none(settings) -> None:
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(request_with("")) is None

"""Every page of the permission matrix, opened in Chromium as the administrator, passes axe (WCAG 2.1 A/AA) at
1280 and at 320 px, fits 320 px without scrolling sideways (WCAG 2.1 SC 1.4.10, Reflow), and keeps every main-menu
item and "Log ud" reachable through DKFDS's menu button there.

The journeys check the pages people go through; this one catches the pages they reach less often (edit
and delete-confirmation pages, the assessment page, the agreement's reopening) in the same world the
permission matrix builds, so a new page gets its axe check when it gets its matrix row.
"""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import Page

from tests import factories
from tests.browser.conftest import AxeChecker, checked_narrow, login
from tests.test_permission_matrix import PAGES, ROLES, transactional_world  # noqa: F401  (the matrix's fixture)

pytestmark = [pytest.mark.browser]

ADMINISTRATOR = ROLES.index("administrator")
# Not pages: the Django admin (Django's own), log-out and language (forms elsewhere), files and feeds, and the
# API's Swagger UI for developers (third-party; axe finds contrast faults in it – see the README's known issues).
NOT_PAGES = {
    "admin:*",
    "account_logout",
    "set_language",
    "documents:download",
    "development:agreement_document",
    "reports:statistics_xlsx",
    "reports:statistics_pdf",
    "reports:plan_pdf",
    "reports:plan_xlsx",
    "overview:export_programmes",
    "overview:export_capacity",
    "overview:export_reach",
    "notifications:feed",
    "api:openapi-json",
    "api:openapi-view",
}


def _page_probes() -> list[Any]:
    return [
        pytest.param(key, probe, id=f"{key}{'[' + probe.label + ']' if probe.label else ''}")
        for key, probes in PAGES.items()
        for probe in probes
        if key not in NOT_PAGES and probe.method == "get" and probe.expected[ADMINISTRATOR] == 200
    ]


PROBES = _page_probes()


def test_every_page_the_administrator_can_open_passes_axe(page: Page, axe: AxeChecker, transactional_world) -> None:  # type: ignore[no-untyped-def]  # noqa: F811
    from django.urls import reverse

    world = transactional_world

    login(page, world.users["administrator"].email, factories.PASSWORD)
    opened = []
    for param in PROBES:
        key, probe = param.values
        url = probe.url(world) if probe.url else reverse(key)
        response = page.goto(url)
        assert response is not None and response.status == 200, f"{key}: {url} answered {response and response.status}"
        if "text/html" not in (response.headers.get("content-type") or ""):
            continue  # a calendar feed or a JSON document
        checked_narrow(page, axe)  # the same page, resized: no second page load
        opened.append(key)
    assert len(opened) >= 80, opened

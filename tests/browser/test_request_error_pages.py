"""The pages for a request body Django will not read: too large (413) and broken (400), reached as a person reaches
them, from a public form. Both pass axe and fit 320 px."""

from __future__ import annotations

import pytest
from django.template.defaultfilters import filesizeformat
from django.urls import reverse
from django.utils import translation
from playwright.sync_api import Page, Route, expect

from tests.browser.conftest import AxeChecker, checked_narrow

pytestmark = [pytest.mark.browser]


def test_a_form_over_the_size_limit_gets_the_danish_413_page(transactional_db, page: Page, axe: AxeChecker, settings):  # type: ignore[no-untyped-def]
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 1000  # the live server runs in this process
    page.goto(reverse("requests:interest_create"))
    page.locator("#id_needs").fill("Vi mangler boliger. " * 100)
    with page.expect_response(lambda answer: answer.request.method == "POST") as posted:
        page.get_by_role("button", name="Send interessetilkendegivelse").click()
    assert posted.value.status == 413
    checked_narrow(page, axe)
    expect(page.locator("h1")).to_have_text("Der blev sendt for meget")
    with translation.override("da"):
        expect(page.locator("main")).to_contain_text(f"mere end de {filesizeformat(1000)}")


def test_a_broken_form_body_gets_the_danish_400_page(transactional_db, page: Page, axe: AxeChecker):  # type: ignore[no-untyped-def]
    def broken(route: Route) -> None:
        # No boundary: the body cannot be parsed.
        headers = {**route.request.headers, "content-type": "multipart/form-data"}
        route.continue_(post_data=b"--x\r\nbroken", headers=headers)

    page.goto(reverse("requests:interest_create"))
    page.route("**/*", lambda route: broken(route) if route.request.method == "POST" else route.continue_())
    page.locator("#id_needs").fill("Vi mangler boliger.")
    with page.expect_response(lambda answer: answer.request.method == "POST") as posted:
        page.get_by_role("button", name="Send interessetilkendegivelse").click()
    page.unroute("**/*")
    assert posted.value.status == 400
    checked_narrow(page, axe)
    expect(page.locator("h1")).to_have_text("Forespørgslen kunne ikke læses")

"""The axe check itself: it fails on a WCAG violation, also after the document changed under an axe already
injected, and a page that passed is not run again only while it is exactly the same."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser

from tests.browser.conftest import AxeChecker

pytestmark = [pytest.mark.browser]

GOOD = '<!doctype html><html lang="da"><head><title>Side</title></head><body><main><h1>Side</h1></main></body></html>'


def test_a_violation_fails_the_check_also_after_a_change_of_the_same_document(browser: Browser) -> None:
    page = browser.new_page()
    try:
        axe = AxeChecker()
        page.set_content(GOOD)
        axe(page)  # passes, and axe is now in the document
        page.evaluate("document.querySelector('main').insertAdjacentHTML('beforeend', '<img src=\"x.png\">')")
        with pytest.raises(AssertionError, match="image-alt"):
            axe(page)
        assert len(axe.checked) == 2
    finally:
        page.close()


def test_the_same_page_again_is_not_run_twice_but_a_changed_one_is(browser: Browser) -> None:
    page = browser.new_page()
    try:
        axe = AxeChecker()
        page.set_content(GOOD)
        axe(page)
        runs: list[object] = []
        page.expose_function("counted", lambda: runs.append(1))
        page.evaluate(
            "() => { const run = axe.run; axe.run = (...args) => { window.counted(); return run(...args); }; }"
        )
        axe(page)  # exactly the same document: not run again
        assert runs == []
        page.evaluate("document.querySelector('h1').textContent = 'En anden side'")
        axe(page)
        page.wait_for_timeout(50)  # the exposed function reports back asynchronously
        assert runs == [1]
    finally:
        page.close()

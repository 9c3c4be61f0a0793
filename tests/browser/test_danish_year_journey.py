"""The Danish year in Chromium: a group programme whose kickoff cannot leave the summer holiday shows the warning in
Danish with the nearest day outside it; the advisor accepts it and can withdraw the acceptance; the coordinator
reads the warning but has no button. axe on every page visited, and the plan page at 320 px."""

from __future__ import annotations

import datetime

import pytest
from playwright.sync_api import Page, expect

from advisory.programmes import services as programme_services
from advisory.programmes.models import Activity, ProgrammeTemplate
from tests import factories
from tests.browser.conftest import AxeChecker, checked, checked_narrow, login

pytestmark = [pytest.mark.browser]


def test_a_joint_meeting_in_the_summer_holiday_is_warned_and_accepted(
    page: Page, axe: AxeChecker, transactional_db: None
) -> None:
    programme_services.templates_load_builtin()
    aarhus = factories.MunicipalityFactory(name="Aarhus", municipality_code="0751")
    others = [factories.MunicipalityFactory(), factories.MunicipalityFactory()]
    advisor = factories.AdvisorFactory(email="raadgiver.sommer@example.dk")
    coordinator = factories.coordinator_of(aarhus, email="tovholder.sommer@example.dk")
    programme = programme_services.programme_create(
        version=ProgrammeTemplate.objects.get(kind="group").current_version(),
        title="Gruppeforløb sommer",
        anchors={"acceptance": datetime.date(2027, 6, 21)},  # kickoff about 21 July, ±5 working days: all summer
        organisations=[aarhus, *others],
        advisors=[advisor],
    )
    warnings = page.get_by_test_id("soft-period-warnings")

    login(page, advisor.email, factories.PASSWORD)
    page.goto(f"/forloeb/{programme.pk}/")
    checked(page, axe)
    expect(warnings).to_contain_text("ligger i en periode, hvor mange holder fri: sommerferien")
    expect(warnings).to_contain_text("9. juli 2027")
    page.get_by_role("button", name="Acceptér datoen for Opstartsmøde").click()
    checked(page, axe)
    expect(page.locator("main")).to_contain_text("Datoen for »Opstartsmøde« er accepteret.")
    expect(warnings).to_contain_text("Accepteret.")
    assert Activity.objects.get(programme=programme, key="kickoff").accepted_soft_period == "summer_holiday"
    checked_narrow(page, axe)
    page.get_by_role("button", name="Træk accepten tilbage for Opstartsmøde").click()
    checked(page, axe)
    assert Activity.objects.get(programme=programme, key="kickoff").accepted_soft_period == ""

    page.context.clear_cookies()
    login(page, coordinator.email, factories.PASSWORD)
    page.goto(f"/forloeb/{programme.pk}/")
    checked(page, axe)
    expect(warnings).to_contain_text("sommerferien")
    expect(warnings.get_by_role("button")).to_have_count(0)

"""Issue 15's measure, in Chromium: from an open round with four registrations to every organisation's people
booked for every joint meeting in at most 40 browser actions (pages opened, fields filled, boxes ticked, buttons
clicked), counted by the test as it acts; then a coordinator's trial action from their start page in at most 4.
Axe runs on the pages on the way (it is no action of the user's).

Before the team matrix this took about 80 actions for 4 organisations x 5 meetings: one select-and-click per
person and meeting on the meeting pages.
"""

from __future__ import annotations

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Locator, Page, expect

from advisory.accounts.models import User
from advisory.intake import services as intake_services
from advisory.organisations.models import MembershipFunction, Organisation
from advisory.organisations.services import reference_data_load
from advisory.programmes import services as programme_services
from advisory.programmes.models import MeetingParticipant, Programme, ProgrammeStatus, ProgrammeTemplate, TrialAction
from tests import factories
from tests.browser.conftest import AxeChecker, checked, login, settled

pytestmark = [pytest.mark.browser]

CODES = ["0751", "0461", "0101", "0851"]  # Aarhus, Odense, København, Aalborg
MOST_ACTIONS = 40


class Counted:
    """The user's actions on the page, each counted once."""

    def __init__(self, page: Page) -> None:
        self.page = page
        self.count = 0

    def goto(self, url: str) -> None:
        self.count += 1
        self.page.goto(url)

    def fill(self, locator: Locator, value: str) -> None:
        self.count += 1
        locator.fill(value)

    def check(self, locator: Locator) -> None:
        self.count += 1
        locator.check()
        settled(self.page)  # the matrix previews its warnings after each tick (htmx)

    def click(self, locator: Locator) -> None:
        self.count += 1
        locator.click()
        settled(self.page)


def test_from_an_open_round_to_every_team_booked_in_at_most_40_actions(
    page: Page, axe: AxeChecker, transactional_db: None, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    reference_data_load()
    programme_services.templates_load_builtin()
    today = timezone.localdate()
    advisor = factories.AdvisorFactory(email="raadgiver.hold@example.dk", first_name="Rikke")
    round_ = intake_services.intake_round_create(
        by=advisor,
        season="Forår 2027",
        theme="Boligsociale indsatser",
        opens_on=today - datetime.timedelta(days=1),
        closes_on=today + datetime.timedelta(days=14),
        groups_planned=1,
        template_version=ProgrammeTemplate.objects.get(kind="group").current_version(),
    )
    organisations = [Organisation.objects.get(municipality_code=code) for code in CODES]
    for organisation in organisations:
        intake_services.registration_create(
            round_=round_,
            organisation=organisation,
            coordinator_name=f"Tovholder {organisation.name}",
            coordinator_email=f"tovholder.{organisation.municipality_code}@kommune.dk",
            motivation="Vi vil styrke den boligsociale indsats.",
            development_point="Fast boligmøde med boligselskaberne",
            expected_participants=4,
        )
        # The coordinator named on the registration (already one of the organisation's people: the group's forming
        # invites only those who are not), a leader and two of the implementation team.
        factories.coordinator_of(organisation, email=f"tovholder.{organisation.municipality_code}@kommune.dk")
        factories.member_of(organisation, function=MembershipFunction.LEADERSHIP_GROUP)
        factories.member_of(organisation)
        factories.member_of(organisation)

    user = Counted(page)
    user.goto("/accounts/login/")
    user.fill(page.get_by_label("E-mail"), advisor.email)
    user.fill(page.get_by_label("Adgangskode"), factories.PASSWORD)
    user.click(page.get_by_role("button", name="Log ind"))
    user.goto(reverse("intake:round_detail", args=[round_.pk]))
    checked(page, axe)
    for index in range(len(organisations)):
        user.check(page.locator(f"#id_registrations_{index}"))
    user.fill(page.locator("#id_acceptance_date"), today.isoformat())
    user.click(page.get_by_role("button", name="Dan gruppen"))
    checked(page, axe)
    group = Programme.objects.get(title__contains="Forår 2027")
    if page.get_by_role("link", name="Book et hold til de fælles møder").count() == 0:
        user.click(page.get_by_role("link", name=group.title).first)  # from the round's page to the plan
    user.click(page.get_by_role("link", name="Book et hold til de fælles møder"))
    checked(page, axe)

    for n, organisation in enumerate(sorted(organisations, key=lambda o: o.name)):
        matrix = page.get_by_test_id("team-matrix")
        expect(page.locator("main h2").first).to_have_text(organisation.name)
        # Before the ticks the template's warnings name what is missing, the coordinator at the reflection
        # meetings included.
        expect(page.get_by_test_id("team-warnings")).to_contain_text(f"{organisation.name} har ingen tovholder")
        people = matrix.locator("input[name=all]")
        expect(people).to_have_count(4)
        for index in range(4):
            user.check(people.nth(index))
        expect(page.get_by_test_id("team-warnings")).to_contain_text("Bookingerne overholder skabelonens regler")
        if n < len(organisations) - 1:
            user.click(page.get_by_role("button", name="Gem og vis"))
        else:
            user.click(page.get_by_role("button", name="Gem bookinger"))
        checked(page, axe)
        expect(page.locator("main")).to_contain_text(f"{organisation.name}: 16 booket (inviteret)")

    joint_meetings = group.activities.filter(template_key__in=("kickoff", "reflection_meeting", "closing_meeting"))
    assert joint_meetings.count() == 4
    for organisation in organisations:
        booked = MeetingParticipant.objects.filter(activity__programme=group, organisation=organisation)
        assert booked.count() == 4 * 4, organisation
    print(f"\nFrom an open round with 4 registrations to every team booked: {user.count} browser actions")
    assert user.count <= MOST_ACTIONS

    # The coordinator's minute: once the programme runs, a trial action from their start page in at most 4 actions
    # (the period's dates default to the coming trial-action period).
    page.get_by_role("button", name="Log ud").click()
    settled(page)
    Programme.objects.filter(pk=group.pk).update(status=ProgrammeStatus.RUNNING)
    coordinator = User.objects.get(email="tovholder.0751@kommune.dk")
    login(page, coordinator.email, factories.PASSWORD)
    checked(page, axe)
    coordinator_actions = Counted(page)
    coordinator_actions.click(page.get_by_role("link", name="Registrér prøvehandling"))
    checked(page, axe)
    coordinator_actions.fill(page.locator("#id_development_point"), "Fast boligmøde med boligselskaberne")
    coordinator_actions.fill(page.locator("#id_plan"), "Ugentligt møde med boligselskabet")
    coordinator_actions.click(page.get_by_role("button", name="Gem"))
    checked(page, axe)
    assert TrialAction.objects.filter(programme=group, plan="Ugentligt møde med boligselskabet").count() == 1
    print(f"A coordinator's trial action from the start page: {coordinator_actions.count} browser actions")
    assert coordinator_actions.count <= 4

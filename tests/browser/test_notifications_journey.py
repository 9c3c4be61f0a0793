"""Outgoing e-mail and calendar subscriptions in Chromium, axe on every page: an advisor sends a failed mail
again; a coordinator makes, uses and closes their calendar address and chooses the weekly digest."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from advisory.notifications.models import CalendarFeedToken, NotificationPreference, OutboxMessage, OutboxStatus
from tests import factories
from tests.browser.conftest import AxeChecker, checked, login

pytestmark = [pytest.mark.browser]


def test_an_advisor_sees_a_failed_mail_and_sends_it_again(page: Page, axe: AxeChecker, transactional_db: None) -> None:
    factories.AdvisorFactory(email="raadgiver@sbst.dk")
    OutboxMessage.objects.create(
        to="tovholder@aarhus.dk",
        subject="Påmindelse: Opstartsmøde om 14 dage",
        text_body="Tekst",
        idempotency_key="reminder:kickoff:14:1",
        status=OutboxStatus.FAILED,
        attempts=10,
        next_attempt_at=None,
        last_error="ConnectionRefusedError: [Errno 111] Connection refused",
    )
    login(page, "raadgiver@sbst.dk", factories.PASSWORD)

    page.get_by_role("link", name="Se udgående e-mails").click()  # from the start page
    checked(page, axe)
    expect(page.locator("#outbox-results")).to_contain_text("Fejlet, prøves ikke igen")
    page.get_by_role("button", name=re.compile("^Send igen")).click()
    checked(page, axe)
    expect(page.locator(".messages")).to_contain_text("E-mailen til tovholder@aarhus.dk er sendt.")
    expect(page).to_have_url(re.compile(r"status=failed"))  # back to the list as it was filtered
    expect(page.locator("#outbox-results")).to_contain_text("Ingen e-mails passer til filteret.")
    assert OutboxMessage.objects.get().status == OutboxStatus.SENT

    page.select_option("#id_status", "sent")  # the live filter (htmx)
    expect(page).to_have_url(re.compile(r"status=sent"))
    expect(page.locator("#outbox-results")).to_contain_text("Påmindelse: Opstartsmøde om 14 dage")
    checked(page, axe)


def test_a_coordinator_subscribes_to_their_calendar_then_closes_the_address(
    page: Page, axe: AxeChecker, transactional_db: None, live_server
) -> None:  # type: ignore[no-untyped-def]
    municipality = factories.MunicipalityFactory(name="Aarhus", municipality_code="0751")
    coordinator = factories.coordinator_of(municipality, email="tovholder@aarhus.dk")
    login(page, "tovholder@aarhus.dk", factories.PASSWORD)

    page.goto(reverse("accounts:profile"))
    checked(page, axe)
    page.get_by_role("button", name="Opret min kalenderadresse").click()
    checked(page, axe)
    address = page.get_by_test_id("feed-url").input_value()
    assert "/kalender/person/" in address and address.endswith(".ics")
    expect(page.get_by_role("link", name=re.compile("Abonnér i dit kalenderprogram"))).to_have_attribute(
        "href", re.compile(r"^webcal://")
    )
    path = "/" + address.split("/", 3)[3]
    feed = page.request.get(path)
    assert feed.status == 200 and feed.text().startswith("BEGIN:VCALENDAR")

    page.select_option("#feed-organisation", label="Aarhus")
    page.get_by_role("button", name="Opret organisationens kalenderadresse").click()
    checked(page, axe)
    expect(page.locator("#calendar")).to_contain_text("Organisation: Aarhus")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Luk adressen Min kalender").click()
    checked(page, axe)
    expect(page.locator("#calendar")).to_contain_text("Du har endnu ingen kalenderadresse.")
    assert page.request.get(path).status == 404
    assert CalendarFeedToken.objects.active().filter(owner=coordinator).count() == 1  # the organisation's

    page.get_by_label("Én ugentlig e-mail med alt, hvad der er aktuelt").check()
    page.get_by_role("button", name="Gem valg").click()
    checked(page, axe)
    expect(page.locator(".messages")).to_contain_text("Dit valg af e-mail er gemt.")
    assert NotificationPreference.objects.get(user=coordinator).mail_mode == "digest"


def test_an_advisor_books_and_moves_a_meeting_and_the_participant_s_calendar_and_mail_follow(
    page: Page, axe: AxeChecker, transactional_db: None
) -> None:
    import datetime

    from icalendar import Calendar

    from advisory.notifications.programme_calendar import activity_uid
    from advisory.programmes import services
    from advisory.programmes.models import Activity, ProgrammeTemplate

    advisor = factories.AdvisorFactory(email="raadgiver@sbst.dk", first_name="Rikke", last_name="Rådgiver")
    aarhus = factories.MunicipalityFactory(name="Aarhus", municipality_code="0751")
    factories.coordinator_of(aarhus, email="tovholder@aarhus.dk")
    mette = factories.member_of(aarhus)
    mette.email, mette.first_name, mette.last_name = "mette@aarhus.dk", "Mette", "Medarbejder"
    mette.save()
    services.templates_load_builtin()
    group = services.programme_create(
        version=ProgrammeTemplate.objects.get(kind="group").current_version(),
        title="Gruppeforløb forår",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=[aarhus, factories.MunicipalityFactory(), factories.MunicipalityFactory()],
        advisors=[advisor],
    )
    kickoff = Activity.objects.get(programme=group, key="kickoff")

    # The advisor books Mette for the kickoff: she gets an invitation.
    login(page, "raadgiver@sbst.dk", factories.PASSWORD)
    page.goto(reverse("programmes:activity", args=[group.pk, "kickoff"]))
    checked(page, axe)
    option = page.locator("#id_membership option", has_text="Mette Medarbejder – Aarhus")
    page.select_option("#id_membership", value=option.get_attribute("value"))
    page.get_by_role("button", name="Book", exact=True).click()
    checked(page, axe)

    # ... and moves the kickoff a week: she gets an update (same UID, higher SEQUENCE).
    page.goto(reverse("programmes:detail", args=[group.pk]))
    checked(page, axe)
    new_day = kickoff.starts_on + datetime.timedelta(days=7)
    row = page.locator("#activity-kickoff")
    row.locator("summary").click()
    row.locator("input[type=date]").fill(new_day.isoformat())
    row.get_by_role("button", name="Flyt Opstartsmøde").click()
    page.locator("#move-preview").get_by_role("button", name="Bekræft flytningen").click()
    checked(page, axe)
    expect(page.locator(".messages")).to_contain_text("Planen er opdateret.")

    # The outbox shows the invitation and the update, both sent.
    page.goto(reverse("notifications:outbox"))
    checked(page, axe)
    results = page.locator("#outbox-results")
    expect(results).to_contain_text("Invitation: Opstartsmøde – Gruppeforløb forår")
    expect(results).to_contain_text("Ændret: Opstartsmøde – Gruppeforløb forår")
    mails = list(OutboxMessage.objects.filter(to="mette@aarhus.dk").order_by("pk"))
    assert [(m.ical_method, m.status) for m in mails] == [("REQUEST", "sent"), ("REQUEST", "sent")]
    sequences = [int(Calendar.from_ical(m.ical).walk("VEVENT")[0]["SEQUENCE"]) for m in mails]
    assert sequences[0] < sequences[1]
    page.get_by_role("button", name="Log ud").click()

    # Mette subscribes to her calendar: the webcal link, and the feed has the kickoff on its new day.
    login(page, "mette@aarhus.dk", factories.PASSWORD)
    page.goto(reverse("accounts:profile"))
    page.get_by_role("button", name="Opret min kalenderadresse").click()
    checked(page, axe)
    expect(page.get_by_role("link", name=re.compile("Abonnér i dit kalenderprogram"))).to_have_attribute(
        "href", re.compile(r"^webcal://")
    )
    address = page.get_by_test_id("feed-url").input_value()
    feed = page.request.get("/" + address.split("/", 3)[3])
    assert feed.status == 200
    [item] = Calendar.from_ical(feed.body()).walk("VEVENT")
    assert str(item["UID"]) == activity_uid(kickoff.pk)
    assert item["DTSTART"].dt.date() == new_day
    assert "ATTENDEE" not in item

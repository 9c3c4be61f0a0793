"""Calendar feeds: secret addresses made, renewed and closed on the profile page, checked at every fetch."""

from __future__ import annotations

import datetime
from collections.abc import Iterator
from typing import Any
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from advisory.notifications import calendar_feeds
from advisory.notifications.calendar_feeds import feed_path, register_event_source, unregister_event_source
from advisory.notifications.ical import CalendarEvent, Contact
from advisory.notifications.models import CalendarFeedToken, FeedKind
from advisory.notifications.services import feed_token_issue, feed_token_renew, feed_token_revoke
from advisory.organisations.models import Membership
from tests.helpers import parse_html

pytestmark = pytest.mark.django_db

CPH = ZoneInfo("Europe/Copenhagen")
PROFILE = reverse("accounts:profile")


def kickoff(owner: Any, target: Any) -> list[CalendarEvent]:
    return [
        CalendarEvent(
            uid="programme-7-kickoff@raadgivning",
            sequence=3,
            summary=f"Opstartsmøde ({target})",
            start=datetime.datetime(2027, 3, 29, 9, 0, tzinfo=CPH),
            end=datetime.datetime(2027, 3, 29, 15, 0, tzinfo=CPH),
            organizer=Contact("Rikke Rådgiver", "rikke@sbst.dk"),
            attendees=(Contact("Thomas Tovholder", "thomas@aarhus.dk"),),
        )
    ]


@pytest.fixture
def sources() -> Iterator[None]:
    register_event_source(kickoff, kind=FeedKind.PERSON)
    register_event_source(kickoff, kind=FeedKind.ORGANISATION)
    yield
    unregister_event_source(kickoff, kind=FeedKind.PERSON)
    unregister_event_source(kickoff, kind=FeedKind.ORGANISATION)


def fetch(path: str) -> Any:
    return Client().get(path)  # calendar programs do not log in


def parsed(response: Any) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    return Calendar.from_ical(response.content)


# --- Fetching -------------------------------------------------------------------------------------------------


def test_a_person_fetches_their_feed_without_logging_in(coordinator, sources):
    token = feed_token_issue(owner=coordinator, kind=FeedKind.PERSON)

    calendar = parsed(fetch(feed_path(token)))

    assert str(calendar["X-WR-CALNAME"]) == "Mine rådgivningsforløb"
    [event] = calendar.walk("VEVENT")
    assert str(event["UID"]) == "programme-7-kickoff@raadgivning"
    assert event["SEQUENCE"] == 3
    assert event.decoded("DTSTART") == datetime.datetime(2027, 3, 29, 7, 0, tzinfo=datetime.UTC)
    token.refresh_from_db()
    assert token.last_used_at is not None


def test_a_feed_without_sources_is_empty_but_valid(coordinator):
    calendar = parsed(fetch(feed_path(feed_token_issue(owner=coordinator, kind=FeedKind.PERSON))))
    assert calendar.walk("VEVENT") == []
    assert str(calendar["PRODID"])


def test_a_feed_holds_no_e_mail_addresses_even_when_a_source_gives_attendees(coordinator, sources):
    response = fetch(feed_path(feed_token_issue(owner=coordinator, kind=FeedKind.PERSON)))
    assert b"@aarhus.dk" not in response.content
    assert b"@sbst.dk" not in response.content


@pytest.mark.parametrize(
    "address",
    [
        lambda token: reverse("notifications:feed", args=["person", "abc.def"]),  # made up
        lambda token: feed_path(token)[:-10] + "AAAAAA.ics",  # signature tampered with
        lambda token: feed_path(token).replace("/person/", "/organisation/"),  # another kind
        lambda token: feed_path(token).replace("/person/", "/programme/"),  # a kind not switched on
    ],
    ids=["made up", "tampered", "wrong kind", "programme kind not registered"],
)
def test_a_bad_address_is_404(coordinator, address):
    token = feed_token_issue(owner=coordinator, kind=FeedKind.PERSON)
    assert fetch(address(token)).status_code == 404


def test_a_closed_address_is_404(coordinator):
    token = feed_token_issue(owner=coordinator, kind=FeedKind.PERSON)
    path = feed_path(token)
    feed_token_revoke(token=token)
    assert fetch(path).status_code == 404


def test_renewing_closes_the_old_address_and_opens_a_new_one(coordinator):
    old = feed_token_issue(owner=coordinator, kind=FeedKind.PERSON)
    old_path = feed_path(old)
    new = feed_token_renew(token=old)

    assert fetch(old_path).status_code == 404
    assert fetch(feed_path(new)).status_code == 200
    assert feed_path(new) != old_path


def test_a_person_no_longer_active_has_no_feed(coordinator):
    path = feed_path(feed_token_issue(owner=coordinator, kind=FeedKind.PERSON))
    coordinator.is_active = False
    coordinator.save()
    assert fetch(path).status_code == 404


def test_the_address_is_stable_and_nothing_secret_is_stored(coordinator):
    token = feed_token_issue(owner=coordinator, kind=FeedKind.PERSON)
    again = feed_token_issue(owner=coordinator, kind=FeedKind.PERSON)

    assert again.pk == token.pk
    assert feed_path(again) == feed_path(token)
    secret = feed_path(token).rsplit(".", 2)[1]  # <public id>.<signature>.ics
    stored = CalendarFeedToken.objects.filter(pk=token.pk).values().get()
    assert all(secret not in str(value) for value in stored.values())


def test_an_organisation_feed_is_checked_with_the_access_helper_at_every_fetch(
    coordinator, municipality, other_municipality, sources
):
    token = feed_token_issue(owner=coordinator, kind=FeedKind.ORGANISATION, target=municipality)

    calendar = parsed(fetch(feed_path(token)))
    assert str(calendar["X-WR-CALNAME"]) == "Rådgivningsforløb – Aarhus"
    assert str(calendar.walk("VEVENT")[0]["SUMMARY"]) == "Opstartsmøde (Aarhus)"

    Membership.objects.filter(user=coordinator, organisation=municipality).delete()
    assert fetch(feed_path(token)).status_code == 404


def test_webcal_link_is_the_same_address(coordinator, settings):
    settings.SITE_URL = "https://raadgivning.example.dk"
    token = feed_token_issue(owner=coordinator, kind=FeedKind.PERSON)

    assert calendar_feeds.feed_url(token).startswith("https://raadgivning.example.dk/kalender/person/")
    assert calendar_feeds.webcal_url(token) == "webcal://" + calendar_feeds.feed_url(token).removeprefix("https://")


# --- The profile page -----------------------------------------------------------------------------------------


def test_the_profile_page_offers_a_calendar_address_and_shows_it_once_made(coordinator_client, coordinator):
    page = parse_html(coordinator_client.get(PROFILE).content)
    assert page.by_id("calendar-heading").text == "Kalenderabonnementer"
    assert "Opret min kalenderadresse" in page.by_id("calendar").text

    response = coordinator_client.post(reverse("notifications:feed_token_create"), {"kind": "person"}, follow=True)

    token = CalendarFeedToken.objects.get(owner=coordinator, kind=FeedKind.PERSON)
    page = parse_html(response.content)
    [field] = page.find_all("input", **{"data-testid": "feed-url"})
    assert field.get("value") == calendar_feeds.feed_url(token)
    assert page.find_all("a", href=calendar_feeds.webcal_url(token))
    assert "Din kalenderadresse er klar" in page.root.text


def test_closing_and_renewing_on_the_profile_page(coordinator_client, coordinator):
    token = feed_token_issue(owner=coordinator, kind=FeedKind.PERSON)

    coordinator_client.post(reverse("notifications:feed_token_renew", args=[token.pk]))
    [active] = CalendarFeedToken.objects.active().filter(owner=coordinator)
    assert active.pk != token.pk

    response = coordinator_client.post(reverse("notifications:feed_token_revoke", args=[active.pk]))
    assert response.status_code == 302
    assert response["Location"].endswith("#calendar")
    assert not CalendarFeedToken.objects.active().filter(owner=coordinator).exists()


def test_nobody_closes_another_persons_address(stranger_client, coordinator):
    token = feed_token_issue(owner=coordinator, kind=FeedKind.PERSON)
    assert stranger_client.post(reverse("notifications:feed_token_revoke", args=[token.pk])).status_code == 404
    assert CalendarFeedToken.objects.active().filter(pk=token.pk).exists()


def test_an_organisation_calendar_only_for_an_organisation_the_person_sees(
    coordinator_client, coordinator, municipality, other_municipality
):
    create = reverse("notifications:feed_token_create")
    coordinator_client.post(create, {"kind": "organisation", "organisation": other_municipality.pk})
    assert not CalendarFeedToken.objects.filter(owner=coordinator).exists()

    response = coordinator_client.post(create, {"kind": "organisation", "organisation": municipality.pk}, follow=True)
    token = CalendarFeedToken.objects.get(owner=coordinator, kind=FeedKind.ORGANISATION)
    assert token.target_id == municipality.pk
    assert "Organisation: Aarhus" in parse_html(response.content).by_id("calendar").text


def test_a_person_chooses_digest_or_immediate_mail(coordinator_client, coordinator):
    from advisory.notifications.selectors import mail_mode_for, mail_modes_for

    assert mail_mode_for(coordinator) == "immediate"
    page = parse_html(coordinator_client.get(PROFILE).content)
    assert page.by_id("notifications-mail_mode_0").get("checked") is not None

    response = coordinator_client.post(reverse("notifications:preference_update"), {"mail_mode": "digest"}, follow=True)

    assert mail_mode_for(coordinator) == "digest"
    assert mail_modes_for([coordinator.pk, coordinator.pk + 1000]) == {
        coordinator.pk: "digest",
        coordinator.pk + 1000: "immediate",
    }
    assert parse_html(response.content).by_id("notifications-mail_mode_1").get("checked") is not None

"""An organisation's own calls in a group programme (issue 14): one row per organisation, spread over the working
days within the rule's tolerance; times the advisors offer and each coordinator books for their own organisation
only; both calendars; the rows follow the organisations that take part. Services, pages and the API."""

from __future__ import annotations

import datetime
import json

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import Client
from django.urls import reverse

from advisory.notifications.models import OutboxMessage
from advisory.programmes import scheduling, services
from advisory.programmes.models import ProgrammeTemplate, SlotOffer
from advisory.programmes.template_data import builtin_template, template_from_dict
from tests import factories

ACCEPTANCE = datetime.date(2027, 1, 11)  # kickoff Thursday 11 February 2027


@pytest.fixture
def group(advisor, municipality, other_municipality):
    services.templates_load_builtin()
    return services.programme_create(
        version=ProgrammeTemplate.objects.get(kind="group").current_version(),
        title="Gruppeforløb",
        anchors={"acceptance": ACCEPTANCE},
        organisations=[municipality, other_municipality, factories.MunicipalityFactory()],
        advisors=[advisor],
    )


def _api(client: Client, method: str, url: str, body: dict | None = None):
    if body is None:
        return getattr(client, method)(url)
    return getattr(client, method)(url, json.dumps(body), content_type="application/json")


# --- the engine ---------------------------------------------------------------------------------------


def test_spread_days_gives_each_organisation_its_own_working_day_within_the_tolerance():
    target = datetime.date(2027, 1, 28)  # a Thursday
    assert scheduling.spread_days(target, 3, 3) == [
        (datetime.date(2027, 1, 27), 0),
        (datetime.date(2027, 1, 28), 0),
        (datetime.date(2027, 1, 29), 0),
    ]
    six = scheduling.spread_days(target, 3, 6)
    assert len({day for day, _slot in six}) == 6  # one a working day while there are days enough
    assert all(day.weekday() < 5 for day, _slot in six)
    crowded = scheduling.spread_days(target, 0, 3)  # no tolerance: the same day, staggered slots
    assert crowded == [(target, 0), (target, 1), (target, 2)]


def test_every_generated_plan_keeps_each_organisation_s_call_within_the_rule():
    template = template_from_dict(builtin_template("group"))
    for months in range(0, 24, 3):
        acceptance = datetime.date(2027, 1, 4) + datetime.timedelta(days=30 * months)
        plan = scheduling.generate_plan(template, {"acceptance": acceptance}, {}, None, ["1", "2", "3", "4", "5", "6"])
        offsets = [v for v in scheduling.validate_plan(template, plan) if v.code in {"offset", "non_working_day"}]
        assert not [v for v in offsets if scheduling.ORGANISATION_KEY_MARK in v.activity_key], acceptance
        for key in ("expectations_call", "kickoff_follow_up_call", "follow_up_call"):
            rows = plan.occurrences(key)
            assert sorted(a.organisation for a in rows) == ["1", "2", "3", "4", "5", "6"]
            assert len({a.start for a in rows}) >= 5, (acceptance, key)  # spread, not all on one day


# --- rows, visibility -----------------------------------------------------------------------------------


def test_a_coordinator_sees_the_shared_plan_and_only_their_own_organisation_s_calls(
    group, municipality, other_municipality, coordinator_client, advisor_client
):
    mine = group.activities.get(template_key="expectations_call", organisation=municipality)
    theirs = group.activities.get(template_key="expectations_call", organisation=other_municipality)
    page = coordinator_client.get(reverse("programmes:detail", args=[group.pk])).content.decode()
    assert f"activity-{mine.key}" in page and f"activity-{theirs.key}" not in page
    assert coordinator_client.get(reverse("programmes:activity", args=[group.pk, theirs.key])).status_code == 404
    keys = {a["key"] for a in _api(coordinator_client, "get", f"/api/programmes/{group.pk}").json()["activities"]}
    assert mine.key in keys and theirs.key not in keys and "kickoff" in keys
    staff_page = advisor_client.get(reverse("programmes:detail", args=[group.pk])).content.decode()
    assert f"activity-{mine.key}" in staff_page and f"activity-{theirs.key}" in staff_page
    assert other_municipality.name in staff_page


# --- offered times and booking ---------------------------------------------------------------------------


def test_the_advisor_offers_times_and_each_coordinator_books_one_for_their_own_organisation(
    group, advisor, municipality, other_municipality, coordinator, stranger, django_capture_on_commit_callbacks
):
    mine = group.activities.get(template_key="expectations_call", organisation=municipality)
    theirs = group.activities.get(template_key="expectations_call", organisation=other_municipality)
    first = services.slot_offer_create(
        programme=group,
        template_key="expectations_call",
        occurrence=1,
        starts_on=datetime.date(2027, 1, 26),
        start_time=datetime.time(13, 0),
        by=advisor,
    )
    with pytest.raises(ValidationError):  # a Saturday
        services.slot_offer_create(
            programme=group,
            template_key="expectations_call",
            occurrence=1,
            starts_on=datetime.date(2027, 1, 30),
            start_time=datetime.time(13, 0),
            by=advisor,
        )
    with pytest.raises(ValidationError):  # a joint meeting is no organisation's own call
        services.slot_offer_create(
            programme=group,
            template_key="kickoff",
            occurrence=1,
            starts_on=datetime.date(2027, 2, 11),
            start_time=datetime.time(13, 0),
            by=advisor,
        )
    with pytest.raises(PermissionDenied):
        services.slot_offer_create(
            programme=group,
            template_key="expectations_call",
            occurrence=1,
            starts_on=datetime.date(2027, 1, 27),
            start_time=datetime.time(9, 0),
            by=coordinator,
        )
    with pytest.raises(PermissionDenied):  # another organisation's call
        services.slot_book(activity=theirs, offer=first, by=coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        booked = services.slot_book(activity=mine, offer=first, by=coordinator)
    assert (booked.starts_on, booked.start_time, booked.pinned, booked.sequence) == (
        datetime.date(2027, 1, 26),
        datetime.time(13, 0),
        True,
        1,
    )
    # The time is taken: the other organisation's coordinator can neither see nor book it.
    with pytest.raises(ValidationError):
        services.slot_book(activity=theirs, offer=first, by=stranger)
    # Both calendars: the coordinator and the advisor get the call's new version, once.
    invited = set(OutboxMessage.objects.filter(idempotency_key__contains=":REQUEST:").values_list("to", flat=True))
    assert {coordinator.email, advisor.email} <= invited
    assert stranger.email not in invited
    before = OutboxMessage.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        services.slot_book(activity=mine, offer=first, by=coordinator)  # again: nothing new
    assert OutboxMessage.objects.count() == before
    with pytest.raises(ValidationError):  # a booked time stays until the organisation books another
        services.slot_offer_withdraw(offer=first, by=advisor)


def test_offering_and_booking_on_the_pages(group, municipality, other_municipality, advisor_client, coordinator_client):
    mine = group.activities.get(template_key="kickoff_follow_up_call", organisation=municipality)
    url = reverse("programmes:slot_offers", args=[group.pk, mine.key])
    assert (
        coordinator_client.post(
            url, {"action": "offer", "slot-starts_on": "2027-02-17", "slot-start_time": "10:00"}
        ).status_code
        == 403
        or not SlotOffer.objects.exists()
    )
    bad = advisor_client.post(url, {"action": "offer", "slot-starts_on": "", "slot-start_time": "10:00"})
    assert bad.status_code == 400
    response = advisor_client.post(url, {"action": "offer", "slot-starts_on": "2027-02-17", "slot-start_time": "14:00"})
    assert response.status_code == 302
    offer = SlotOffer.objects.get()
    page = coordinator_client.get(reverse("programmes:activity", args=[group.pk, mine.key])).content.decode()
    assert f'value="{offer.pk}"' in page
    assert coordinator_client.post(url, {"action": "book", "offer": offer.pk}).status_code == 302
    mine.refresh_from_db()
    assert (mine.starts_on, mine.start_time) == (datetime.date(2027, 2, 17), datetime.time(14, 0))
    theirs = group.activities.get(template_key="kickoff_follow_up_call", organisation=other_municipality)
    assert (
        coordinator_client.post(
            reverse("programmes:slot_offers", args=[group.pk, theirs.key]), {"action": "book", "offer": offer.pk}
        ).status_code
        == 404
    )


def test_offered_times_through_the_api(group, municipality, other_municipality, advisor_client, coordinator_client):
    url = f"/api/programmes/{group.pk}/slot-offers"
    body = {"template_key": "follow_up_call", "occurrence": 1, "starts_on": "2027-09-30", "start_time": "10:00"}
    assert _api(coordinator_client, "post", url, body).status_code == 403
    created = _api(advisor_client, "post", url, body)
    assert created.status_code == 201, created.content
    saturday = _api(advisor_client, "post", url, {**body, "starts_on": "2027-10-02"})
    assert saturday.status_code == 400 and "starts_on" in saturday.json()["errors"]
    offer_id = created.json()["id"]
    theirs = group.activities.get(template_key="follow_up_call", organisation=other_municipality)
    refused = _api(
        coordinator_client,
        "post",
        f"/api/programmes/{group.pk}/activities/{theirs.key}/book-slot",
        {"offer_id": offer_id},
    )
    assert refused.status_code == 404
    mine = group.activities.get(template_key="follow_up_call", organisation=municipality)
    booked = _api(
        coordinator_client,
        "post",
        f"/api/programmes/{group.pk}/activities/{mine.key}/book-slot",
        {"offer_id": offer_id},
    )
    assert booked.status_code == 200, booked.content
    assert booked.json()["starts_on"] == "2027-09-30"
    listed = _api(coordinator_client, "get", url).json()
    assert [o["booked_by_key"] for o in listed] == [mine.key]
    assert _api(advisor_client, "delete", f"{url}/{offer_id}").status_code == 400  # booked


# --- who takes part --------------------------------------------------------------------------------------


def test_the_rows_follow_the_organisations_that_take_part(group, advisor, municipality, other_municipality):
    newcomer = factories.MunicipalityFactory()
    third = group.organisations.exclude(pk__in=[municipality.pk, other_municipality.pk]).get()
    created = services.programme_organisations_set(
        programme=group, organisations=[municipality, other_municipality, newcomer], by=advisor
    )
    assert {a.organisation_id for a in group.activities.filter(key__in=created)} == {newcomer.pk}
    assert len(created) == 6  # its calls and preparations
    assert not group.activities.filter(organisation=third).exists()
    call = group.activities.get(template_key="expectations_call", organisation=newcomer)
    assert call.start_time is not None and call.starts_on.weekday() < 5
    with pytest.raises(ValidationError):  # a group has at least 3 organisations
        services.programme_organisations_set(programme=group, organisations=[municipality], by=advisor)

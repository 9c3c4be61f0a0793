"""Interest and taskforce requests: public forms, shelters refused, one open request, seasons with a waiting list,
moving up, accept/decline with reason and mails, programmes created, access across organisations, the API."""

from __future__ import annotations

import datetime
import json

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from advisory.core import retention
from advisory.programmes import services as programme_services
from advisory.requests import services
from advisory.requests.models import (
    ExpressionOfInterest,
    InterestStatus,
    RequestStatus,
    Season,
    SeasonHalf,
    TaskforceRequest,
)
from tests import factories
from tests.helpers import danish, msgid_of

NOW = datetime.datetime(2026, 12, 1, 10, tzinfo=datetime.UTC)
pytestmark = pytest.mark.django_db


def allocate(request: TaskforceRequest, season: Season) -> TaskforceRequest:
    """An advisor allocates the request to the season."""
    return services.request_allocate(by=factories.AdvisorFactory(), request=request, season=season)


@pytest.fixture(autouse=True)
def _templates_and_today(db):
    programme_services.templates_load_builtin()
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def spring(db) -> Season:
    services.seasons_ensure(years=2, today=datetime.date(2027, 1, 1))
    return Season.objects.get(year=2027, half=SeasonHalf.SPRING)


def contact(**overrides: object) -> dict[str, object]:
    return {
        "contact_name": "Tove Tovholder",
        "contact_email": "tove@kommune.dk",
        "contact_phone": "",
        "needs": "Hjælp til at skaffe boliger.",
        "expectations": "Sparring og en plan.",
        **overrides,
    }


def make_request(organisation, **overrides):
    return services.taskforce_request_create(organisation=organisation, **contact(**overrides))


def make_interest(organisation, **overrides):
    return services.interest_create(organisation=organisation, **contact(**overrides))


# --- expressions of interest -------------------------------------------------------------------------------------


def test_anonymous_expresses_interest_on_the_public_form_and_gets_a_confirmation(
    client, django_capture_on_commit_callbacks
):
    shelter = factories.ShelterFactory(name="Herberget")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("requests:interest_create"), {"organisation": shelter.pk, **contact()})
    assert response.status_code == 200
    interest = ExpressionOfInterest.objects.get()
    assert interest.organisation == shelter and interest.status == InterestStatus.NEW
    assert interest.submitted_by is None
    assert mail.outbox[0].to == ["tove@kommune.dk"] and "Herberget" in mail.outbox[0].body


def test_public_form_refuses_a_cpr_number_with_the_input_kept(client):
    municipality = factories.MunicipalityFactory()
    data = {"organisation": municipality.pk, **contact(needs="Borger 010190-1234 mangler bolig")}
    response = client.post(reverse("requests:interest_create"), data)
    assert response.status_code == 200 and ExpressionOfInterest.objects.count() == 0
    assert "010190-1234" in response.content.decode()


def test_coordinator_expresses_interest_only_for_their_own_organisation(
    coordinator_client, municipality, other_municipality
):
    page = coordinator_client.get(reverse("requests:interest_create"))
    assert "Odense" not in page.content.decode()
    response = coordinator_client.post(
        reverse("requests:interest_create"), {"organisation": other_municipality.pk, **contact()}
    )
    assert response.status_code == 200 and ExpressionOfInterest.objects.count() == 0
    response = coordinator_client.post(
        reverse("requests:interest_create"), {"organisation": municipality.pk, **contact()}
    )
    assert ExpressionOfInterest.objects.get().organisation == municipality


def test_advisor_sees_the_queue_newest_first_filtered_by_status(advisor_client, municipality):
    empty = advisor_client.get(reverse("requests:interest_list"))
    assert (
        danish("No expressions of interest yet. Municipalities and § 110 shelters express interest on the public form.")
        in empty.content.decode()
    )
    first = make_interest(municipality)
    with time_machine.travel(NOW + datetime.timedelta(hours=1), tick=False):
        second = make_interest(factories.ShelterFactory(name="Kirkens Korshær"))
    services.interest_decline(by=factories.AdvisorFactory(), interest=first, reason="Ikke nu")
    body = advisor_client.get(reverse("requests:interest_list")).content.decode()
    assert body.index("Kirkens Korshær") < body.index("Aarhus")
    filtered = advisor_client.get(reverse("requests:interest_list"), {"status": "new"}).content.decode()
    assert "Kirkens Korshær" in filtered and "Aarhus</a>" not in filtered
    assert second.status == InterestStatus.NEW


def test_declining_needs_a_reason_and_mails_it(advisor_client, municipality, django_capture_on_commit_callbacks):
    interest = make_interest(municipality)
    url = reverse("requests:interest_detail", args=[interest.pk])
    response = advisor_client.post(url, {"action": "decline", "decline-reason": ""})
    assert response.status_code == 200
    assert danish("Give a reason; it is sent to the organisation's contact person.") in response.content.decode()
    interest.refresh_from_db()
    assert interest.status == InterestStatus.NEW
    with django_capture_on_commit_callbacks(execute=True):
        response = advisor_client.post(url, {"action": "decline", "decline-reason": "Vi har ikke kapacitet i år."})
    assert response.status_code == 302
    interest.refresh_from_db()
    assert interest.status == InterestStatus.DECLINED and interest.decision_reason == "Vi har ikke kapacitet i år."
    assert mail.outbox[-1].to == ["tove@kommune.dk"]
    assert "Vi har ikke kapacitet i år." in mail.outbox[-1].body
    assert "Desværre" in mail.outbox[-1].body  # Danish
    # Listed on "Udgående e-mails" like every other mail, so the advisor can check that it went out.
    listed = advisor_client.get(reverse("notifications:outbox")).content.decode()
    assert mail.outbox[-1].subject in listed and "tove@kommune.dk" in listed


def test_accepting_creates_the_individual_programme(advisor_client, advisor, municipality):
    interest = make_interest(municipality)
    response = advisor_client.post(
        reverse("requests:interest_detail", args=[interest.pk]),
        {
            "action": "accept",
            "accept-start_date": "2027-02-01",
            "accept-title": "Aarhus individuelt",
            "accept-advisors": [advisor.pk],
        },
    )
    interest.refresh_from_db()
    programme = interest.programme
    assert response.status_code == 302 and response.url == reverse("programmes:detail", args=[programme.pk])
    assert interest.status == InterestStatus.ACCEPTED
    assert programme.kind == "individual" and programme.anchors["start"] == "2027-02-01"
    assert list(programme.organisations.all()) == [municipality] and list(programme.advisors.all()) == [advisor]
    assert programme.template_version.template.current_version() == programme.template_version
    second = advisor_client.post(
        reverse("requests:interest_detail", args=[interest.pk]), {"action": "decline", "decline-reason": "x"}
    )
    assert second.status_code == 302  # already decided: nothing happens
    interest.refresh_from_db()
    assert interest.status == InterestStatus.ACCEPTED


def test_access_to_interest_across_organisations_and_roles(
    coordinator_client, stranger_client, client, taskforce_member, municipality
):
    interest = make_interest(municipality)
    url = reverse("requests:interest_detail", args=[interest.pk])
    assert coordinator_client.get(url).status_code == 200
    assert "accept-start_date" not in coordinator_client.get(url).content.decode()
    assert coordinator_client.post(url, {"action": "decline", "decline-reason": "x"}).status_code == 403
    assert stranger_client.get(url).status_code == 404
    assert client.get(url).status_code == 302
    member = Client()
    member.force_login(taskforce_member)
    assert member.get(url).status_code == 404
    assert member.get(reverse("requests:interest_list")).status_code == 403
    assert member.get(reverse("requests:taskforce_list")).status_code == 200
    assert coordinator_client.get(reverse("requests:taskforce_list")).status_code == 403
    own = coordinator_client.get(reverse("requests:index")).content.decode()
    assert "Aarhus" in own


# --- taskforce requests ------------------------------------------------------------------------------------------


def test_shelter_is_refused_with_the_input_kept(client):
    shelter = factories.ShelterFactory(name="Forsorgshjemmet")
    response = client.post(
        reverse("requests:request_create"), {"organisation": shelter.pk, **contact(needs="Særlige behov her")}
    )
    body = response.content.decode()
    assert response.status_code == 200 and TaskforceRequest.objects.count() == 0
    assert danish(msgid_of(services.SHELTER_REFUSED)) % {"organisation": "Forsorgshjemmet"} in body
    assert "Særlige behov her" in body


def test_one_open_request_per_municipality(municipality):
    first = make_request(municipality)
    with pytest.raises(services.ValidationError) as refused:
        make_request(municipality)
    assert refused.value.code == "duplicate"
    services.request_withdraw(by=factories.AdvisorFactory(), request=first, reason="Ikke alligevel")
    assert make_request(municipality).status == RequestStatus.RECEIVED


def test_third_request_for_a_full_season_goes_on_the_waiting_list_and_moves_up(spring, advisor_client):
    a, b, c = (make_request(factories.MunicipalityFactory(name=n)) for n in ("Vejle", "Horsens", "Skive"))
    for r in (a, b):
        assert allocate(r, spring).status == RequestStatus.ALLOCATED
    response = advisor_client.post(
        reverse("requests:request_detail", args=[c.pk]),
        {"action": "allocate", "allocate-season": spring.pk},
        follow=True,
    )
    c.refresh_from_db()
    assert c.status == RequestStatus.WAITING and c.season == spring
    assert "fuld" in response.content.decode()  # "Forår 2027 er fuld …"
    with pytest.raises(services.ValidationError):
        services.season_move_up(by=factories.AdvisorFactory(), season=spring)  # still full
    response = advisor_client.post(
        reverse("requests:request_detail", args=[a.pk]), {"action": "withdraw", "withdraw-reason": "Kommunen trak sig"}
    )
    assert response.url == reverse("requests:season_detail", args=[spring.pk])
    confirm = advisor_client.get(reverse("requests:season_move_up", args=[spring.pk]))
    assert "Skive" in confirm.content.decode()
    c.refresh_from_db()
    assert c.status == RequestStatus.WAITING  # GET only asks
    advisor_client.post(reverse("requests:season_move_up", args=[spring.pk]))
    c.refresh_from_db()
    assert c.status == RequestStatus.ALLOCATED


def test_waiting_list_is_ordered_by_when_received(spring):
    spring.capacity = 0
    spring.save()
    late = make_request(factories.MunicipalityFactory(name="Sent"))
    early = make_request(factories.MunicipalityFactory(name="Tidligt"))
    TaskforceRequest.objects.filter(pk=early.pk).update(created_at=NOW - datetime.timedelta(days=3))
    allocate(late, spring)
    allocate(early, spring)
    assert [r.organisation.name for r in services.waiting_list(spring)] == ["Tidligt", "Sent"]


def test_capacity_change(spring, advisor_client):
    for name in ("A", "B"):
        allocate(make_request(factories.MunicipalityFactory(name=name)), spring)
    url = reverse("requests:season_detail", args=[spring.pk])
    response = advisor_client.post(url, {"capacity": "1"})
    assert response.status_code == 200 and "kapaciteten" in response.content.decode()
    assert advisor_client.post(url, {"capacity": "3"}).status_code == 302
    spring.refresh_from_db()
    assert spring.capacity == 3
    third = make_request(factories.MunicipalityFactory(name="C"))
    assert allocate(third, spring).status == RequestStatus.ALLOCATED


def test_starting_creates_the_taskforce_programme(spring, advisor, taskforce_member, advisor_client):
    municipality = factories.MunicipalityFactory(name="Viborg")
    request = make_request(municipality)
    allocate(request, spring)
    url = reverse("requests:request_detail", args=[request.pk])
    data = {
        "action": "start",
        "start-start_date": "2027-08-01",
        "start-title": "Taskforce Viborg",
        "start-advisors": [advisor.pk, taskforce_member.pk],
    }
    outside = advisor_client.post(url, data)
    assert outside.status_code == 200 and "1. jan. 2027" in outside.content.decode()
    response = advisor_client.post(url, {**data, "start-start_date": "2027-03-01"})
    request.refresh_from_db()
    programme = request.programme
    assert response.url == reverse("programmes:detail", args=[programme.pk])
    assert request.status == RequestStatus.STARTED
    assert programme.kind == "taskforce" and programme.anchors["start"] == "2027-03-01"
    assert set(programme.advisors.all()) == {advisor, taskforce_member}
    member = Client()
    member.force_login(taskforce_member)
    assert member.get(reverse("programmes:detail", args=[programme.pk])).status_code == 200
    assert member.post(url, {"action": "decline", "decline-reason": "x"}).status_code == 403


def test_request_access_across_organisations(coordinator_client, stranger_client, municipality):
    request = make_request(municipality)
    url = reverse("requests:request_detail", args=[request.pk])
    assert coordinator_client.get(url).status_code == 200
    assert stranger_client.get(url).status_code == 404


def test_advisor_registers_a_phoned_request(advisor_client, municipality):
    response = advisor_client.post(
        reverse("requests:request_create"), {"organisation": municipality.pk, "received_via": "phone", **contact()}
    )
    request = TaskforceRequest.objects.get()
    assert response.url == reverse("requests:request_detail", args=[request.pk])
    assert request.received_via == "phone"


def test_retention_deletes_closed_and_anonymises_started(municipality, spring, advisor):
    declined = make_interest(municipality)
    services.interest_decline(by=advisor, interest=declined, reason="Nej")
    accepted = make_interest(factories.ShelterFactory())
    services.interest_accept(by=advisor, interest=accepted, start_date=datetime.date(2027, 2, 1))
    later = NOW + datetime.timedelta(days=4 * 365)
    retention.run(apply=True, keys=["requests_closed", "requests_contacts"], now=later)
    assert not ExpressionOfInterest.objects.filter(pk=declined.pk).exists()
    accepted.refresh_from_db()
    assert accepted.contact_name == "–" and "tove" not in accepted.contact_email


# --- API ---------------------------------------------------------------------------------------------------------


def post(client, url, body):
    return client.post(url, json.dumps(body), content_type="application/json")


def test_api_shelter_refused_and_duplicate_refused_in_danish(client, municipality):
    shelter = factories.ShelterFactory(name="Boformen")
    body = {"organisation_id": shelter.pk, **contact()}
    response = post(client, "/api/taskforce-requests", body)
    assert response.status_code == 422 or response.status_code == 400
    assert "§ 110" in json.dumps(response.json(), ensure_ascii=False)
    assert post(client, "/api/taskforce-requests", {**body, "organisation_id": municipality.pk}).status_code == 201
    again = post(client, "/api/taskforce-requests", {**body, "organisation_id": municipality.pk})
    assert again.status_code in {400, 422} and "åben" in json.dumps(again.json(), ensure_ascii=False)


def test_api_allocate_waiting_list_move_up_start(advisor_client, advisor, spring):
    ids = [make_request(factories.MunicipalityFactory()).pk for _ in range(3)]
    statuses = [
        post(advisor_client, f"/api/taskforce-requests/{i}/allocate", {"season_id": spring.pk}).json()["status"]
        for i in ids
    ]
    assert statuses == ["allocated", "allocated", "waiting"]
    seasons = advisor_client.get("/api/seasons").json()
    row = next(s for s in seasons if s["id"] == spring.pk)
    assert row["allocated_ids"] == ids[:2] and row["waiting_ids"] == [ids[2]]
    assert post(advisor_client, f"/api/seasons/{spring.pk}/move-up", {}).status_code == 400
    patched = advisor_client.patch(
        f"/api/seasons/{spring.pk}", json.dumps({"capacity": 3}), content_type="application/json"
    )
    assert patched.status_code == 200 and patched.json()["capacity"] == 3
    assert post(advisor_client, f"/api/seasons/{spring.pk}/move-up", {}).json()["id"] == ids[2]
    started = post(
        advisor_client,
        f"/api/taskforce-requests/{ids[0]}/start",
        {"start_date": "2027-03-01", "title": "TF", "staff_ids": [advisor.pk]},
    )
    assert started.status_code == 201
    assert TaskforceRequest.objects.get(pk=ids[0]).programme_id == started.json()["programme_id"]


def test_api_interest_accept_and_decline(advisor_client, advisor, coordinator_client, municipality):
    created = post(coordinator_client, "/api/interest", {"organisation_id": municipality.pk, **contact()})
    assert created.status_code == 201
    interest_id = created.json()["id"]
    refused = post(advisor_client, f"/api/interest/{interest_id}/decline", {"reason": ""})
    assert refused.status_code in {400, 422} and "reason" in refused.json()["errors"]
    accepted = post(
        advisor_client,
        f"/api/interest/{interest_id}/accept",
        {"start_date": "2027-02-01", "title": "Individuelt", "advisor_ids": [advisor.pk]},
    )
    assert accepted.status_code == 201
    assert coordinator_client.get(f"/api/interest/{interest_id}").json()["status"] == "accepted"
    assert post(coordinator_client, f"/api/interest/{interest_id}/decline", {"reason": "x"}).status_code == 403


def test_programme_origin_tag_shows_the_interest_to_those_who_may_see_it(advisor, stranger, municipality, rf):
    from django.template import Context, Template

    interest = make_interest(municipality)
    programme = services.interest_accept(by=advisor, interest=interest, start_date=datetime.date(2027, 2, 1))
    tag = Template("{% load requests_tags %}{% programme_origin programme %}")
    request = rf.get("/")
    request.user = advisor
    shown = tag.render(Context({"request": request, "programme": programme}))
    assert reverse("requests:interest_detail", args=[interest.pk]) in shown and "<h2" in shown
    request.user = stranger
    assert tag.render(Context({"request": request, "programme": programme})).strip() == ""


def test_the_contact_person_is_invited_as_coordinator_when_the_programme_starts(advisor, municipality):
    from advisory.organisations.models import MembershipFunction, MembershipInvitation

    services.interest_accept(by=advisor, interest=make_interest(municipality), start_date=datetime.date(2027, 2, 1))
    invitation = MembershipInvitation.objects.get()
    assert (invitation.email, invitation.organisation, invitation.function) == (
        "tove@kommune.dk",
        municipality,
        MembershipFunction.COORDINATOR,
    )
    assert (invitation.first_name, invitation.last_name) == ("Tove", "Tovholder")
    # A second programme for the same contact: the invitation waiting is not repeated.
    allocate(request := make_request(municipality), Season.objects.get_or_create(year=2027, half="spring")[0])
    services.request_start(
        by=advisor, request=request, title="Taskforce", start_date=datetime.date(2027, 3, 1), advisors=[advisor]
    )
    assert MembershipInvitation.objects.count() == 1

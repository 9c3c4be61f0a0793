"""Intake: rounds, registrations (open window, duplicates, confirmation mail), groups of 3–6 and written acceptance."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse

from advisory.intake import services
from advisory.intake.models import IntakeRound, Registration, RegistrationStatus
from advisory.notifications.models import OutboxMessage, OutboxStatus
from advisory.organisations.models import Membership, MembershipFunction, MembershipInvitation
from advisory.programmes import services as programme_services
from advisory.programmes.models import Programme, ProgrammeTemplate
from tests import factories
from tests.helpers import danish, msgid_of

TODAY = datetime.date(2027, 2, 10)


@pytest.fixture
def round_(db) -> IntakeRound:
    programme_services.templates_load_builtin()
    return services.intake_round_create(
        by=factories.make_administrator(),
        season="Forår 2027",
        theme="Boligsociale indsatser",
        opens_on=datetime.date(2027, 2, 1),
        closes_on=datetime.date(2027, 2, 28),
        groups_planned=1,
        template_version=ProgrammeTemplate.objects.get(kind="group").current_version(),
    )


def registration_data(organisation_id: int, **overrides: Any) -> dict[str, Any]:
    return {
        "organisation": organisation_id,
        "coordinator_name": "Tove Tovholder",
        "coordinator_email": "tove@kommune.dk",
        "coordinator_phone": "",
        "motivation": "Vi vil styrke samarbejdet om boliger.",
        "development_point": "Fast boligmøde med boligselskaberne",
        "expected_participants": 4,
        **overrides,
    }


def register(round_: IntakeRound, organisation, **overrides):
    data = registration_data(organisation.pk, **overrides)
    data["organisation"] = organisation
    return services.registration_create(round_=round_, today=TODAY, **data)


@time_machine.travel(datetime.datetime(2027, 2, 10, 12, tzinfo=datetime.UTC), tick=False)
def test_anonymous_visitor_registers_on_the_public_page_and_gets_a_confirmation(
    round_, client, django_capture_on_commit_callbacks
):
    organisation = factories.MunicipalityFactory(name="Horsens")
    page = client.get(reverse("intake:public_list"))
    assert page.status_code == 200 and "Boligsociale indsatser" in page.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("intake:register", args=[round_.pk]), registration_data(organisation.pk))
    assert response.status_code == 200
    receipt = response.content.decode()
    assert danish("What happens next") in receipt  # and when: the round's closing day, then acceptance, kickoff
    assert "søndag 28. februar 2027" in receipt and "3–6" in receipt
    assert Registration.objects.filter(round=round_, organisation=organisation).count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["tove@kommune.dk"]
    # Sent through the outbox, so the advisors see it on "Udgående e-mails" like every other mail.
    listed = OutboxMessage.objects.get(to="tove@kommune.dk")
    assert listed.status == OutboxStatus.SENT and listed.subject == mail.outbox[0].subject
    assert "Horsens" in mail.outbox[0].body
    assert mail.outbox[0].alternatives[0][1] == "text/html"


@time_machine.travel(datetime.datetime(2027, 3, 2, 12, tzinfo=datetime.UTC), tick=False)
def test_registration_after_the_deadline_is_refused_with_the_input_kept(round_, client):
    organisation = factories.MunicipalityFactory(name="Vejle")
    response = client.post(reverse("intake:register", args=[round_.pk]), registration_data(organisation.pk))
    body = response.content.decode()
    assert response.status_code == 200
    assert Registration.objects.count() == 0
    assert "Tilmeldingen til denne runde er lukket" in body
    assert "Fast boligmøde med boligselskaberne" in body  # what the user typed is still there
    assert len(mail.outbox) == 0


def test_duplicate_registration_of_one_organisation_is_refused(round_):
    organisation = factories.MunicipalityFactory(name="Kolding")
    register(round_, organisation)
    with pytest.raises(Exception) as caught:
        register(round_, organisation)
    assert "Kolding" in str(caught.value)
    assert Registration.objects.count() == 1


def test_group_of_four_gets_a_programme_and_the_written_acceptance(round_, django_capture_on_commit_callbacks):
    registrations = [register(round_, factories.MunicipalityFactory()) for _ in range(5)]
    mail.outbox.clear()  # the five confirmations of registration
    with django_capture_on_commit_callbacks(execute=True):
        programme = services.group_form(
            by=factories.make_administrator(),
            round_=round_,
            registrations=registrations[:4],
            acceptance_date=datetime.date(2027, 3, 15),
            title="Gruppe 1",
        )
    assert programme.kind == "group" and programme.organisations.count() == 4
    assert programme.anchors == {"acceptance": "2027-03-15"}
    assert programme.activities.filter(key="kickoff").exists()
    statuses = dict(Registration.objects.values_list("pk", "status"))
    assert [statuses[r.pk] for r in registrations] == ["in_group"] * 4 + ["registered"]
    acceptances = [m for m in mail.outbox if "Opstartsmøde" in m.body]
    assert len(acceptances) == 4  # and each named coordinator's invitation (test below)
    # Each acceptance lists the group's meetings and the organisation's own calls, not the others' own calls.
    first = next(m for m in acceptances if m.to == [registrations[0].coordinator_email])
    own_calls = programme.activities.filter(template_key="expectations_call")
    assert own_calls.count() == 4 and first.body.count(own_calls[0].title) == 1


@pytest.mark.parametrize("size", [2, 7])
def test_fewer_than_three_or_more_than_six_cannot_form_a_group(round_, size):
    registrations = [register(round_, factories.MunicipalityFactory()) for _ in range(size)]
    with pytest.raises(Exception) as caught:
        services.group_form(
            by=factories.make_administrator(),
            round_=round_,
            registrations=registrations,
            acceptance_date=TODAY,
            title="Gruppe",
        )
    assert f"du valgte {size}" in str(caught.value) or f"you chose {size}" in str(caught.value)
    assert Programme.objects.count() == 0


def test_advisor_forms_a_group_in_the_browser_flow_and_puts_the_rest_on_the_waiting_list(round_, advisor_client):
    registrations = [register(round_, factories.MunicipalityFactory()) for _ in range(4)]
    url = reverse("intake:round_detail", args=[round_.pk])
    assert advisor_client.get(url).status_code == 200
    response = advisor_client.post(url, {"action": "waitlist", "registration": [registrations[3].pk]})
    assert response.status_code == 302
    assert Registration.objects.get(pk=registrations[3].pk).status == RegistrationStatus.WAITING
    too_few = advisor_client.post(
        url,
        {
            "action": "form_group",
            "registrations": [r.pk for r in registrations[:2]],
            "title": "G",
            "acceptance_date": "2027-03-15",
        },
    )
    assert too_few.status_code == 200
    assert danish(msgid_of(services.GROUP_SIZE)) % {"min": 3, "max": 6, "n": 2} in too_few.content.decode()
    response = advisor_client.post(
        url,
        {
            "action": "form_group",
            "registrations": [r.pk for r in registrations[:3]],
            "title": "G",
            "acceptance_date": "2027-03-15",
        },
    )
    assert response.status_code == 302
    assert Programme.objects.get().organisations.count() == 3


def test_coordinators_cannot_open_rounds_or_form_groups(round_, coordinator_client):
    assert coordinator_client.get(reverse("intake:round_create")).status_code == 403
    assert coordinator_client.get(reverse("intake:round_detail", args=[round_.pk])).status_code == 403


@time_machine.travel(datetime.datetime(2027, 2, 10, 12, tzinfo=datetime.UTC), tick=False)
def test_api_registration_is_open_to_anyone_and_group_formation_is_for_advisors(round_, advisor):
    anonymous = Client()
    assert anonymous.get("/api/intake/rounds").json()[0]["theme"] == "Boligsociale indsatser"
    ids = []
    for n in range(3):
        organisation = factories.MunicipalityFactory()
        body = registration_data(organisation.pk, coordinator_email=f"t{n}@kommune.dk")
        body["organisation_id"] = body.pop("organisation")
        response = anonymous.post(
            f"/api/intake/rounds/{round_.pk}/registrations", json.dumps(body), content_type="application/json"
        )
        assert response.status_code == 201, response.content
        ids.append(response.json()["id"])
    again = anonymous.post(
        f"/api/intake/rounds/{round_.pk}/registrations", json.dumps(body), content_type="application/json"
    )
    assert again.status_code == 400 and "allerede tilmeldt" in json.dumps(again.json(), ensure_ascii=False)
    group = {"registration_ids": ids, "title": "Gruppe", "acceptance_date": "2027-03-15"}
    assert (
        anonymous.post(
            f"/api/intake/rounds/{round_.pk}/groups", json.dumps(group), content_type="application/json"
        ).status_code
        == 401
    )
    staff = Client()
    staff.force_login(advisor)
    response = staff.post(f"/api/intake/rounds/{round_.pk}/groups", json.dumps(group), content_type="application/json")
    assert response.status_code == 201, response.content
    assert Programme.objects.get(pk=response.json()["programme_id"]).organisations.count() == 3


def test_an_empty_round_says_no_registrations_yet_not_that_all_are_in_a_group(round_, advisor_client):
    url = reverse("intake:round_detail", args=[round_.pk])
    page = advisor_client.get(url).content.decode()
    assert page.count(danish("No registrations yet.")) == 2  # the list and the group form's place
    assert danish("Every registration is in a group.") not in page
    registrations = [register(round_, factories.MunicipalityFactory()) for _ in range(3)]
    services.group_form(
        by=factories.make_administrator(),
        round_=round_,
        registrations=registrations,
        acceptance_date=TODAY,
        title="Gruppe",
    )
    page = advisor_client.get(url).content.decode()
    assert danish("Every registration is in a group.") in page
    assert danish("No registrations yet.") not in page


def test_the_named_coordinators_are_invited_to_their_organisation_when_the_group_forms(round_):
    known = factories.MunicipalityFactory(name="Vejle")
    member = factories.UserFactory(email="tove@kommune.dk")
    Membership.objects.create(organisation=known, user=member, function=MembershipFunction.COORDINATOR)
    registrations = [register(round_, known)] + [
        register(
            round_,
            factories.MunicipalityFactory(),
            coordinator_email=f"k{i}@kommune.dk",
            coordinator_name="Kim Lund Hansen",
        )
        for i in range(2)
    ]
    services.group_form(
        by=factories.make_administrator(),
        round_=round_,
        registrations=registrations,
        acceptance_date=TODAY,
        title="Gruppe",
    )
    invited = MembershipInvitation.objects.order_by("email")
    # The address already one of Vejle's people gets no invitation; the others one each, as coordinator.
    assert [(i.email, i.organisation_id, i.function) for i in invited] == [
        ("k0@kommune.dk", registrations[1].organisation_id, MembershipFunction.COORDINATOR),
        ("k1@kommune.dk", registrations[2].organisation_id, MembershipFunction.COORDINATOR),
    ]
    assert (invited[0].first_name, invited[0].last_name) == ("Kim", "Lund Hansen")
    assert (
        OutboxMessage.objects.filter(to="k0@kommune.dk", idempotency_key__startswith="membership-invitation").count()
        == 1
    )

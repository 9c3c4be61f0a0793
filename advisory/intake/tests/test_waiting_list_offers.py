"""The waiting list offered a place in the next round first (issue 17): a mail with a signed, expiring link; confirming
creates the next round's registration marked as from the waiting list, shown at the top of its list."""

from __future__ import annotations

import datetime
import json
import re

import pytest
import time_machine
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from advisory.core.tokens import token_hash
from advisory.intake import selectors, services
from advisory.intake.models import IntakeRound, Registration, RegistrationStatus, WaitingListOffer
from advisory.intake.tests.test_intake import register, registration_data
from advisory.notifications import scheduler
from advisory.notifications.models import OutboxMessage
from advisory.programmes import services as programme_services
from advisory.programmes.models import ProgrammeTemplate
from tests import factories
from tests.helpers import danish, msgid_of

pytestmark = pytest.mark.django_db

D = datetime.date
IN_MARCH = datetime.datetime(2027, 3, 15, 12, tzinfo=datetime.UTC)


@pytest.fixture(autouse=True)
def _in_march():
    """After the spring round's registration closed (the logged-in clients' sessions are made then too)."""
    with time_machine.travel(IN_MARCH, tick=False):
        yield


@pytest.fixture
def rounds(db) -> tuple[IntakeRound, IntakeRound]:
    programme_services.templates_load_builtin()
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    by = factories.make_administrator()
    spring = services.intake_round_create(
        by=by,
        season="Forår 2027",
        theme="Boliger",
        opens_on=D(2027, 2, 1),
        closes_on=D(2027, 2, 28),
        expected_start=D(2027, 4, 1),
        year=2027,
        half="spring",
        template_version=version,
    )
    autumn = services.intake_round_create(
        by=by,
        season="Efterår 2027",
        theme="Støtte i egen bolig",
        announce_from=D(2027, 6, 1),
        opens_on=D(2027, 8, 10),
        closes_on=D(2027, 9, 10),
        expected_start=D(2027, 10, 1),
        year=2027,
        half="autumn",
        template_version=version,
    )
    return spring, autumn


@pytest.fixture
def waiting(rounds) -> list[Registration]:
    spring, _autumn = rounds
    registrations = [
        register(spring, factories.MunicipalityFactory(name=name), coordinator_email=f"{name.lower()}@kommune.dk")
        for name in ("Aarhus", "Vejle")
    ]
    services.registrations_waitlist(by=factories.make_advisor(), round_=spring, ids=[r.pk for r in registrations])
    mail.outbox.clear()
    return registrations


def short(day: datetime.date) -> str:
    with translation.override("da"):
        return date_format(day, "SHORT_DATE_FORMAT")


def link_token(body: object) -> str:
    match = re.search(r"/tilmelding/venteliste/([\w-]+)/", str(body))
    assert match, body
    return match.group(1)


def test_the_advisor_offers_the_waiting_list_a_place_once(
    rounds, waiting, advisor_client, django_capture_on_commit_callbacks
):
    spring, autumn = rounds
    url = reverse("intake:round_detail", args=[spring.pk])
    page = advisor_client.get(url).content.decode()
    assert danish("Offer a place in the next round") in page and "Støtte i egen bolig" in page
    with django_capture_on_commit_callbacks(execute=True):
        response = advisor_client.post(url, {"action": "offer_next"})
    assert response.status_code == 302
    assert sorted(m.to[0] for m in mail.outbox) == ["aarhus@kommune.dk", "vejle@kommune.dk"]
    body = mail.outbox[0].body
    assert "Støtte i egen bolig" in body and "14. april 2027" in body  # 30 days to answer
    offer = WaitingListOffer.objects.get(registration__organisation__name="Aarhus")
    assert offer.next_round == autumn and offer.expires_on == D(2027, 4, 14)
    sent = next(m for m in mail.outbox if m.to == ["aarhus@kommune.dk"])
    assert offer.token_hash == token_hash(link_token(sent.body))  # only the hash is stored
    # pressing again sends nothing twice (and the outbox keys make a retried mail idempotent)
    with django_capture_on_commit_callbacks(execute=True):
        advisor_client.post(url, {"action": "offer_next"})
    assert len(mail.outbox) == 2 and WaitingListOffer.objects.count() == 2
    assert OutboxMessage.objects.filter(idempotency_key__startswith="waiting-list-offer-").count() == 2
    page = advisor_client.get(url).content.decode()
    assert (
        'data-testid="offers"' in page
        and danish("Waiting for an answer (until %(date)s)") % {"date": short(D(2027, 4, 14))} in page
    )


def test_confirming_the_link_registers_for_the_next_round_at_the_top_of_its_list(
    rounds, waiting, advisor, client: Client, advisor_client, django_capture_on_commit_callbacks
):
    spring, autumn = rounds
    odense = factories.MunicipalityFactory(name="Odense")
    with time_machine.travel(datetime.datetime(2027, 8, 12, 12, tzinfo=datetime.UTC), tick=False):
        data = {**registration_data(0, coordinator_email="o@odense.dk"), "organisation": odense}
        early = services.registration_create(round_=autumn, **data)
    with django_capture_on_commit_callbacks(execute=True):
        services.waiting_list_offer(by=advisor, round_=spring)
    token = link_token(next(m for m in mail.outbox if m.to == ["vejle@kommune.dk"]).body)
    url = reverse("intake:waiting_list_confirm", args=[token])
    page = client.get(url).content.decode()
    assert "Vejle" in page and "Støtte i egen bolig" in page and danish("Confirm the place") in page
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = client.post(url)
    assert confirmed.status_code == 200
    assert (
        danish("The place in %(season)s: %(theme)s is confirmed.")
        % {"season": "Efterår 2027", "theme": "Støtte i egen bolig"}
        in confirmed.content.decode()
    )
    moved = Registration.objects.get(round=autumn, organisation__name="Vejle")
    assert moved.from_waiting_list == waiting[1] and moved.status == RegistrationStatus.REGISTERED
    assert moved.development_point == waiting[1].development_point  # the details carried over
    assert mail.outbox[-1].to == ["vejle@kommune.dk"]  # the registration's confirmation
    # again: the same registration, nothing new
    assert client.post(url).status_code == 200
    assert Registration.objects.filter(round=autumn).count() == 2
    # the next round's list: those from the waiting list first, with a label
    assert selectors.round_registrations(autumn) == [moved, early]
    page = advisor_client.get(reverse("intake:round_detail", args=[autumn.pk])).content.decode()
    assert page.index("Vejle") < page.index("Odense")
    assert page.count('data-testid="from-waiting-list"') == 1 and danish("From the waiting list") in page
    # and first among those to choose for a group, with the same mark
    choices = page[page.index('name="registrations"') :]
    assert choices.index("Vejle") < choices.index("Odense") and danish("from the waiting list") in choices


def test_an_expired_or_wrong_link_is_refused_in_danish(rounds, waiting, advisor, client: Client) -> None:
    spring, _autumn = rounds
    services.waiting_list_offer(by=advisor, round_=spring)
    token = link_token(mail.outbox[0].body)
    wrong = client.get(reverse("intake:waiting_list_confirm", args=["x" * 43]))
    assert wrong.status_code == 404 and danish(msgid_of(services.OFFER_UNKNOWN)) in wrong.content.decode()
    with time_machine.travel(datetime.datetime(2027, 4, 15, 12, tzinfo=datetime.UTC), tick=False):
        shown = client.get(reverse("intake:waiting_list_confirm", args=[token])).content.decode()
        assert danish(msgid_of(services.OFFER_EXPIRED)) % {"date": "14.04.2027"} in shown
        assert danish("Confirm the place") not in shown
        refused = client.post(reverse("intake:waiting_list_confirm", args=[token]))
        assert refused.status_code == 400
        assert danish(msgid_of(services.OFFER_EXPIRED)) % {"date": "14.04.2027"} in refused.content.decode()
    assert not Registration.objects.filter(from_waiting_list__isnull=False).exists()


def test_no_next_round_no_offers(rounds, waiting, advisor, advisor_client) -> None:
    spring, autumn = rounds
    autumn.delete()
    with pytest.raises(Exception) as raised:
        services.waiting_list_offer(by=advisor, round_=spring)
    assert raised.value.messages == [danish(msgid_of(services.NO_NEXT_ROUND))]  # type: ignore[attr-defined]
    response = advisor_client.post(
        reverse("intake:round_detail", args=[spring.pk]), {"action": "offer_next"}, follow=True
    )
    assert danish(msgid_of(services.NO_NEXT_ROUND)) in response.content.decode()


def test_the_daily_job_offers_places_when_the_round_has_started(rounds, waiting) -> None:
    assert any(job.name == "intake_waiting_lists" for job in scheduler.registered_jobs())
    assert services.waiting_lists_job(datetime.datetime(2027, 3, 31, 12, tzinfo=datetime.UTC)) == 0  # not started
    assert services.waiting_lists_job(datetime.datetime(2027, 4, 1, 12, tzinfo=datetime.UTC)) == 2
    assert services.waiting_lists_job(datetime.datetime(2027, 4, 2, 12, tzinfo=datetime.UTC)) == 0  # once
    assert WaitingListOffer.objects.filter(created_by__isnull=True).count() == 2


def test_the_api_offers_and_confirms(rounds, waiting, advisor_client, coordinator_client) -> None:
    spring, autumn = rounds
    path = f"/api/intake/rounds/{spring.pk}/waiting-list/offers"
    assert coordinator_client.post(path).status_code == 403
    sent = advisor_client.post(path)
    assert sent.status_code == 201 and {o["organisation"] for o in sent.json()} == {"Aarhus", "Vejle"}
    assert advisor_client.post(path).json() == []  # nothing twice
    assert len(advisor_client.get(path).json()) == 2
    confirm = "/api/intake/waiting-list-offers/confirm"
    bad = Client().post(confirm, json.dumps({"token": "nope"}), content_type="application/json")
    assert bad.status_code == 400 and bad.json()["errors"]["token"] == [danish(msgid_of(services.OFFER_UNKNOWN))]
    token = link_token(mail.outbox[0].body)
    done = Client().post(confirm, json.dumps({"token": token}), content_type="application/json")
    assert done.status_code == 200 and done.json()["round_id"] == autumn.pk
    assert done.json()["from_waiting_list_id"] in {r.pk for r in waiting}

import json

import pytest

from advisory.offers import services
from advisory.offers.models import ContactPerson, OfferText

pytestmark = pytest.mark.django_db


def put(client, url, body):
    return client.put(url, json.dumps(body), content_type="application/json")


def test_anyone_reads_the_offers_in_either_language(client, advisor):
    services.contact_create(by=advisor, kind="taskforce", name="Karina", title="Specialkonsulent", email="k@example.dk")
    offers = client.get("/api/offers").json()
    assert [o["kind"] for o in offers] == ["group", "individual", "taskforce"]
    assert offers[1]["slug"] == "individuelt-forloeb" and offers[1]["stored"] is False
    assert offers[2]["contacts"][0]["name"] == "Karina" and offers[0]["contacts"] == []
    english = client.get("/api/offers/group", {"language": "en"}).json()
    assert english["title"] == "Group-based advisory programmes" or english["language"] == "en"
    assert english["summary"].startswith("Through group-based")
    assert "<ul><li>" in english["body_html"]
    contacts = client.get("/api/offers/taskforce/contacts").json()
    assert [c["title"] for c in contacts] == ["Specialkonsulent"]


def test_unknown_kind_or_language_is_refused_in_danish(client, advisor):
    assert client.get("/api/offers/nope").status_code == 404
    response = client.get("/api/offers/group", {"language": "fr"})
    assert response.status_code in (400, 422) and "gyldig" in response.json()["detail"]
    client.force_login(advisor)
    assert put(client, "/api/offers/group/texts/fr", {"summary": "a", "body": "b"}).status_code == 404


def test_advisors_write_texts_and_contacts(client, advisor):
    client.force_login(advisor)
    response = put(client, "/api/offers/individual/texts/da", {"summary": "Kort", "body": "<i>x</i>\n\n- a"})
    assert response.status_code == 200 and response.json()["body"] == "<i>x</i>\n\n- a"
    offer = client.get("/api/offers/individual").json()
    assert offer["stored"] is True and offer["body_html"] == "<p>&lt;i&gt;x&lt;/i&gt;</p>\n<ul><li>a</li></ul>"
    assert put(client, "/api/offers/individual/texts/da", {"summary": "Igen", "body": "y"}).status_code == 200
    assert OfferText.objects.get().summary == "Igen"

    created = client.post(
        "/api/offers/group/contacts",
        json.dumps({"name": "Christina", "phone": "33 33 33 33"}),
        content_type="application/json",
    )
    assert created.status_code == 201
    contact_id = created.json()["id"]
    patched = client.patch(
        f"/api/offer-contacts/{contact_id}", json.dumps({"title": "Konsulent"}), content_type="application/json"
    )
    assert (
        patched.status_code == 200
        and patched.json()["title"] == "Konsulent"
        and patched.json()["phone"] == "33 33 33 33"
    )
    assert client.delete(f"/api/offer-contacts/{contact_id}").status_code == 204
    assert not ContactPerson.objects.exists()


def test_bad_input_is_a_danish_400(client, advisor):
    client.force_login(advisor)
    too_long = put(client, "/api/offers/group/texts/da", {"summary": "a", "body": "b" * 12_001})
    assert too_long.status_code in (400, 422) and "tegn" in json.dumps(too_long.json(), ensure_ascii=False)
    no_way_to_call = client.post(
        "/api/offers/group/contacts", json.dumps({"name": "X"}), content_type="application/json"
    )
    assert no_way_to_call.status_code == 400
    assert "telefonnummer eller en e-mailadresse" in json.dumps(no_way_to_call.json(), ensure_ascii=False)
    bad_email = client.post(
        "/api/offers/group/contacts",
        json.dumps({"name": "X", "email": "ikke-en-adresse"}),
        content_type="application/json",
    )
    assert bad_email.status_code == 400
    cpr = put(client, "/api/offers/group/texts/da", {"summary": "a", "body": "CPR 010190-1234"})
    assert cpr.status_code == 400


def test_others_may_not_write(client, coordinator, taskforce_member):
    assert put(client, "/api/offers/group/texts/da", {"summary": "a", "body": "b"}).status_code == 401
    for person in (coordinator, taskforce_member):
        client.force_login(person)
        assert put(client, "/api/offers/group/texts/da", {"summary": "a", "body": "b"}).status_code == 403
        response = client.post("/api/offers/group/contacts", json.dumps({"name": "X"}), content_type="application/json")
        assert response.status_code == 403
    assert not OfferText.objects.exists() and not ContactPerson.objects.exists()

"""Organisations' CVR numbers, kept by advisors on the edit page and in the API (MitID Erhverv log-ins name them)."""

from __future__ import annotations

import json

import pytest

from tests.helpers import danish

pytestmark = pytest.mark.django_db

EIGHT_DIGITS = "A CVR number is eight digits."


def test_an_advisor_sets_the_cvr_number_on_the_edit_page(advisor_client, municipality):
    response = advisor_client.post(
        f"/organisationer/{municipality.pk}/rediger/", {"cvr": "55133018", "address": "Rådhuset"}
    )
    assert response.status_code == 302
    municipality.refresh_from_db()
    assert municipality.cvr == "55133018"
    page = advisor_client.get(f"/organisationer/{municipality.pk}/").content.decode()
    assert "CVR-nummer" in page and "55133018" in page


def test_a_cvr_number_that_is_not_eight_digits_comes_back_with_a_danish_message(advisor_client, municipality):
    response = advisor_client.post(
        f"/organisationer/{municipality.pk}/rediger/", {"cvr": "5513301X", "address": "Rådhuset"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert danish(EIGHT_DIGITS) in body and 'value="Rådhuset"' in body
    municipality.refresh_from_db()
    assert municipality.cvr == ""


def test_the_api_shows_and_changes_the_cvr_number(advisor_client, coordinator_client, municipality):
    url = f"/api/organisations/{municipality.pk}"
    response = advisor_client.patch(url, json.dumps({"cvr": "55133018"}), content_type="application/json")
    assert response.status_code == 200 and response.json()["cvr"] == "55133018"
    bad = advisor_client.patch(url, json.dumps({"cvr": "123"}), content_type="application/json")
    assert bad.status_code == 400 and bad.json()["errors"]["cvr"] == [danish(EIGHT_DIGITS)]
    too_long = advisor_client.patch(url, json.dumps({"cvr": "123456789"}), content_type="application/json")
    assert too_long.status_code in (400, 422)
    assert coordinator_client.get(url).json()["cvr"] == "55133018"
    refused = coordinator_client.patch(url, json.dumps({"cvr": "11111111"}), content_type="application/json")
    assert refused.status_code == 403
    municipality.refresh_from_db()
    assert municipality.cvr == "55133018"

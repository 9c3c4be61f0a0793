"""The public registration form has a honeypot (advisory.core.honeypot): hidden from people, and a filled one is
refused without storing anything, with what was typed kept."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from django.urls import reverse

from advisory.core.honeypot import HONEYPOT_FIELD, HONEYPOT_FILLED
from advisory.intake.models import Registration
from advisory.intake.tests import test_intake
from advisory.intake.tests.test_intake import registration_data
from tests import factories
from tests.helpers import danish, msgid_of, parse_html

pytestmark = pytest.mark.django_db


round_ = test_intake.round_  # the open round of February 2027


@time_machine.travel(datetime.datetime(2027, 2, 10, 12, tzinfo=datetime.UTC), tick=False)
def test_the_registration_form_has_a_honeypot_hidden_from_people(round_, client):
    page = parse_html(client.get(reverse("intake:register", args=[round_.pk])).content)
    field = page.select_one("input", name=HONEYPOT_FIELD)
    assert field.get("tabindex") == "-1" and field.get("autocomplete") == "off"
    hidden = [div for div in page.find_all("div", aria_hidden="true") if div.find_all("input", name=HONEYPOT_FIELD)]
    assert len(hidden) == 1 and "sr-only" in (hidden[0].get("class") or "").split()
    assert hidden[0].find_all("label")[0].text == danish("Leave this field empty")


@time_machine.travel(datetime.datetime(2027, 2, 10, 12, tzinfo=datetime.UTC), tick=False)
def test_a_filled_honeypot_stores_nothing_and_keeps_what_was_typed(round_, client):
    organisation = factories.MunicipalityFactory(name="Horsens")
    data = {**registration_data(organisation.pk), HONEYPOT_FIELD: "https://spam.example"}
    response = client.post(reverse("intake:register", args=[round_.pk]), data)
    assert response.status_code == 200
    assert Registration.objects.count() == 0
    html = response.content.decode()
    assert danish(msgid_of(HONEYPOT_FILLED)) in html
    assert "Fast boligmøde med boligselskaberne" in html and "https://spam.example" not in html
    again = client.post(reverse("intake:register", args=[round_.pk]), registration_data(organisation.pk))
    assert again.status_code == 200
    assert Registration.objects.count() == 1

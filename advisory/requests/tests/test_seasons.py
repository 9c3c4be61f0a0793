"""Taskforce seasons: the coming ones exist without anyone pressing a button, an ended one is never created or
given to a request, and the public request form offers the open ones."""

from __future__ import annotations

import datetime
from typing import Any

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse

from advisory.accounts.models import ApiToken
from advisory.notifications import scheduler
from advisory.programmes import services as programme_services
from advisory.requests import selectors, services
from advisory.requests.models import Season, SeasonHalf
from tests import factories

pytestmark = pytest.mark.django_db

AUTUMN_DAY = datetime.datetime(2027, 9, 15, 10, tzinfo=datetime.UTC)


def labels(seasons) -> list[str]:
    return [f"{s.half} {s.year}" for s in seasons]


def test_seasons_ensure_never_creates_a_season_that_has_ended() -> None:
    services.seasons_ensure(years=2, today=datetime.date(2027, 9, 15))
    assert labels(Season.objects.all()) == ["autumn 2027", "spring 2028", "autumn 2028"]
    services.seasons_ensure(years=1, today=datetime.date(2028, 3, 1))
    assert labels(Season.objects.filter(year=2028)) == ["spring 2028", "autumn 2028"]


def test_open_seasons_leave_out_the_ended_half_year() -> None:
    Season.objects.create(year=2027, half=SeasonHalf.SPRING)
    Season.objects.create(year=2027, half=SeasonHalf.AUTUMN)
    Season.objects.create(year=2028, half=SeasonHalf.SPRING)
    assert labels(selectors.open_seasons(datetime.date(2027, 6, 30))) == ["spring 2027", "autumn 2027", "spring 2028"]
    assert labels(selectors.open_seasons(datetime.date(2027, 7, 1))) == ["autumn 2027", "spring 2028"]


def test_the_scheduler_creates_the_coming_seasons_daily() -> None:
    assert any(job.name == "taskforce_seasons" for job in scheduler.registered_jobs())
    with time_machine.travel(AUTUMN_DAY, tick=False):
        outcomes = {o.name: o for o in scheduler.run_tick()}
    assert outcomes["taskforce_seasons"].ran and outcomes["taskforce_seasons"].result == 5
    assert labels(Season.objects.all())[0] == "autumn 2027"


def test_the_public_request_form_lists_the_open_seasons(client: Client) -> None:
    Season.objects.create(year=2027, half=SeasonHalf.SPRING)  # ended by the autumn day
    with time_machine.travel(AUTUMN_DAY, tick=False):
        services.seasons_ensure_job(AUTUMN_DAY)
        page = client.get(reverse("requests:request_create"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Efterår 2027" in page and "Forår 2028" in page
    assert "Forår 2027" not in page


def test_an_ended_season_cannot_be_given_to_a_request(client: Client) -> None:
    programme_services.templates_load_builtin()
    ended = Season.objects.create(year=2027, half=SeasonHalf.SPRING)
    municipality: Any = factories.MunicipalityFactory()
    advisor: Any = factories.AdvisorFactory()
    with time_machine.travel(AUTUMN_DAY, tick=False):
        request = services.taskforce_request_create(
            organisation=municipality,
            contact_name="Tove",
            contact_email="tove@kommune.dk",
            needs="Boliger",
            expectations="En plan",
        )
        with pytest.raises(ValidationError) as caught:
            services.request_allocate(by=advisor, request=request, season=ended)
        assert caught.value.message_dict["season"]
        _token, raw = ApiToken.issue(user=advisor, name="script")
        response = client.post(
            f"/api/taskforce-requests/{request.pk}/allocate",
            {"season_id": ended.pk},
            content_type="application/json",
            headers={"Authorization": f"Bearer {raw}", "Accept-Language": "da"},
        )
    assert response.status_code == 400 and "season_id" in response.json()["errors"]
    request.refresh_from_db()
    assert request.season is None

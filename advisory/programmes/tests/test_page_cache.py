"""What the programme page, the meeting page and the programme list keep under the data version
(templatetags/versioned.py, ``advisory.core.changes.kept``): shown again, nothing of it is read again; any write
shows at once; each person gets their own content and their own CSRF token; a page shown with a form's errors is
never kept."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from advisory.programmes import criteria, scheduling, services
from advisory.programmes.models import Programme
from advisory.programmes.templatetags import versioned
from tests import factories

pytestmark = pytest.mark.django_db

MEETING = "reflection_meeting-1"


def _get(client: Client, url: str) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as queries:
        response = client.get(url)
    assert response.status_code == 200
    return response.content.decode(), len(queries)


def _token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def _without_tokens(html: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", html)


def test_the_meeting_page_is_shown_again_from_the_cache_and_a_booking_shows_at_once(
    group: Programme, municipality: Any, advisor: Any, advisor_client: Client
) -> None:
    cache.clear()
    url = f"/forloeb/{group.pk}/aktiviteter/{MEETING}/"
    first, built = _get(advisor_client, url)
    second, again = _get(advisor_client, url)
    assert _without_tokens(first) == _without_tokens(second)
    assert again < built - 10  # the participants, the criteria's evidence, the records … are not read again
    assert versioned.CSRF_PLACEHOLDER not in second
    assert _token(second)  # the forms carry the request's own token

    person: Any = factories.UserFactory(first_name="Bodil", last_name="Bookesen")
    factories.MembershipFactory(user=person, organisation=municipality)
    services.meeting_book(
        activity=group.activities.get(key=MEETING), user=person, organisation=municipality, by=advisor
    )
    third, _count = _get(advisor_client, url)
    assert "Bodil Bookesen" in third.split('id="criteria"', 1)[1]  # the participants' table, after the criteria


def test_each_person_gets_their_own_meeting_page(
    group: Programme, advisor_client: Client, coordinator_client: Client
) -> None:
    cache.clear()
    url = f"/forloeb/{group.pk}/aktiviteter/{MEETING}/"
    advisor_page, _count = _get(advisor_client, url)
    coordinator_page, _count = _get(coordinator_client, url)
    assert 'name="start_time"' in advisor_page  # the runners' details form
    assert 'name="start_time"' not in coordinator_page
    assert _token(advisor_page) != _token(coordinator_page)


def test_a_meeting_page_with_a_form_s_errors_is_not_kept(group: Programme, advisor_client: Client) -> None:
    cache.clear()
    url = f"/forloeb/{group.pk}/aktiviteter/{MEETING}/"
    _get(advisor_client, url)
    response = advisor_client.post(
        f"/forloeb/{group.pk}/aktiviteter/{MEETING}/opdater/", {"start_time": "14:00", "end_time": "13:00"}
    )
    assert response.status_code == 200
    errors = response.content.decode()
    assert 'value="13:00"' in errors  # the form as posted, with its error
    shown, _count = _get(advisor_client, url)
    assert 'value="13:00"' not in shown


def test_the_programme_page_is_shown_again_from_the_cache_and_an_assessment_shows_at_once(
    group: Programme, municipality: Any, advisor: Any, advisor_client: Client
) -> None:
    cache.clear()
    url = f"/forloeb/{group.pk}/"

    def met() -> str:
        html, _count = _get(advisor_client, url)
        found = re.search(r'data-testid="criteria-summary">\s*(\d+)', html)
        assert found
        return found.group(1)

    before = met()
    _html, built = _get(advisor_client, url)
    cache.clear()
    _html, built = _get(advisor_client, url)
    _html, again = _get(advisor_client, url)
    assert again < built - 10  # the plan, the criteria's evidence … are not read again
    assert met() == before
    call = group.activities.get(key=scheduling.organisation_key("kickoff_follow_up_call", str(municipality.pk)))
    text = group.template_version.engine_template().activity(call.template_key).success_criteria[0].text
    criteria.criterion_assess(
        activity=call, organisation=municipality, criterion=text, met=True, comment="", by=advisor
    )
    assert int(met()) == int(before) + 1


def test_the_programme_list_is_kept_by_its_address_and_a_new_programme_shows_at_once(
    group: Programme, advisor_client: Client
) -> None:
    cache.clear()
    _get(advisor_client, "/forloeb/")
    listed, _count = _get(advisor_client, "/forloeb/")
    assert "Gruppeforløb" in listed
    found, _count = _get(advisor_client, "/forloeb/?q=Nyt+forløb")
    assert "Gruppeforløb" not in found.split('id="programme-results"', 1)[1]  # another address: its own list

    services.programme_create(
        version=group.template_version,
        title="Nyt forløb",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=list(group.organisations.all()),
        advisors=list(group.advisors.all()),
    )
    listed, _count = _get(advisor_client, "/forloeb/")
    assert "Nyt forløb" in listed
    found, _count = _get(advisor_client, "/forloeb/?q=Nyt+forl%C3%B8b")
    assert "Nyt forløb" in found.split('id="programme-results"', 1)[1]

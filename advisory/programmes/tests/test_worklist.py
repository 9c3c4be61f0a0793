"""The start page is a work list: overdue (and by how long), this week, the next 30 days; bookings missing and
assessments waiting for the advisor; the coordinator's "Registrér prøvehandling", evaluations to answer and the
decisions on requests."""

from __future__ import annotations

import datetime
import re
from typing import Any

import pytest
import time_machine
from django.test import Client
from django.urls import reverse

from advisory.evaluations.selectors import open_for
from advisory.programmes import services as programme_services
from advisory.programmes import worklist
from advisory.programmes.models import Activity, MeetingParticipant, Programme, ProgrammeStatus, ProgrammeTemplate
from advisory.requests import services as request_services
from tests import factories

pytestmark = pytest.mark.django_db

ACCEPTANCE = datetime.date(2027, 1, 11)


def new_municipality(**fields: Any) -> Any:
    return factories.MunicipalityFactory(**fields)


def group_version() -> Any:
    programme_services.templates_load_builtin()
    return ProgrammeTemplate.objects.get(kind="group").current_version()


@pytest.fixture
def group(advisor: Any, municipality: Any, other_municipality: Any) -> Programme:
    return programme_services.programme_create(
        version=group_version(),
        title="Gruppe Vest",
        anchors={"acceptance": ACCEPTANCE},
        organisations=[municipality, other_municipality, new_municipality(name="Skive")],
        advisors=[advisor],
    )


def travel(day: datetime.date) -> time_machine.travel:
    return time_machine.travel(datetime.datetime.combine(day, datetime.time(9), tzinfo=datetime.UTC), tick=False)


def test_the_buckets_say_what_is_overdue_by_how_long_this_week_and_the_next_30_days(group: Programme, advisor: Any):
    kickoff = group.activities.get(key="kickoff")
    today = kickoff.starts_on + datetime.timedelta(days=3)
    work = worklist.work_list(advisor, today)
    overdue = {item.activity.key: item.days_overdue for item in work.overdue.items}
    assert overdue["kickoff"] == 3  # not marked done, three days ago
    end_of_week = today + datetime.timedelta(days=6 - today.weekday())
    assert all(today <= i.activity.starts_on <= end_of_week for i in work.this_week.items)
    assert all(
        end_of_week < i.activity.starts_on <= today + datetime.timedelta(days=30) for i in work.next_30_days.items
    )
    listed = {i.activity.pk for b in (work.overdue, work.this_week, work.next_30_days) for i in b.items}
    expected = set(
        Activity.objects.filter(
            programme=group, done_at=None, starts_on__lte=today + datetime.timedelta(days=30)
        ).values_list("pk", flat=True)
    )
    assert listed == expected  # nothing lost between the buckets, nothing twice
    programme_services.activity_update(by=advisor, activity=kickoff, done=True)
    assert "kickoff" not in {i.activity.key for i in worklist.work_list(advisor, today).overdue.items}


def test_an_activity_in_another_year_shows_its_year(group: Programme, advisor: Any):
    december = datetime.date(2026, 12, 20)
    Activity.objects.filter(programme=group, key="kickoff").update(starts_on=datetime.date(2027, 1, 5))
    items = worklist.work_list(advisor, december).next_30_days.items
    kickoff = next(i for i in items if i.activity.key == "kickoff")
    assert kickoff.show_year


def test_bookings_missing_name_the_organisations_with_nobody_booked(
    group: Programme, advisor: Any, municipality: Any, coordinator: Any
):
    kickoff = group.activities.get(key="kickoff")
    MeetingParticipant.objects.create(activity=kickoff, user=coordinator, organisation=municipality)
    today = kickoff.starts_on - datetime.timedelta(days=5)
    missing = next(m for m in worklist.work_list(advisor, today).bookings_missing if m.activity.pk == kickoff.pk)
    assert municipality.name not in missing.organisations and "Skive" in missing.organisations
    # The coordinator sees only their own organisation's: booked, so nothing for this meeting.
    mine = worklist.work_list(coordinator, today).bookings_missing
    assert all(m.activity.pk != kickoff.pk for m in mine)


def test_assessments_wait_for_the_advisor_after_the_meeting(group: Programme, advisor: Any):
    kickoff = group.activities.get(key="kickoff")
    template = group.template_version.engine_template()
    judged = [c for c in template.activity("kickoff").success_criteria if not c.evidence]
    assert len(judged) == 1  # seed 003: the kickoff's criterion is judged by the advisors
    waiting = worklist.work_list(advisor, kickoff.starts_on + datetime.timedelta(days=1)).assessments
    found = next(a for a in waiting if a.activity.pk == kickoff.pk)
    assert found.count == 3  # one criterion for each of the three organisations
    # On the meeting's day it is not behind us yet.
    assert all(a.activity.pk != kickoff.pk for a in worklist.work_list(advisor, kickoff.starts_on).assessments)


def logged_in(user: Any) -> Client:
    client = Client(HTTP_ACCEPT_LANGUAGE="da")
    client.force_login(user)
    return client


def test_the_start_pages_show_the_work_list(group: Programme, advisor: Any, coordinator: Any):
    Programme.objects.filter(pk=group.pk).update(status=ProgrammeStatus.RUNNING)
    kickoff = group.activities.get(key="kickoff")
    with travel(kickoff.starts_on + datetime.timedelta(days=2)):  # logged in on that day (sessions time out)
        staff = logged_in(advisor).get(reverse("core:start")).content.decode()
        organisation = logged_in(coordinator).get(reverse("core:start")).content.decode()
    assert "Arbejdsliste" in staff and "2 dage over fristen" in staff
    assert "Denne uge" in staff and "De næste 30 dage" in staff
    assert reverse("programmes:trial_action_create", args=[group.pk]) in organisation  # Registrér prøvehandling
    assert "Registrér prøvehandling" in organisation


def test_the_work_list_takes_a_bounded_number_of_queries(advisor: Any, django_assert_max_num_queries: Any):
    version = group_version()
    for n in range(4):
        programme_services.programme_create(
            version=version,
            title=f"G{n}",
            anchors={"acceptance": ACCEPTANCE},
            organisations=[new_municipality() for _ in range(3)],
            advisors=[advisor],
        )
    with django_assert_max_num_queries(20):
        work = worklist.work_list(advisor, ACCEPTANCE + datetime.timedelta(days=60))
    assert work.overdue.items and len(work.overdue.items) <= worklist.LIMIT


def test_evaluations_to_answer_and_decisions_waiting(
    group: Programme, municipality: Any, coordinator: Any, advisor_client: Any
):
    kickoff = group.activities.get(key="kickoff")
    MeetingParticipant.objects.create(activity=kickoff, user=coordinator, organisation=municipality)
    assert [a.pk for a in open_for(coordinator, kickoff.starts_on + datetime.timedelta(days=1))] == [kickoff.pk]
    assert open_for(coordinator, kickoff.starts_on - datetime.timedelta(days=1)) == []
    assert open_for(coordinator, kickoff.starts_on + datetime.timedelta(days=31)) == []
    request_services.interest_create(
        organisation=new_municipality(),
        contact_name="Tove",
        contact_email="tove@kommune.dk",
        needs="Boliger",
        expectations="En plan",
    )
    page = advisor_client.get(reverse("core:start")).content.decode()
    assert "Beslutninger der venter" in page and "1 ny interessetilkendegivelse" in page


def test_a_coordinator_registers_a_trial_action_from_the_start_page_in_four_actions(
    group: Programme, coordinator: Any, municipality: Any
):
    """Open "Registrér prøvehandling" (1), type the development point (2) and what they will try (3), save (4):
    the organisation and the dates of the trial-action period under way are filled in."""
    Programme.objects.filter(pk=group.pk).update(status=ProgrammeStatus.RUNNING)
    period = group.activities.filter(template_key="trial_action_period").order_by("starts_on").first()
    assert period is not None and period.ends_on is not None
    with travel(period.starts_on + datetime.timedelta(days=2)):
        client = logged_in(coordinator)
        start = client.get(reverse("core:start")).content.decode()
        create = reverse("programmes:trial_action_create", args=[group.pk])
        assert create in start  # action 1: the link on the start page
        for page in (
            reverse("programmes:detail", args=[group.pk]),
            reverse("programmes:activity", args=[group.pk, period.key]),
        ):
            assert create in client.get(page).content.decode()  # also on the programme page and the period's page
        form = client.get(create).content.decode()
        assert f'value="{period.starts_on.isoformat()}"' in form and f'value="{period.ends_on.isoformat()}"' in form
        response = client.post(  # what the browser sends after actions 2 and 3: the rest is the form's defaults
            create,
            {
                "organisation": municipality.pk,
                "development_point": "Boligmøder hver uge",
                "plan": "Vi prøver et fast boligmøde",
                "starts_on": period.starts_on.isoformat(),
                "ends_on": period.ends_on.isoformat(),
                "status": "planned",
            },
        )
    assert response.status_code == 302
    assert group.trial_actions.get().development_point == "Boligmøder hver uge"


def test_staff_get_no_trial_action_button(group: Programme, advisor: Any):
    page = logged_in(advisor).get(reverse("programmes:detail", args=[group.pk])).content.decode()
    assert reverse("programmes:trial_action_create", args=[group.pk]) not in page


def without_tokens(page: str) -> str:
    """The page without its CSRF tokens (masked anew for every response)."""
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", page)


def test_the_kept_work_list_follows_every_change_the_next_day_and_the_person(
    group: Programme, advisor: Any, coordinator: Any
):
    """The start page's sections are kept under the data version: a write anywhere, another day or another person
    is never served a copy made before (advisory/core/selectors.py)."""
    Programme.objects.filter(pk=group.pk).update(status=ProgrammeStatus.RUNNING)
    kickoff = group.activities.get(key="kickoff")
    with travel(kickoff.starts_on + datetime.timedelta(days=2)):
        client = logged_in(advisor)
        first = client.get(reverse("core:start")).content.decode()
        again = client.get(reverse("core:start")).content.decode()
        assert "2 dage over fristen" in first and without_tokens(again) == without_tokens(first)
        Activity.objects.filter(pk=kickoff.pk).update(title="Opstart med nyt navn")  # past the services
        second = client.get(reverse("core:start")).content.decode()
        assert "Opstart med nyt navn" in second
        organisation = logged_in(coordinator).get(reverse("core:start")).content.decode()
        assert "Registrér prøvehandling" in organisation and "Registrér prøvehandling" not in second
    with travel(kickoff.starts_on + datetime.timedelta(days=3)):
        client = logged_in(advisor)
        assert "3 dage over fristen" in client.get(reverse("core:start")).content.decode()

"""The taskforce pages: access across organisations and kinds, bad input kept with a Danish message, the status
meeting's check of follow-up items, and the programme page's section tag."""

from __future__ import annotations

import datetime

import pytest
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from advisory.organisations.models import MembershipFunction
from advisory.taskforce import services
from advisory.taskforce.models import DataCollectionItem, FollowUpItem, FollowUpStatus, LearningActivity
from tests import factories
from tests.helpers import parse_html

from .conftest import client_for


def test_overview_flags_missing_teams_and_links_to_membership_management(advisor_client, taskforce, municipality):
    response = advisor_client.get(reverse("taskforce:overview", args=[taskforce.pk]))
    assert response.status_code == 200
    text = response.content.decode()
    assert "Implementeringsteam: ikke registreret endnu." in text
    assert "Styregruppe: ikke registreret endnu." in text
    assert reverse("organisations:membership_add", args=[municipality.pk]) in text
    assert f"/udvikling/forloeb/{taskforce.pk}/" in text
    assert "?activity=analysis_report" in text

    factories.member_of(municipality, function=MembershipFunction.IMPLEMENTATION_TEAM)
    factories.member_of(municipality, function=MembershipFunction.STEERING_GROUP)
    text = advisor_client.get(reverse("taskforce:overview", args=[taskforce.pk])).content.decode()
    assert "ikke registreret endnu." not in text


@pytest.mark.parametrize("name", ["overview", "data_items", "presentations", "learning_activities"])
def test_other_kinds_and_other_organisations_get_404(name, advisor_client, stranger_client, group, taskforce):
    assert advisor_client.get(reverse(f"taskforce:{name}", args=[group.pk])).status_code == 404
    assert stranger_client.get(reverse(f"taskforce:{name}", args=[taskforce.pk])).status_code == 404
    assert advisor_client.get(reverse(f"taskforce:{name}", args=[taskforce.pk])).status_code == 200


def test_members_read_but_do_not_write(member_client, coordinator_client, taskforce):
    assert member_client.get(reverse("taskforce:overview", args=[taskforce.pk])).status_code == 200
    assert member_client.get(reverse("taskforce:data_item_create", args=[taskforce.pk])).status_code == 403
    assert coordinator_client.get(reverse("taskforce:data_item_create", args=[taskforce.pk])).status_code == 403
    assert coordinator_client.get(reverse("taskforce:presentation_create", args=[taskforce.pk])).status_code == 403


def test_bad_input_is_kept_with_a_danish_message(taskforce_client, taskforce):
    url = reverse("taskforce:data_item_create", args=[taskforce.pk])
    response = taskforce_client.post(
        url, {"what": "Sagsakter", "source": "", "due_on": "2027-02-30", "status": "agreed"}
    )
    assert response.status_code == 200
    page = parse_html(response.content)
    assert page.by_id("id_what").get("value") == "Sagsakter"
    assert "Dette felt er påkrævet." in response.content.decode()
    assert not DataCollectionItem.objects.exists()
    response = taskforce_client.post(
        url, {"what": "Sagsakter", "source": "Socialafdelingen", "due_on": "2027-04-01", "status": "agreed"}
    )
    assert response.status_code == 302
    assert DataCollectionItem.objects.get().source == "Socialafdelingen"


def test_cpr_numbers_are_refused(taskforce_client, taskforce):
    url = reverse("taskforce:data_item_create", args=[taskforce.pk])
    response = taskforce_client.post(url, {"what": "Sag for 010190-1234", "source": "x", "status": "agreed"})
    assert response.status_code == 200
    assert not DataCollectionItem.objects.exists()


def test_coordinator_updates_the_status_only(coordinator_client, taskforce):
    item = services.data_item_save(
        by=taskforce.advisors.first(), item=DataCollectionItem(programme=taskforce, what="Sager", source="Jobcenter")
    )
    url = reverse("taskforce:data_item_edit", args=[taskforce.pk, item.pk])
    response = coordinator_client.post(url, {"what": "Ændret", "status": "received", "note": "Sendt"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert (item.what, item.status, item.note) == ("Sager", "received", "Sendt")
    assert (
        coordinator_client.get(reverse("taskforce:data_item_delete", args=[taskforce.pk, item.pk])).status_code == 403
    )


def test_overdue_is_marked_by_text(advisor_client, taskforce):
    services.data_item_save(
        by=taskforce.advisors.first(),
        item=DataCollectionItem(
            programme=taskforce, what="Sager", source="Jobcenter", due_on=datetime.date(2020, 1, 1)
        ),
    )
    text = advisor_client.get(reverse("taskforce:data_items", args=[taskforce.pk])).content.decode()
    assert "Fristen er passeret" in text


def test_learning_activity_attendance(advisor_client, taskforce):
    url = reverse("taskforce:learning_activity_create", args=[taskforce.pk])
    data = {
        "title": "Kursus i CTI",
        "held_on": "2027-11-02",
        "format": "in_person",
        "attended": "false",
        "participants": "4",
    }
    response = advisor_client.post(url, data)
    assert response.status_code == 200  # nobody attended, yet 4 participants
    response = advisor_client.post(url, {**data, "attended": "true"})
    assert response.status_code == 302
    learning = LearningActivity.objects.get()
    assert (learning.attended, learning.participants) == (True, 4)


def test_status_meeting_decision_and_check_at_the_next(advisor_client, coordinator_client, taskforce):
    url = reverse("taskforce:status_meeting", args=[taskforce.pk, "status_meeting-1"])
    response = advisor_client.post(url, {"action": "decision", "decision-text": "", "decision-follow_up": "x"})
    assert response.status_code == 200
    assert parse_html(response.content).by_id("id_decision-follow_up").text == "x"
    response = advisor_client.post(
        url,
        {
            "action": "decision",
            "decision-text": "Fast boligmøde",
            "decision-follow_up": "Indkald boligselskaber",
            "decision-owner": "Lene",
            "decision-due_on": "2027-12-01",
        },
    )
    assert response.status_code == 302
    item = FollowUpItem.objects.get()
    second = reverse("taskforce:status_meeting", args=[taskforce.pk, "status_meeting-2"])
    assert "Indkald boligselskaber" in advisor_client.get(second).content.decode()
    check = reverse("taskforce:follow_up_check", args=[taskforce.pk, "status_meeting-2", item.pk])
    assert coordinator_client.post(check, {"check-status": "done"}).status_code == 403
    assert advisor_client.post(check, {"check-status": "done"}).status_code == 302
    item.refresh_from_db()
    assert (item.status, item.checked_at.key) == (FollowUpStatus.DONE, "status_meeting-2")
    # The coordinator reads the meeting pages (no forms) and may update an item's status.
    page = coordinator_client.get(second)
    assert page.status_code == 200 and b'name="action"' not in page.content
    edit = reverse("taskforce:follow_up_edit", args=[taskforce.pk, item.pk])
    assert coordinator_client.post(edit, {"status": "open", "note": "Genåbnet"}).status_code == 302


def test_unknown_or_non_status_meeting_is_404(advisor_client, taskforce):
    for key in ("kickoff", "status_meeting-99"):
        assert advisor_client.get(reverse("taskforce:status_meeting", args=[taskforce.pk, key])).status_code == 404


def test_delete_asks_first(advisor_client, taskforce):
    item = services.data_item_save(
        by=taskforce.advisors.first(), item=DataCollectionItem(programme=taskforce, what="Sager", source="Jobcenter")
    )
    url = reverse("taskforce:data_item_delete", args=[taskforce.pk, item.pk])
    assert advisor_client.get(url).status_code == 200
    assert DataCollectionItem.objects.exists()
    assert advisor_client.post(url).status_code == 302
    assert not DataCollectionItem.objects.exists()


def test_section_tag(advisor, stranger, taskforce, group):
    template = Template("{% load taskforce_tags %}{% taskforce_section programme %}")
    request = RequestFactory().get("/")
    request.user = advisor
    html = template.render(Context({"request": request, "programme": taskforce}))
    assert reverse("taskforce:overview", args=[taskforce.pk]) in html
    assert template.render(Context({"request": request, "programme": group})).strip() == ""
    request.user = stranger
    assert template.render(Context({"request": request, "programme": taskforce})).strip() == ""


def test_taskforce_member_not_staffed_gets_404(taskforce):
    other = factories.TaskforceMemberFactory()
    assert client_for(other).get(reverse("taskforce:overview", args=[taskforce.pk])).status_code == 404

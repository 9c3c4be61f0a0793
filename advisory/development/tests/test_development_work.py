"""Mapping, recommendations, development points, goals, progress notes and the development plan: services,
selectors, pages and access."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.test import RequestFactory
from django.urls import reverse

from advisory.accounts.models import User
from advisory.development import selectors, services
from advisory.development.models import (
    DevelopmentPoint,
    Goal,
    GoalStatus,
    PracticeMapping,
    ProgressNote,
    Recommendation,
)
from tests import factories

pytestmark = pytest.mark.django_db


def runner() -> User:
    """The advisor of conftest.py, who runs its programmes. Fetched, not made again: the factory would set the
    password anew and so end ``advisor_client``'s session."""
    return User.objects.get(email="advisor@example.dk")


def _recommendations(programme, n=3):
    return [
        services.recommendation_create(by=runner(), programme=programme, prerequisite="housing", text=f"Anbefaling {i}")
        for i in range(1, n + 1)
    ]


def test_recommendations_are_numbered_moved_and_reordered(individual):
    a, b, c = _recommendations(individual)
    assert [r.position for r in (a, b, c)] == [1, 2, 3]
    assert a.source == "mapping"
    services.recommendation_move(by=runner(), recommendation=c, direction="up")
    assert [r.text for r in selectors.programme_recommendations(individual)] == [
        "Anbefaling 1",
        "Anbefaling 3",
        "Anbefaling 2",
    ]
    services.recommendation_move(by=runner(), recommendation=a, direction="up")  # already first: nothing happens
    services.recommendations_reorder(by=runner(), programme=individual, ids=[b.pk, a.pk, c.pk])
    assert list(selectors.programme_recommendations(individual)) == [b, a, c]
    with pytest.raises(ValidationError):
        services.recommendations_reorder(by=runner(), programme=individual, ids=[b.pk, a.pk])
    services.recommendation_delete(by=runner(), recommendation=b)
    assert [r.position for r in selectors.programme_recommendations(individual)] == [1, 2]


def test_the_fourth_theme_is_for_taskforce_programmes_only(individual, taskforce):
    with pytest.raises(ValidationError):
        services.recommendation_create(by=runner(), programme=individual, prerequisite="case_handling", text="Jura")
    rec = services.recommendation_create(by=runner(), programme=taskforce, prerequisite="case_handling", text="Jura")
    assert rec.source == "analysis"
    assert len(selectors.programme_mappings(individual)) == 3
    assert len(selectors.programme_mappings(taskforce)) == 4


def test_mapping_summary_and_plan(individual, taskforce):
    services.mapping_save(
        by=runner(), programme=individual, prerequisite="housing", current_practice="Boligmøder hver uge"
    )
    services.mapping_save(by=runner(), programme=individual, prerequisite="housing", strengths="Godt samarbejde")
    mapping = PracticeMapping.objects.get()
    assert mapping.strengths == "Godt samarbejde" and mapping.current_practice == ""
    point = services.development_point_create(by=runner(), programme=taskforce, prerequisite="support", title="CTI")
    services.goal_create(by=runner(), point=point, text="Alle får CTI", due_on=datetime.date(2027, 9, 1))
    services.action_create(
        by=runner(), point=point, text="Uddan", owner="Teamleder", deadline=datetime.date(2020, 1, 1)
    )
    summary = selectors.development_summary(taskforce, today=datetime.date(2027, 1, 1))
    assert (summary.development_points, summary.goals, summary.actions, summary.actions_overdue) == (1, 1, 1, 1)
    assert summary.next_goal.text == "Alle får CTI"


def test_recommendation_of_another_programme_is_refused(individual, taskforce):
    rec = _recommendations(taskforce, 1)[0]
    with pytest.raises(ValidationError):
        services.development_point_create(
            by=runner(), programme=individual, prerequisite="housing", title="X", recommendation=rec
        )


def test_group_programme_has_no_development_work(advisor_client, group):
    assert advisor_client.get(reverse("development:programme", args=[group.pk])).status_code == 404
    assert advisor_client.get(f"/api/programmes/{group.pk}/recommendations").status_code == 404


def test_other_organisations_see_nothing(stranger_client, individual):
    rec = _recommendations(individual, 1)[0]
    point = services.development_point_create(
        by=runner(), programme=individual, prerequisite="housing", title="Boliger"
    )
    goal = services.goal_create(by=runner(), point=point, text="Mål", due_on=datetime.date(2027, 6, 1))
    for url in (
        reverse("development:programme", args=[individual.pk]),
        reverse("development:recommendation_edit", args=[rec.pk]),
        reverse("development:goal_edit", args=[goal.pk]),
        reverse("development:note_create", args=[goal.pk]),
        f"/api/programmes/{individual.pk}/development-points",
    ):
        assert stranger_client.get(url).status_code == 404, url


def test_the_coordinator_reads_sets_goal_status_and_writes_notes(
    coordinator_client, advisor_client, coordinator, individual
):
    point = services.development_point_create(
        by=runner(), programme=individual, prerequisite="housing", title="Boliger"
    )
    goal = services.goal_create(by=runner(), point=point, text="Mål", due_on=datetime.date(2027, 6, 1))
    page = coordinator_client.get(reverse("development:programme", args=[individual.pk]))
    assert page.status_code == 200 and "Boliger" in page.content.decode()
    assert coordinator_client.get(reverse("development:recommendation_create", args=[individual.pk])).status_code == 403
    assert coordinator_client.get(reverse("development:point_edit", args=[point.pk])).status_code == 403
    # Status only: the form has no text field.
    response = coordinator_client.get(reverse("development:goal_edit", args=[goal.pk]))
    assert response.status_code == 200 and 'name="text"' not in response.content.decode()
    coordinator_client.post(reverse("development:goal_edit", args=[goal.pk]), {"status": "reached"})
    goal.refresh_from_db()
    assert goal.status == GoalStatus.REACHED
    # A progress note, then the advisor's comment; the advisor does not write notes.
    response = coordinator_client.post(
        reverse("development:note_create", args=[goal.pk]), {"written_on": "2027-04-01", "text": "Vi er i gang"}
    )
    assert response.status_code == 302
    note = ProgressNote.objects.get()
    assert note.author == coordinator
    assert advisor_client.get(reverse("development:note_create", args=[goal.pk])).status_code == 403
    advisor_client.post(reverse("development:note_comment", args=[note.pk]), {"comment": "Flot"})
    note.refresh_from_db()
    assert note.comment == "Flot"
    assert coordinator_client.get(reverse("development:note_comment", args=[note.pk])).status_code == 403


def test_bad_input_keeps_the_text(advisor_client, individual):
    point = services.development_point_create(
        by=runner(), programme=individual, prerequisite="housing", title="Boliger"
    )
    response = advisor_client.post(
        reverse("development:goal_create", args=[point.pk]), {"text": "Ingen venter over 30 dage", "status": "open"}
    )
    assert response.status_code == 200
    content = response.content.decode()
    assert "Ingen venter over 30 dage" in content and "Dette felt er påkrævet." in content
    assert not Goal.objects.exists()
    response = advisor_client.post(
        reverse("development:recommendation_create", args=[individual.pk]),
        {"prerequisite": "case_handling", "text": "Jura"},
    )
    assert response.status_code == 200 and "Jura" in response.content.decode()
    assert not Recommendation.objects.exists()


def test_advisor_page_flow(advisor_client, individual):
    url = reverse("development:mapping_edit", args=[individual.pk, "housing"])
    response = advisor_client.post(url, {"current_practice": "Boligmøder", "strengths": "", "challenges": ""})
    assert response.status_code == 302
    for text in ("Første", "Anden"):
        advisor_client.post(
            reverse("development:recommendation_create", args=[individual.pk]),
            {"prerequisite": "support", "text": text, "justification": "Fordi"},
        )
    second = Recommendation.objects.get(text="Anden")
    advisor_client.post(reverse("development:recommendation_move", args=[second.pk]), {"direction": "up"})
    assert [r.text for r in selectors.programme_recommendations(individual)] == ["Anden", "Første"]
    response = advisor_client.get(
        reverse("development:point_create", args=[individual.pk]) + f"?recommendation={second.pk}"
    )
    assert "Anden" in response.content.decode()
    response = advisor_client.post(
        reverse("development:point_create", args=[individual.pk]),
        {"prerequisite": "support", "title": "Støtte", "description": "", "recommendation": second.pk},
    )
    point = DevelopmentPoint.objects.get()
    assert point.recommendation == second
    assert response["Location"] == reverse("development:goal_create", args=[point.pk])
    response = advisor_client.post(reverse("development:point_delete", args=[point.pk]))
    assert response.status_code == 302 and not DevelopmentPoint.objects.exists()
    assert advisor_client.get(reverse("development:plan", args=[individual.pk])).status_code == 404


def test_the_taskforce_member_runs_the_development_plan(taskforce_member, taskforce, individual):
    from django.test import Client

    client = Client()
    client.force_login(taskforce_member)
    point = services.development_point_create(
        by=runner(), programme=taskforce, prerequisite="case_handling", title="Jura"
    )
    response = client.post(
        reverse("development:action_create", args=[point.pk]),
        {"text": "Gennemgå sager", "owner": "Teamleder", "deadline": "2020-01-01", "status": "planned"},
    )
    assert response.status_code == 302
    page = client.get(reverse("development:plan", args=[taskforce.pk])).content.decode()
    assert "Gennemgå sager" in page and "Fristen er passeret" in page
    assert client.get(reverse("development:programme", args=[individual.pk])).status_code == 404


def test_the_section_tag(coordinator, stranger, individual, group):
    services.development_point_create(by=runner(), programme=individual, prerequisite="housing", title="Boliger")
    template = Template("{% load development_tags %}{% development_section programme %}")
    request = RequestFactory().get("/")
    request.user = coordinator
    html = template.render(Context({"request": request, "programme": individual}))
    assert reverse("development:programme", args=[individual.pk]) in html and "<h2" in html
    assert template.render(Context({"request": request, "programme": group})).strip() == ""
    request.user = stranger
    assert template.render(Context({"request": request, "programme": individual})).strip() == ""


def test_api(advisor_client, coordinator_client, individual):
    base = f"/api/programmes/{individual.pk}"
    response = advisor_client.put(
        f"{base}/mappings/housing", {"current_practice": "Boligmøder"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["current_practice"] == "Boligmøder"
    assert len(coordinator_client.get(f"{base}/mappings").json()) == 3
    ids = []
    for text in ("A", "B"):
        response = advisor_client.post(
            f"{base}/recommendations", {"prerequisite": "housing", "text": text}, content_type="application/json"
        )
        assert response.status_code == 201
        ids.append(response.json()["id"])
    response = advisor_client.put(f"{base}/recommendations/order", {"ids": ids[::-1]}, content_type="application/json")
    assert [r["text"] for r in response.json()] == ["B", "A"]
    response = advisor_client.put(f"{base}/recommendations/order", {"ids": [ids[0]]}, content_type="application/json")
    assert response.status_code == 400 and "ids" in response.json()["errors"]
    response = advisor_client.post(
        f"{base}/development-points",
        {"prerequisite": "housing", "title": "Boliger", "recommendation_id": ids[0]},
        content_type="application/json",
    )
    assert response.status_code == 201
    point_id = response.json()["id"]
    response = advisor_client.post(
        f"{base}/development-points/{point_id}/goals", {"text": "Mål"}, content_type="application/json"
    )
    assert response.status_code == 422 and response.json()["errors"]["due_on"] == ["Dette felt er påkrævet."]
    response = advisor_client.post(
        f"{base}/development-points/{point_id}/goals",
        {"text": "Mål", "due_on": "2027-06-01"},
        content_type="application/json",
    )
    goal_id = response.json()["id"]
    assert (
        coordinator_client.patch(
            f"{base}/goals/{goal_id}", {"text": "Andet"}, content_type="application/json"
        ).status_code
        == 403
    )
    response = coordinator_client.patch(
        f"{base}/goals/{goal_id}", {"status": "reached"}, content_type="application/json"
    )
    assert response.status_code == 200 and response.json()["status"] == "reached"
    response = coordinator_client.post(
        f"{base}/goals/{goal_id}/progress-notes",
        {"written_on": "2027-04-01", "text": "Godt"},
        content_type="application/json",
    )
    assert response.status_code == 201
    note_id = response.json()["id"]
    response = advisor_client.patch(
        f"{base}/progress-notes/{note_id}", {"comment": "Fint"}, content_type="application/json"
    )
    assert response.json()["comment"] == "Fint"
    assert advisor_client.get(f"{base}/development-plan").status_code == 404  # individual: no development plan
    assert coordinator_client.delete(f"{base}/development-points/{point_id}").status_code == 403
    assert advisor_client.delete(f"{base}/development-points/{point_id}").status_code == 204


def test_api_development_plan(taskforce_member, taskforce):
    from django.test import Client

    client = Client()
    client.force_login(taskforce_member)
    point = services.development_point_create(by=runner(), programme=taskforce, prerequisite="housing", title="Boliger")
    base = f"/api/programmes/{taskforce.pk}"
    response = client.post(
        f"{base}/development-points/{point.pk}/actions",
        {"text": "Aftale med boligselskab", "owner": "0101011234", "deadline": "2027-05-01"},
        content_type="application/json",
    )
    assert response.status_code == 400 and "owner" in response.json()["errors"]
    response = client.post(
        f"{base}/development-points/{point.pk}/actions",
        {"text": "Aftale med boligselskab", "owner": "Boligchef", "deadline": "2027-05-01"},
        content_type="application/json",
    )
    assert response.status_code == 201
    action_id = response.json()["id"]
    response = client.patch(
        f"{base}/development-actions/{action_id}", {"status": "done"}, content_type="application/json"
    )
    assert response.json()["status"] == "done" and response.json()["overdue"] is False
    plan = client.get(f"{base}/development-plan").json()
    assert plan[0]["actions"][0]["owner"] == "Boligchef"
    other = factories.coordinator_of(factories.MunicipalityFactory())
    client.force_login(other)
    assert client.get(f"{base}/development-plan").status_code == 404

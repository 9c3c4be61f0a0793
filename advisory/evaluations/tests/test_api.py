"""The evaluation endpoints: the questions, answering once (409 after), aggregates for advisors."""

from __future__ import annotations

import json

import pytest

from advisory.evaluations.models import EvaluationResponse
from advisory.evaluations.tests.conftest import client_for, held
from tests.helpers import danish

pytestmark = pytest.mark.django_db


def url(activity) -> str:
    return f"/api/activities/{activity.pk}/evaluation"


def post(client, activity, body):
    return client.post(url(activity), json.dumps(body), content_type="application/json")


def test_the_participant_gets_the_questions_and_may_answer(participant_client, kickoff):
    body = participant_client.get(url(kickoff)).json()
    assert body["may_answer"] is True and body["has_answered"] is False and body["state"] == "open"
    assert [q["key"] for q in body["questions"]] == ["sparring", "useful", "comment"]
    assert body["questions"][0]["text"] == danish("I got relevant sparring and input for our development work")
    assert body["questions"][0]["scale"] == [1, 2, 3, 4, 5]


def test_answer_once_then_409_in_danish(participant_client, kickoff):
    first = post(participant_client, kickoff, {"sparring": 4, "useful": 5, "comment": "Fint"})
    assert first.status_code == 201, first.content
    second = post(participant_client, kickoff, {"sparring": 1, "useful": 1})
    assert second.status_code == 409
    assert second.json()["detail"] == danish("You have already answered the evaluation of this meeting.")
    assert EvaluationResponse.objects.count() == 1
    assert participant_client.get(url(kickoff)).json()["has_answered"] is True


def test_a_missing_or_wrong_score_is_refused_in_danish(participant_client, kickoff):
    missing = post(participant_client, kickoff, {"useful": 5})
    assert missing.status_code == 400
    assert missing.json()["errors"]["sparring"] == [danish("Choose an answer from 1 to 5.")]
    assert post(participant_client, kickoff, {"sparring": 9, "useful": 5}).status_code == 400
    assert post(participant_client, kickoff, {"sparring": "meget", "useful": 5}).status_code == 422
    assert not EvaluationResponse.objects.exists()


def test_closed_and_not_participant_are_403(participant_client, kickoff, coordinator_client, advisor_client):
    assert post(coordinator_client, kickoff, {"sparring": 4, "useful": 4}).status_code == 403
    assert post(advisor_client, kickoff, {"sparring": 4, "useful": 4}).status_code == 403
    held(kickoff, 40)
    closed = post(participant_client, kickoff, {"sparring": 4, "useful": 4})
    assert closed.status_code == 403
    assert closed.json()["detail"] == danish("The evaluation of this meeting is closed.")


def test_programme_aggregates_for_advisors_only(group, participant_client, kickoff, advisor_client, coordinator):
    post(participant_client, kickoff, {"sparring": 4, "useful": 3, "comment": "Godt"})
    body = advisor_client.get(f"/api/programmes/{group.pk}/evaluations").json()
    meeting = next(m for m in body["meetings"] if m["activity_id"] == kickoff.pk)
    assert meeting["answered"] == 1 and meeting["invited"] == 1
    assert meeting["sparring_met"] is False and meeting["too_few_answers"] is True  # one answer says too little
    assert meeting["questions"]["sparring"] == {"mean": 4.0, "distribution": {"1": 0, "2": 0, "3": 0, "4": 1, "5": 0}}
    assert meeting["comments"] == ["Godt"]
    assert body["total"]["answered"] == 1
    assert client_for(coordinator).get(f"/api/programmes/{group.pk}/evaluations").status_code == 403

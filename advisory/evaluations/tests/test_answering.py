"""Answering: who may, when, once; the form keeps the input on error; the answer cannot be traced to its author."""

from __future__ import annotations

import json
from unittest import mock

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import reverse

from advisory.evaluations import selectors, services
from advisory.evaluations.models import EvaluationAnswer, EvaluationReceipt, EvaluationResponse
from advisory.evaluations.tests.conftest import book, client_for, held
from tests import factories
from tests.helpers import danish, parse_html

pytestmark = pytest.mark.django_db


def answer_url(activity) -> str:
    return reverse("evaluations:answer", args=[activity.pk])


GOOD = {"sparring": "5", "useful": "4", "comment": "Godt at høre om de andres prøvehandlinger."}


# --- Anonymity -----------------------------------------------------------------------------------


@pytest.mark.parametrize("model", [EvaluationResponse, EvaluationAnswer])
def test_an_answer_has_no_field_that_leads_to_a_person_an_organisation_or_a_time(model) -> None:
    allowed_targets = {"programmes.Activity", "evaluations.EvaluationResponse"}
    for field in model._meta.concrete_fields:
        if field.is_relation:
            assert field.related_model._meta.label in allowed_targets, field
        assert not isinstance(field, models.DateField | models.DateTimeField | models.TimeField), field
        assert not isinstance(field, models.AutoField | models.BigAutoField), "a counter follows the order of answers"


def test_the_receipt_does_not_point_to_the_answer() -> None:
    related = [f.related_model for f in EvaluationReceipt._meta.concrete_fields if f.is_relation]
    assert None not in related
    targets = {model._meta.label for model in related if model is not None}
    assert "evaluations.EvaluationResponse" not in targets


def test_answering_writes_a_receipt_and_an_answer_and_the_audit_log_names_only_the_receipt(
    participant_client, participant, kickoff, municipality
):
    response = participant_client.post(answer_url(kickoff), GOOD)
    assert response.status_code == 302
    answer = EvaluationResponse.objects.get()
    receipt = EvaluationReceipt.objects.get()
    assert (receipt.user, receipt.organisation, receipt.activity) == (participant, municipality, kickoff)
    assert dict(answer.answers.values_list("question", "score").exclude(score=None)) == {"sparring": 5, "useful": 4}
    for model in (EvaluationResponse, EvaluationAnswer):
        assert not LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(model)).exists()
    everything_logged = json.dumps(
        list(LogEntry.objects.values_list("changes", "object_repr", "object_pk")), default=str
    )
    assert str(answer.pk) not in everything_logged
    assert "prøvehandlinger" not in everything_logged
    assert LogEntry.objects.filter(content_type=ContentType.objects.get_for_model(EvaluationReceipt)).exists()


# --- Eligibility and closing ---------------------------------------------------------------------


def test_the_participant_sees_the_questions_as_fieldsets_with_legends(participant_client, kickoff):
    response = participant_client.get(answer_url(kickoff))
    assert response.status_code == 200
    document = parse_html(response.content)
    legends = [e.text for e in document.find_all("legend")]
    assert any(danish("I got relevant sparring and input for our development work") in text for text in legends)
    assert any(danish("The meeting was useful for our local work") in text for text in legends)
    page = response.content.decode()
    assert f"1 – {danish('Strongly disagree')}" in page and f"5 – {danish('Strongly agree')}" in page
    assert 'type="radio"' in page


def test_someone_not_booked_cannot_answer(kickoff, coordinator):
    client = client_for(coordinator)
    response = client.get(answer_url(kickoff))
    assert response.status_code == 403
    assert danish("Only people booked for the meeting can answer its evaluation.") in response.content.decode()
    assert client.post(answer_url(kickoff), GOOD).status_code == 403
    assert not EvaluationResponse.objects.exists()


def test_someone_recorded_as_absent_cannot_answer(kickoff, municipality):
    user = factories.member_of(municipality)
    book(kickoff, user, municipality, attended=False)
    assert client_for(user).post(answer_url(kickoff), GOOD).status_code == 403
    assert not EvaluationResponse.objects.exists()


def test_an_advisor_does_not_answer(kickoff, advisor, advisor_client):
    response = advisor_client.post(answer_url(kickoff), GOOD)
    assert response.status_code == 403
    assert danish("Advisors do not answer the evaluation; they see the results.") in response.content.decode()


def test_another_organisation_outside_the_programme_gets_404(kickoff, other_municipality):
    outsider = factories.coordinator_of(factories.MunicipalityFactory())
    assert client_for(outsider).get(answer_url(kickoff)).status_code == 404


def test_a_call_or_a_local_period_is_not_evaluated(group, coordinator):
    call = group.activities.filter(scope="per_organisation").first()
    assert client_for(coordinator).get(answer_url(call)).status_code == 404


def test_not_open_before_the_meeting(participant_client, participant, kickoff):
    held(kickoff, -3)
    response = participant_client.post(answer_url(kickoff), GOOD)
    assert response.status_code == 200
    assert danish("The evaluation opens on the day of the meeting.") in response.content.decode()
    assert not EvaluationResponse.objects.exists()


@pytest.mark.parametrize(("days_ago", "state"), [(0, "open"), (30, "open"), (31, "closed")])
def test_open_from_the_meeting_day_closed_after_30_days(participant, kickoff, days_ago, state):
    held(kickoff, days_ago)
    assert selectors.state_for(kickoff, participant) == state


def test_closed_after_30_days_says_so(participant_client, kickoff):
    held(kickoff, 31)
    response = participant_client.post(answer_url(kickoff), GOOD)
    assert danish("The evaluation of this meeting is closed.") in response.content.decode()
    assert not EvaluationResponse.objects.exists()


# --- Once ----------------------------------------------------------------------------------------


def test_after_answering_a_thank_you_and_no_second_answer(participant_client, kickoff):
    participant_client.post(answer_url(kickoff), GOOD)
    page = participant_client.get(answer_url(kickoff)).content.decode()
    assert danish("Thank you for your answer") in page
    assert '<form method="post" novalidate>' not in page
    again = participant_client.post(answer_url(kickoff), GOOD)
    assert danish("You have already answered the evaluation of this meeting. Thank you.") in again.content.decode()
    assert EvaluationResponse.objects.count() == 1


def test_two_answers_at_the_same_moment_give_one(participant, kickoff):
    """Both requests passed the "not answered yet" check; the unique receipt lets only one through."""
    services.evaluation_answer(by=participant, activity=kickoff, answers={"sparring": 4, "useful": 4})
    with (
        mock.patch.object(selectors, "state_for", return_value=selectors.State.OPEN),
        pytest.raises(services.AlreadyAnswered),
    ):
        services.evaluation_answer(by=participant, activity=kickoff, answers={"sparring": 1, "useful": 1})
    assert EvaluationResponse.objects.count() == 1
    assert EvaluationAnswer.objects.filter(score=1).count() == 0


# --- The form keeps the input --------------------------------------------------------------------


def test_without_a_choice_the_form_comes_back_with_the_input_and_a_danish_message(participant_client, kickoff):
    response = participant_client.post(answer_url(kickoff), {"useful": "4", "comment": "Tak for i dag"})
    assert response.status_code == 200
    page = response.content.decode()
    assert danish("Choose an answer from 1 to 5.") in page
    document = parse_html(response.content)
    checked = [e.get("value") for e in document.find_all("input") if e.get("name") == "useful" and "checked" in e.attrs]
    assert checked == ["4"]
    assert "Tak for i dag" in page
    assert 'aria-invalid="true"' in page
    assert not EvaluationResponse.objects.exists() and not EvaluationReceipt.objects.exists()


def test_a_cpr_number_in_the_comment_is_refused_and_kept(participant_client, kickoff):
    response = participant_client.post(answer_url(kickoff), {**GOOD, "comment": "Borger 010203-1234 var glad"})
    assert response.status_code == 200
    assert "010203-1234" in response.content.decode()
    assert not EvaluationResponse.objects.exists()


def test_a_value_outside_the_scale_is_refused(participant_client, kickoff):
    response = participant_client.post(answer_url(kickoff), {**GOOD, "sparring": "7"})
    assert response.status_code == 200
    assert danish("Choose an answer from 1 to 5.") in response.content.decode()
    assert not EvaluationResponse.objects.exists()


def test_the_comment_is_optional(participant_client, kickoff):
    assert participant_client.post(answer_url(kickoff), {"sparring": "3", "useful": "2"}).status_code == 302
    assert not EvaluationAnswer.objects.filter(question="comment").exists()


def test_the_meeting_panel_offers_the_link_then_thanks(participant, kickoff, advisor):
    panel = selectors.activity_panel(kickoff, participant)
    assert panel is not None and panel.is_open and panel.summary is None
    services.evaluation_answer(by=participant, activity=kickoff, answers={"sparring": 4, "useful": 4})
    assert selectors.activity_panel(kickoff, participant).state == selectors.State.ANSWERED
    advisors_panel = selectors.activity_panel(kickoff, advisor)
    assert advisors_panel is not None and advisors_panel.summary.answered == 1


def test_the_panel_renders_for_both(participant, kickoff, advisor, rf):
    from django.template import Context, Template

    template = Template("{% load evaluation_tags %}{% activity_evaluation activity %}")
    for user, text in ((participant, danish("Answer the evaluation")), (advisor, danish("Mean"))):
        request = rf.get("/")
        request.user = user
        assert text in template.render(Context({"request": request, "activity": kickoff}))

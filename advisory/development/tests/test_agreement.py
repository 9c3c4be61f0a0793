"""The collaboration agreement: produced from the records, signed (the plan reflows), reopened, downloaded."""

from __future__ import annotations

import datetime
import io
import json

import docx
import pytest
from dateutil.relativedelta import relativedelta
from django.test import Client
from django.urls import reverse

from advisory.development import agreements
from advisory.development.models import AgreementStatus, CollaborationAgreement, DevelopmentPoint, Goal
from advisory.development.prerequisites import Prerequisite
from tests import factories
from tests.helpers import danish, parse_html

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _records(programme):
    second = DevelopmentPoint.objects.create(
        programme=programme, prerequisite=Prerequisite.SUPPORT, title="Bostøtte efter CTI", position=2
    )
    first = DevelopmentPoint.objects.create(
        programme=programme, prerequisite=Prerequisite.HOUSING, title="Boligmøder hver uge", position=1
    )
    Goal.objects.create(development_point=first, text="Alle får tilbudt en bolig", due_on=datetime.date(2028, 1, 1))
    Goal.objects.create(development_point=first, text="Fast boligmøde", due_on=datetime.date(2027, 9, 1), position=0)
    Goal.objects.create(development_point=second, text="CTI til alle", due_on=datetime.date(2028, 3, 1))
    return first, second


def test_content_comes_from_the_records_in_their_order(individual):
    _records(individual)
    content = agreements.agreement_content(individual)
    assert [p.title for p in content.development_points] == ["Boligmøder hver uge", "Bostøtte efter CTI"]
    assert [g.text for g in content.development_points[0].goals] == ["Fast boligmøde", "Alle får tilbudt en bolig"]
    assert {r.title for r in content.roles} == {
        "Kommunens / § 110-boformens rolle og opgaver",
        "Social- og Boligstyrelsens rådgivningsfunktions rolle og opgaver",
    }
    assert all(r.tasks for r in content.roles)
    keys = [a.key for a in content.activities]
    assert "agreement_signed" in keys and "closing_meeting" in keys
    assert [p.key for p in content.parties] == ["organisation", "agency"]
    assert content.parties[0].name == "Aarhus"
    signed_planned = individual.activities.get(key="agreement_signed").starts_on
    assert content.period_start == signed_planned and content.period_planned
    assert content.period_end == signed_planned + relativedelta(months=18) - datetime.timedelta(days=1)


def test_taskforce_agreement_has_three_parties_and_data_collection(taskforce, taskforce_member):
    agreements.agreement_update(
        by=taskforce.advisors.first(), programme=taskforce, data_collection="Sagsgennemgang af 40 sager"
    )
    content = agreements.agreement_content(taskforce)
    assert [p.key for p in content.parties] == ["organisation", "agency", "appeals_agency"]
    assert content.parties[2].name == "Ankestyrelsen"
    assert str(taskforce_member) in content.parties[2].people
    # Seed 004: the analysis and the work are the two agencies' together, one role (not split legal / social).
    assert len(content.roles) == 2
    joint = content.roles[1]
    assert joint.party == "Social- og Boligstyrelsen og Ankestyrelsen"
    assert "socialfaglig, juridisk og organisatorisk analyse" in joint.tasks[0]
    assert content.data_collection == "Sagsgennemgang af 40 sager"


def test_the_agreement_period_comes_from_the_template(taskforce, individual):
    # Taskforce: until two years after the programme's start, from the planned date of its agreement milestone.
    start, end, planned = agreements.agreement_period(taskforce, agreements.agreement_for(taskforce))
    assert start == taskforce.activities.get(key="collaboration_agreement").starts_on and planned
    assert end == datetime.date(2027, 3, 1) + relativedelta(months=24) - datetime.timedelta(days=1)
    # A template version with other terms gives another period: the number is the template's, not the code's.
    version = individual.template_version
    version.spec = {**version.spec, "agreement": {**version.spec["agreement"], "months": 12}}
    version.save()
    signed_planned = individual.activities.get(key="agreement_signed").starts_on
    _start, end, _planned = agreements.agreement_period(individual, agreements.agreement_for(individual))
    assert end == signed_planned + relativedelta(months=12) - datetime.timedelta(days=1)


def test_signing_an_individual_agreement_sets_the_anchor_and_reflows(individual):
    _records(individual)
    closing_before = individual.activities.get(key="closing_meeting").starts_on
    planned = individual.activities.get(key="agreement_signed").starts_on
    signed_on = planned + datetime.timedelta(days=28)
    agreement, result = agreements.agreement_sign(
        by=individual.advisors.first(),
        programme=individual,
        signed_on=signed_on,
        signed_by_organisation="Anne, direktør",
        signed_by_agency="Rikke",
    )
    assert agreement.status == AgreementStatus.SIGNED and agreement.signed_on == signed_on
    individual.refresh_from_db()
    assert individual.activities.get(key="agreement_signed").starts_on == signed_on
    anchoring = individual.activities.get(key="anchoring_start").starts_on
    closing = individual.activities.get(key="closing_meeting").starts_on
    assert closing > closing_before
    assert closing <= signed_on + relativedelta(months=18)
    assert anchoring > signed_on + relativedelta(months=14)
    assert any(c.key == "closing_meeting" for c in result.changes)
    start, end, planned_flag = agreements.agreement_period(individual, agreement)
    assert (start, end, planned_flag) == (
        signed_on,
        signed_on + relativedelta(months=18) - datetime.timedelta(days=1),
        False,
    )


def test_signed_is_read_only_until_reopened(individual):
    _records(individual)
    agreements.agreement_sign(
        by=individual.advisors.first(),
        programme=individual,
        signed_on=datetime.date(2027, 6, 1),
        signed_by_organisation="A",
        signed_by_agency="B",
    )
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        agreements.agreement_update(by=individual.advisors.first(), programme=individual, notes="Ny note")
    reopened = agreements.agreement_reopen(by=individual.advisors.first(), programme=individual)
    assert reopened.status == AgreementStatus.DRAFT and reopened.version == 2
    agreements.agreement_update(by=individual.advisors.first(), programme=individual, notes="Ny note")
    assert CollaborationAgreement.objects.get(programme=individual).notes == "Ny note"


def test_signing_before_the_start_is_refused(individual):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError) as info:
        agreements.agreement_sign(
            by=individual.advisors.first(),
            programme=individual,
            signed_on=datetime.date(2026, 1, 1),
            signed_by_organisation="A",
            signed_by_agency="B",
        )
    assert "signed_on" in info.value.message_dict


def test_page_shows_the_agreement_and_the_period(individual, advisor):
    _records(individual)
    response = _client(advisor).get(reverse("development:agreement", args=[individual.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Boligmøder hver uge" in page and "Fast boligmøde" in page
    assert "Kommunens / § 110-boformens rolle og opgaver" in page
    assert 'style="' not in page
    document = parse_html(page)
    assert document.by_id("agreement-period") is not None


def test_document_downloads_and_opens(individual, advisor):
    _records(individual)
    response = _client(advisor).get(reverse("development:agreement_document", args=[individual.pk]))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert ".docx" in response["Content-Disposition"]
    opened = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in opened.paragraphs)
    assert "Boligmøder hver uge" in text and "Fast boligmøde" in text
    assert "Rådgivningsfunktionens" in text or "rådgivningsfunktions" in text
    cells = [c.text for row in opened.tables[0].rows for c in row.cells]
    assert "Afslutning og evaluering" in cells


def test_document_leaves_out_characters_word_cannot_store(individual, advisor):
    """Control characters typed or pasted into the records (a vertical tab, a backspace, an escape) have no place
    in a Word file: the document leaves them out instead of failing with a server error."""
    first, _second = _records(individual)
    first.title = "Bolig\x0bmøder\x1b hver uge"
    first.save()
    first.goals.filter(text="Fast boligmøde").update(text="Fast\x08 boligmøde\x7f")
    response = _client(advisor).get(reverse("development:agreement_document", args=[individual.pk]))
    assert response.status_code == 200
    opened = docx.Document(io.BytesIO(b"".join(response.streaming_content)))
    text = "\n".join(p.text for p in opened.paragraphs)
    assert "Boligmøder hver uge" in text
    assert "Fast boligmøde\x7f" in text  # DEL is allowed in XML


def test_sign_page_missing_date_gives_a_danish_message_and_keeps_the_input(individual, advisor):
    url = reverse("development:agreement_sign", args=[individual.pk])
    response = _client(advisor).post(url, {"signed_by_organisation": "Anne Hansen", "signed_by_agency": "Rikke"})
    assert response.status_code == 200
    page = response.content.decode()
    assert danish("Enter the date the agreement was signed.") in page
    assert "Anne Hansen" in page
    assert not CollaborationAgreement.objects.filter(programme=individual, status="signed").exists()


def test_sign_through_the_pages_with_confirmation(individual, advisor):
    _records(individual)
    client = _client(advisor)
    url = reverse("development:agreement_sign", args=[individual.pk])
    data = {"signed_on": "2027-06-15", "signed_by_organisation": "Anne", "signed_by_agency": "Rikke"}
    preview = client.post(url, data)
    assert preview.status_code == 200 and b'value="confirm"' in preview.content
    assert not CollaborationAgreement.objects.filter(programme=individual).exists()
    done = client.post(url, {**data, "action": "confirm"})
    assert done.status_code == 302
    assert individual.activities.get(key="agreement_signed").starts_on == datetime.date(2027, 6, 15)
    reopen = reverse("development:agreement_reopen", args=[individual.pk])
    assert client.post(reopen, {}).status_code == 200  # the confirmation is required
    assert client.post(reopen, {"confirm": "on"}).status_code == 302
    assert CollaborationAgreement.objects.get(programme=individual).version == 2


def test_access(individual, group, coordinator, stranger, advisor):
    url = reverse("development:agreement", args=[individual.pk])
    assert _client(coordinator).get(url).status_code == 200
    assert _client(stranger).get(url).status_code == 404
    assert _client(advisor).get(reverse("development:agreement", args=[group.pk])).status_code == 404
    assert _client(coordinator).get(reverse("development:agreement_sign", args=[individual.pk])).status_code == 403
    member = factories.member_of(individual.organisations.first())
    assert _client(member).get(url).status_code == 200


def test_taskforce_member_runs_their_taskforce_agreement(taskforce, taskforce_member):
    client = _client(taskforce_member)
    url = reverse("development:agreement_edit", args=[taskforce.pk])
    response = client.post(url, {"data_collection": "Interviews med 10 medarbejdere", "notes": ""})
    assert response.status_code == 302
    assert CollaborationAgreement.objects.get(programme=taskforce).data_collection == "Interviews med 10 medarbejdere"


def test_api_agreement(individual, advisor, coordinator):
    _records(individual)
    client = _client(advisor)
    base = f"/api/programmes/{individual.pk}/agreement"
    body = client.get(base).json()
    assert body["status"] == "draft" and body["development_points"][0]["title"] == "Boligmøder hver uge"
    bad = client.post(
        f"{base}/sign",
        json.dumps({"signed_by_organisation": "A", "signed_by_agency": "B"}),
        content_type="application/json",
    )
    assert bad.status_code == 422 and bad.json()["errors"]["signed_on"] == [danish("This field is required.")]
    signed = client.post(
        f"{base}/sign",
        json.dumps({"signed_on": "2027-06-15", "signed_by_organisation": "A", "signed_by_agency": "B"}),
        content_type="application/json",
    )
    assert signed.status_code == 200, signed.content
    assert signed.json()["status"] == "signed" and signed.json()["changes"]
    again = client.patch(base, json.dumps({"notes": "x"}), content_type="application/json")
    assert again.status_code == 400 and again.json()["errors"]["__all__"] == [
        danish("The agreement is signed. Reopen it to change it.")
    ]
    assert client.post(f"{base}/reopen").json()["version"] == 2
    document = client.get(f"{base}/document")
    assert document.status_code == 200 and docx.Document(io.BytesIO(b"".join(document.streaming_content)))
    coordinator_client = _client(coordinator)
    assert coordinator_client.get(base).status_code == 200
    assert coordinator_client.post(f"{base}/reopen").status_code == 403


# --- seed 001: "Efter fastlæggelse af mål for indsatsen indgås en samarbejdsaftale" (issue 14) ------------------


NO_GOAL_DA = danish(
    "The agreement cannot be signed yet: first choose at least one development point and set a goal for it. The "
    "agreement is entered into once the goals of the effort have been set."
)


def _sign(programme, **extra):
    return agreements.agreement_sign(
        by=programme.advisors.first(),
        programme=programme,
        signed_on=datetime.date(2027, 6, 1),
        signed_by_organisation="Anne",
        signed_by_agency="Rikke",
        **extra,
    )


def test_an_individual_agreement_is_not_signed_before_a_development_point_has_a_goal(individual):
    from django.core.exceptions import NON_FIELD_ERRORS, ValidationError

    with pytest.raises(ValidationError) as refused:
        _sign(individual)
    assert refused.value.message_dict[NON_FIELD_ERRORS] == [NO_GOAL_DA]
    point = DevelopmentPoint.objects.create(
        programme=individual, prerequisite=Prerequisite.HOUSING, title="Boligmøder", position=1
    )
    with pytest.raises(ValidationError):  # a point without a goal is not enough
        _sign(individual)
    assert not CollaborationAgreement.objects.filter(programme=individual, status="signed").exists()
    Goal.objects.create(development_point=point, text="Fast boligmøde", due_on=datetime.date(2027, 9, 1))
    agreement, _result = _sign(individual)
    assert agreement.status == AgreementStatus.SIGNED


def test_a_taskforce_agreement_comes_before_the_development_points(taskforce):
    """Seed 004: the agreement is made in Forberedelse, the points are chosen after the analysis."""
    agreement, _result = _sign(taskforce, signed_by_appeals_agency="Karen")
    assert agreement.status == AgreementStatus.SIGNED


def test_the_pages_say_why_the_agreement_cannot_be_signed_yet(individual, advisor):
    client = _client(advisor)
    page = parse_html(client.get(reverse("development:agreement", args=[individual.pk])).content.decode())
    assert danish("The agreement cannot be signed yet") in page.by_id("signing-blockers").text
    url = reverse("development:agreement_sign", args=[individual.pk])
    assert b'id="signing-blockers"' in client.get(url).content
    data = {"signed_on": "2027-06-15", "signed_by_organisation": "Anne Hansen", "signed_by_agency": "Rikke"}
    for step in ({}, {"action": "confirm"}):
        response = client.post(url, {**data, **step})
        assert response.status_code == 200 and b'value="confirm"' not in response.content
        assert NO_GOAL_DA in response.content.decode()
        assert "Anne Hansen" in response.content.decode()
    assert not CollaborationAgreement.objects.filter(programme=individual, status="signed").exists()
    _records(individual)
    page = client.get(reverse("development:agreement", args=[individual.pk])).content
    assert b'id="signing-blockers"' not in page


def test_the_api_refuses_the_signing_before_a_goal_with_a_danish_400(individual, advisor):
    url = f"/api/programmes/{individual.pk}/agreement/sign"
    data = {"signed_on": "2027-06-15", "signed_by_organisation": "Anne", "signed_by_agency": "Rikke"}
    response = _client(advisor).post(url, data, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"] == [NO_GOAL_DA]
    _records(individual)
    assert _client(advisor).post(url, data, content_type="application/json").status_code == 200

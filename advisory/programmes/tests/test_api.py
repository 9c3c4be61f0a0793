"""The programmes API: preview, create, read, reflow, activity updates, and who may do them."""

import datetime
import json

import pytest
from django.test import Client

from advisory.accounts.models import User
from advisory.demo.demo import demo_data_load
from advisory.organisations.models import Organisation
from advisory.organisations.services import reference_data_load
from advisory.programmes.models import Programme, TemplateVersion


@pytest.mark.django_db
def test_plan_preview_programme_create_reflow_and_activity_update_through_the_api():
    reference_data_load()
    demo_data_load()
    c = Client()
    c.force_login(User.objects.get(email="raadgiver@example.dk"))
    v = TemplateVersion.objects.get(template__kind="group")
    r = c.post(
        "/api/plans/preview",
        json.dumps({"template_version_id": v.pk, "anchors": {"acceptance": "2027-01-31"}}),
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["violations"] == [] and r.json()["activities"][0]["key"] == "expectations_call"
    r = c.post(
        "/api/plans/preview", json.dumps({"template_version_id": v.pk, "anchors": {}}), content_type="application/json"
    )
    assert r.status_code == 400, r.content
    assert "der mangler en dato for acceptance" in r.json()["errors"]["anchors"][0]
    r = c.get("/api/programmes")
    assert r.status_code == 200, r.content
    assert r.json()["count"] == 3
    p = Programme.objects.get(kind="group")
    # Two weeks after where the demo (dated from today) put it: a fixed date was the kickoff's own on some days.
    moved = (p.activities.get(key="kickoff").starts_on + datetime.timedelta(days=14)).isoformat()
    r = c.get(f"/api/programmes/{p.pk}")
    assert r.status_code == 200, r.content
    assert r.json()["phase"] in {"prepare", "change", "anchor", "follow_up", "completed"}
    r = c.post(
        f"/api/programmes/{p.pk}/reflow/preview",
        json.dumps({"moved": {"kickoff": moved}}),
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    # Each organisation's own expectations call follows the kickoff.
    changed = {c["key"] for c in r.json()["changes"]}
    assert {f"expectations_call-org{o.pk}" for o in p.organisations.all()} <= changed
    r = c.post(
        f"/api/programmes/{p.pk}/reflow/apply",
        json.dumps({"moved": {"kickoff": moved}}),
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    r = c.patch(
        f"/api/programmes/{p.pk}/activities/kickoff",
        json.dumps({"done": True, "location": "Teams"}),
        content_type="application/json",
    )
    assert r.status_code == 200, r.content
    assert r.json()["done"] and r.json()["pinned"] and r.json()["location"] == "Teams"
    orgs = list(
        Organisation.objects.filter(municipality_code__in=["0101", "0147", "0151"]).values_list("pk", flat=True)
    )
    r = c.post(
        "/api/programmes",
        json.dumps(
            {"template_version_id": v.pk, "title": "API", "organisation_ids": orgs, "anchor_date": "2027-02-01"}
        ),
        content_type="application/json",
    )
    assert r.status_code == 201, r.content
    r = c.post(
        "/api/programmes",
        json.dumps(
            {"template_version_id": v.pk, "title": "API", "organisation_ids": orgs[:1], "anchor_date": "2027-02-01"}
        ),
        content_type="application/json",
    )
    assert r.status_code == 400, r.content
    assert "3 to 6" in r.json()["errors"]["organisations"][0] or "3 til 6" in r.json()["errors"]["organisations"][0]
    stranger = Client()
    stranger.force_login(User.objects.get(email="tovholder.odense@example.dk"))
    tf = Programme.objects.get(kind="taskforce")
    assert stranger.get(f"/api/programmes/{tf.pk}").status_code == 404
    assert (
        stranger.post(
            f"/api/programmes/{p.pk}/reflow/preview",
            json.dumps({"moved": {"kickoff": "2026-10-21"}}),
            content_type="application/json",
        ).status_code
        == 403
    )

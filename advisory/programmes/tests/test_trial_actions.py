"""Trial actions: the organisation writes its own, the group reads the shared ones, the criterion counts completed."""

from __future__ import annotations

import datetime
import json

from django.test import Client
from django.urls import reverse

from advisory.programmes.models import TrialAction, TrialActionStatus


def trial(group, organisation, *, shared: bool, status: str = TrialActionStatus.PLANNED, point: str = "Boligmøder"):
    return TrialAction.objects.create(
        programme=group,
        organisation=organisation,
        development_point=point,
        plan="Ugentligt møde",
        starts_on=datetime.date(2027, 3, 1),
        ends_on=datetime.date(2027, 3, 28),
        status=status,
        shared_with_group=shared,
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_group_members_read_shared_trial_actions_but_never_another_organisations_private_ones(
    group, municipality, other_municipality, coordinator
):
    trial(group, municipality, shared=False, point="Vores egen")
    trial(group, other_municipality, shared=True, point="Delt af Odense")
    trial(group, other_municipality, shared=False, point="Privat for Odense")
    page = client_for(coordinator).get(reverse("programmes:trial_actions", args=[group.pk])).content.decode()
    assert "Vores egen" in page and "Delt af Odense" in page
    assert "Privat for Odense" not in page
    api = client_for(coordinator).get(f"/api/programmes/{group.pk}/trial-actions").json()
    assert {t["development_point"] for t in api} == {"Vores egen", "Delt af Odense"}
    private = TrialAction.objects.get(development_point="Privat for Odense")
    url = reverse("programmes:trial_action_edit", args=[group.pk, private.pk])
    assert client_for(coordinator).get(url).status_code == 404


def test_a_coordinator_cannot_change_another_organisations_shared_trial_action(group, other_municipality, coordinator):
    shared = trial(group, other_municipality, shared=True)
    response = client_for(coordinator).patch(
        f"/api/programmes/{group.pk}/trial-actions/{shared.pk}",
        json.dumps({"status": "completed"}),
        content_type="application/json",
    )
    assert response.status_code == 403
    assert TrialAction.objects.get(pk=shared.pk).status == TrialActionStatus.PLANNED


def test_a_coordinator_logs_a_trial_action_for_their_own_organisation_only(
    group, municipality, other_municipality, coordinator
):
    url = reverse("programmes:trial_action_create", args=[group.pk])
    form = {
        "development_point": "Boligmøder",
        "plan": "Ugentligt møde med boligselskabet",
        "starts_on": "2027-03-01",
        "ends_on": "2027-02-01",  # ends before it starts: refused, input kept
        "status": "planned",
        "shared_with_group": "on",
    }
    client = client_for(coordinator)
    refused = client.post(url, {**form, "organisation": municipality.pk})
    assert refused.status_code == 200 and TrialAction.objects.count() == 0
    assert "Perioden skal slutte" in refused.content.decode()
    assert "Ugentligt møde med boligselskabet" in refused.content.decode()
    other = client.post(url, {**form, "ends_on": "2027-04-01", "organisation": other_municipality.pk})
    assert other.status_code == 200 and TrialAction.objects.count() == 0  # not one of the choices
    saved = client.post(url, {**form, "ends_on": "2027-04-01", "organisation": municipality.pk})
    assert saved.status_code == 302
    assert TrialAction.objects.get().created_by == coordinator


def test_the_criterion_is_met_with_three_completed_trial_actions(group, municipality, advisor_client):
    for n in range(2):
        trial(group, municipality, shared=True, status=TrialActionStatus.COMPLETED, point=f"P{n}")
    page = advisor_client.get(reverse("programmes:trial_actions", args=[group.pk])).content.decode()
    assert "2 af mindst 3 prøvehandlinger gennemført" in page and "Endnu ikke" in page
    trial(group, municipality, shared=True, status=TrialActionStatus.ADJUSTED, point="P3")
    page = advisor_client.get(reverse("programmes:trial_actions", args=[group.pk])).content.decode()
    assert "3 af mindst 3 prøvehandlinger gennemført" in page and "Opfyldt" in page

"""The audit log: who changed what and when, who read an organisation; viewable by administrators."""

from __future__ import annotations

import json

import pytest
from auditlog.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.test import Client
from django.urls import reverse

from advisory.accounts.models import ApiToken, User
from advisory.organisations.models import Membership, Organisation
from tests import factories

pytestmark = pytest.mark.django_db


def entries_for(obj, action: int | None = None):  # type: ignore[no-untyped-def]
    entries = LogEntry.objects.get_for_object(obj)
    return entries.filter(action=action) if action is not None else entries


def test_a_change_in_the_browser_is_logged_with_person_and_values(advisor_client, advisor, municipality):  # type: ignore[no-untyped-def]
    response = advisor_client.post(reverse("organisations:edit", args=[municipality.pk]), {"address": "Rådhuset 1"})
    assert response.status_code == 302
    entry = entries_for(municipality, LogEntry.Action.UPDATE).get()
    assert entry.actor == advisor
    assert entry.changes_dict["address"] == ["", "Rådhuset 1"]
    assert entry.remote_addr == "127.0.0.1"


def test_creating_and_removing_a_membership_is_logged(advisor_client, advisor, municipality):  # type: ignore[no-untyped-def]
    advisor_client.post(
        reverse("organisations:membership_add", args=[municipality.pk]),
        {"email": "ny@aarhus.dk", "function": "member", "first_name": "Ny", "last_name": "Person"},
    )
    membership = Membership.objects.get(user__email="ny@aarhus.dk")
    assert entries_for(membership, LogEntry.Action.CREATE).get().actor == advisor
    assert entries_for(membership.user, LogEntry.Action.CREATE).get().actor == advisor
    advisor_client.post(reverse("organisations:membership_remove", args=[municipality.pk, membership.pk]))
    deleted = LogEntry.objects.filter(
        content_type=ContentType.objects.get_for_model(Membership),
        object_pk=str(membership.pk),
        action=LogEntry.Action.DELETE,
    ).get()
    assert deleted.actor == advisor


def test_a_change_through_the_api_with_a_token_names_the_token_owner(advisor, municipality):  # type: ignore[no-untyped-def]
    _token, raw = ApiToken.issue(user=advisor, name="script")
    response = Client().post(
        "/api/organisations/shelters",
        json.dumps({"name": "Herberget", "municipality_id": municipality.pk}),
        content_type="application/json",
        headers={"Authorization": f"Bearer {raw}"},
    )
    assert response.status_code == 201, response.content
    shelter = Organisation.objects.get(name="Herberget")
    assert entries_for(shelter, LogEntry.Action.CREATE).get().actor == advisor


def test_secrets_never_enter_the_log(coordinator):  # type: ignore[no-untyped-def]
    coordinator.set_password("et-helt-nyt-kodeord-99")
    coordinator.first_name = "Tove"
    coordinator.save()
    token, _raw = ApiToken.issue(user=coordinator, name="script")
    user_changes = [entry.changes_dict for entry in entries_for(coordinator)]
    assert all("password" not in changes for changes in user_changes)
    assert any("first_name" in changes for changes in user_changes)
    token_changes = entries_for(token, LogEntry.Action.CREATE).get().changes_dict
    assert "token_hash" not in token_changes
    assert "name" in token_changes


def test_reading_an_organisation_is_logged_on_the_page_and_in_the_api(coordinator_client, coordinator, municipality):  # type: ignore[no-untyped-def]
    assert coordinator_client.get(reverse("organisations:detail", args=[municipality.pk])).status_code == 200
    assert coordinator_client.get(f"/api/organisations/{municipality.pk}").status_code == 200
    assert coordinator_client.get(f"/api/organisations/{municipality.pk}/memberships").status_code == 200
    reads = entries_for(municipality, LogEntry.Action.ACCESS)
    assert reads.count() == 3
    assert set(reads.values_list("actor", flat=True)) == {coordinator.pk}


def test_a_refused_read_is_not_logged_as_a_read(stranger_client, municipality):  # type: ignore[no-untyped-def]
    assert stranger_client.get(reverse("organisations:detail", args=[municipality.pk])).status_code == 404
    assert not entries_for(municipality, LogEntry.Action.ACCESS).exists()


def test_administrators_see_the_log_per_person_and_per_object(admin_client_, advisor_client, advisor, municipality):  # type: ignore[no-untyped-def]
    other = factories.MunicipalityFactory(name="Vejle")
    advisor_client.post(reverse("organisations:edit", args=[municipality.pk]), {"address": "Rådhuset 1"})
    Client().get("/")  # noise without an actor
    other.address = "Skolegade 1"
    other.save()

    by_person = admin_client_.get(reverse("admin:auditlog_logentry_changelist"), {"actor__id__exact": advisor.pk})
    assert by_person.status_code == 200
    shown = list(by_person.context["cl"].result_list)
    assert shown and all(entry.actor_id == advisor.pk for entry in shown)

    history = admin_client_.get(reverse("admin:organisations_organisation_auditlog", args=[municipality.pk]))
    assert history.status_code == 200
    assert "Rådhuset 1" in history.content.decode()
    assert "Skolegade 1" not in history.content.decode()

    people = admin_client_.get(reverse("admin:accounts_user_changelist"))
    assert f"?actor__id__exact={advisor.pk}" in people.content.decode()


@pytest.mark.parametrize("client_fixture", ["advisor_client", "coordinator_client"])
def test_only_administrators_reach_the_log(client_fixture, request):  # type: ignore[no-untyped-def]
    client = request.getfixturevalue(client_fixture)
    response = client.get(reverse("admin:auditlog_logentry_changelist"))
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_every_advisory_model_is_registered():  # type: ignore[no-untyped-def]
    from auditlog.registry import auditlog

    for model in (User, ApiToken, Organisation, Membership):
        assert auditlog.contains(model)

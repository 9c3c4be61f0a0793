"""The knowledge bank: sharing a completed trial action (its coordinator only), what the bank keeps of it (no names,
the CPR guard), withdrawing, the exemplary mark (advisors), the search and its filters, the suggestions on the form
for a new trial action, the overview's count – services, pages and API."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from auditlog.models import LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import Client
from django.urls import reverse

from advisory.knowledge import selectors, services
from advisory.knowledge.models import SharedTrialAction
from advisory.organisations.models import MembershipFunction
from advisory.programmes import services as programme_services
from advisory.programmes.models import TrialAction, TrialActionStatus
from tests import factories
from tests.helpers import danish

from .conftest import THEME


def client_for(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def share(trial_action: TrialAction, by: Any, prerequisite: str = "support") -> SharedTrialAction:
    return services.trial_action_share(trial_action=trial_action, prerequisite=prerequisite, by=by)


def another_completed(programme: Any, organisation: Any, by: Any, **fields: Any) -> TrialAction:
    values = {
        "development_point": "Boligmøder hver uge",
        "plan": "Et fast boligmøde med boligselskabet.",
        "starts_on": datetime.date(2027, 9, 6),
        "ends_on": datetime.date(2027, 10, 29),
        "status": TrialActionStatus.COMPLETED,
        **fields,
    }
    return programme_services.trial_action_save(
        trial_action=TrialAction(programme=programme, organisation=organisation, **values), by=by
    )


# --- sharing: who, what and when ---------------------------------------------------------------------------------


def test_the_coordinator_shares_a_completed_trial_action_without_names(completed, coordinator, midtjylland):
    shared = share(completed, coordinator)
    assert (shared.theme, shared.prerequisite, shared.organisation_kind, shared.region) == (
        THEME,
        "support",
        "municipality",
        midtjylland,
    )
    assert shared.plan.endswith("[navn] indkalder.")  # the coordinator's name is taken out
    assert "tt@aarhus.dk" not in shared.experiences and "[e-mail]" in shared.experiences
    assert [entry["source"] for entry in shared.feedback] == ["advisors", "group"]
    assert [entry["text"] for entry in shared.feedback] == ["Stærkt greb om overgangen.", "Det vil vi også prøve."]
    assert (shared.starts_on, shared.ends_on, shared.weeks) == (datetime.date(2027, 3, 1), completed.ends_on, 8)
    assert shared.shared_by == coordinator
    # Who took part (names, often) is not in the bank at all; nor is the organisation's name.
    assert "Thomas" not in shared.search_document and "Aarhus" not in shared.search_document


def test_only_the_coordinator_of_the_trial_action_s_organisation_shares_it(
    completed, municipality, advisor, administrator, stranger
):
    member = factories.member_of(municipality)
    for person in (advisor, administrator, stranger, member):
        with pytest.raises(PermissionDenied):
            share(completed, person)
    assert not SharedTrialAction.objects.exists()


def test_a_trial_action_not_yet_completed_is_not_shared(completed, coordinator):
    for status in (TrialActionStatus.RUNNING, TrialActionStatus.ADJUSTED, TrialActionStatus.STOPPED):
        TrialAction.objects.filter(pk=completed.pk).update(status=status)
        with pytest.raises(ValidationError) as refused:
            share(completed, coordinator)
        assert refused.value.messages == [danish("Only a completed trial action can be shared in the knowledge bank.")]
    assert not SharedTrialAction.objects.exists()


def test_the_prerequisite_must_be_one_of_the_programme_kind_s(completed, coordinator):
    with pytest.raises(ValidationError) as refused:
        share(completed, coordinator, prerequisite="case_handling")  # the taskforce's fourth theme
    assert refused.value.message_dict == {
        "prerequisite": [danish("Choose one of the prerequisites this kind of programme works with.")]
    }


def test_the_cpr_guard_holds_for_feedback_written_before_the_guard(completed, coordinator):
    completed.feedback.filter(text__startswith="Det").update(text="Borgeren 010190-1234 flyttede ind.")
    with pytest.raises(ValidationError):
        share(completed, coordinator)
    assert not SharedTrialAction.objects.exists()


def test_sharing_again_takes_the_texts_as_they_are_now_and_keeps_the_mark(completed, coordinator, advisor):
    shared = share(completed, coordinator)
    services.exemplary_mark(shared=shared, exemplary=True, by=advisor)
    TrialAction.objects.filter(pk=completed.pk).update(adjustment="Mødet flyttes til to uger før.")
    again = share(completed, coordinator, prerequisite="housing")
    assert again.pk == shared.pk and SharedTrialAction.objects.count() == 1
    assert (again.adjustment, again.prerequisite, again.exemplary) == (
        "Mødet flyttes til to uger før.",
        "housing",
        True,
    )


def test_an_edit_after_sharing_does_not_reach_the_bank_without_a_new_choice(completed, coordinator):
    shared = share(completed, coordinator)
    completed.evaluation = "Ny tekst"
    programme_services.trial_action_save(trial_action=completed, by=coordinator)
    shared.refresh_from_db()
    assert shared.evaluation == "Virker, når mødet ligger fast i kalenderen."


def test_withdrawing_removes_it_from_the_bank_and_the_log_keeps_who_did_what(completed, coordinator, advisor):
    shared = share(completed, coordinator)
    with pytest.raises(PermissionDenied):
        services.trial_action_withdraw(trial_action=completed, by=advisor)
    services.trial_action_withdraw(trial_action=completed, by=coordinator)
    assert not SharedTrialAction.objects.exists()
    services.trial_action_withdraw(trial_action=completed, by=coordinator)  # again: no change
    actions = LogEntry.objects.get_for_object(shared).order_by("timestamp").values_list("action", flat=True)
    assert list(actions) == [LogEntry.Action.CREATE, LogEntry.Action.DELETE]


def test_only_advisors_mark_exemplary(completed, coordinator, advisor, administrator, taskforce_member):
    shared = share(completed, coordinator)
    for person in (coordinator, taskforce_member):
        with pytest.raises(PermissionDenied):
            services.exemplary_mark(shared=shared, exemplary=True, by=person)
    services.exemplary_mark(shared=shared, exemplary=True, by=advisor)
    assert (shared.exemplary, shared.exemplary_by) == (True, advisor)
    services.exemplary_mark(shared=shared, exemplary=False, by=administrator)
    shared.refresh_from_db()
    assert (shared.exemplary, shared.exemplary_by, shared.exemplary_at) == (False, None, None)


def test_exemplary_count_counts_the_marked_trial_actions_of_the_year_they_ended(
    completed, coordinator, advisor, later_group
):
    services.exemplary_mark(shared=share(completed, coordinator), exemplary=True, by=advisor)
    vejle = later_group.organisations.get(name="Vejle")
    vejle_coordinator = factories.coordinator_of(vejle)
    late = another_completed(later_group, vejle, vejle_coordinator, ends_on=datetime.date(2028, 1, 14))
    services.exemplary_mark(shared=share(late, vejle_coordinator), exemplary=True, by=advisor)
    another = another_completed(later_group, vejle, vejle_coordinator)
    share(another, vejle_coordinator)  # shared, not marked
    assert (selectors.exemplary_count(2027), selectors.exemplary_count(2028), selectors.exemplary_count(2026)) == (
        1,
        1,
        0,
    )


# --- reading and searching ---------------------------------------------------------------------------------------


@pytest.fixture
def bank(completed, coordinator, later_group, advisor):
    """Aarhus's trial action shared (support); two of Vejle's (a shelter's too) shared under housing."""
    share(completed, coordinator)
    vejle = later_group.organisations.get(name="Vejle")
    vejle_coordinator = factories.coordinator_of(vejle)
    meetings = another_completed(later_group, vejle, vejle_coordinator, experiences="Boligselskabet kom hver gang.")
    shared = share(meetings, vejle_coordinator, prerequisite="housing")
    services.exemplary_mark(shared=shared, exemplary=True, by=advisor)
    return {"vejle": vejle, "vejle_coordinator": vejle_coordinator, "meetings": shared}


def test_every_organisation_person_and_agency_staff_read_the_bank(bank, coordinator, stranger, taskforce_member):
    outsider = factories.coordinator_of(factories.MunicipalityFactory())
    for person in (coordinator, stranger, taskforce_member, outsider):
        assert selectors.bank_search(person).count() == 2
    without_organisation = factories.UserFactory()
    assert selectors.bank_search(without_organisation).count() == 0


def test_the_bank_filters_by_theme_prerequisite_kind_region_and_mark(bank, coordinator, midtjylland):
    def titles(**filters: Any) -> list[str]:
        return [shared.title for shared in selectors.bank_search(coordinator, **filters)]

    both = ["Boligmøder hver uge", "Fast overlevering fra herberg til bostøtte"]  # the exemplary one first
    assert titles() == both
    assert titles(theme=THEME.upper()) == both
    assert titles(theme="Et andet tema") == []
    assert titles(prerequisite="housing") == ["Boligmøder hver uge"]
    assert titles(organisation_kind="shelter") == []
    assert titles(region=midtjylland) == ["Fast overlevering fra herberg til bostøtte"]
    assert titles(exemplary=True) == ["Boligmøder hver uge"]


def test_the_text_search_finds_words_in_the_texts_and_the_feedback(bank, coordinator):
    def titles(q: str) -> list[str]:
        return [shared.title for shared in selectors.bank_search(coordinator, q=q)]

    assert titles("boligselskabet") == ["Boligmøder hver uge"]
    assert titles("overleveringsmøde bostøtte") == ["Fast overlevering fra herberg til bostøtte"]
    assert titles("greb") == ["Fast overlevering fra herberg til bostøtte"]  # the advisors' feedback
    assert titles("kryptonit") == []
    assert titles("Thomas") == []  # names are not in the bank
    assert len(titles("x" * 5000)) == 0  # bounded, no error


def test_postgresql_stems_danish_words_and_sqlite_finds_the_words_as_typed(bank, coordinator):
    def titles(q: str) -> list[str]:
        return [shared.title for shared in selectors.bank_search(coordinator, q=q)]

    if connection.vendor == "postgresql":  # full-text search with Danish stemming
        assert titles("overleveringsmøderne") == ["Fast overlevering fra herberg til bostøtte"]  # "overleveringsmøde"
        assert titles("boligselskaber") == ["Boligmøder hver uge"]  # "boligselskabet"
        assert titles("boligselskaber -boligmøde") == []  # web search syntax: without
    else:  # the fallback: each word as typed must stand in the texts
        assert titles("overleveringsmøderne") == []
        assert titles("boligselskab") == ["Boligmøder hver uge"]  # part of "boligselskabet"
        assert titles("boligselskab overleveringsmøde") == []  # every word, in one trial action


def test_the_new_trial_action_form_suggests_what_others_tried_under_the_theme(bank, later_group, coordinator):
    vejle_coordinator = bank["vejle_coordinator"]
    suggested = selectors.suggestions(vejle_coordinator, later_group)
    assert [shared.title for shared in suggested] == [
        "Fast overlevering fra herberg til bostøtte"
    ]  # not its own group's
    response = client_for(vejle_coordinator).get(reverse("programmes:trial_action_create", args=[later_group.pk]))
    page = response.content.decode()
    assert response.status_code == 200
    assert "Hvad andre har afprøvet" in page and "Fast overlevering fra herberg til bostøtte" in page
    assert reverse("knowledge:detail", args=[suggested[0].pk]) in page


# --- pages -------------------------------------------------------------------------------------------------------


def test_the_bank_page_lists_filters_and_pages_20_at_a_time(bank, coordinator):
    client = client_for(coordinator)
    response = client.get(reverse("knowledge:bank"))
    assert response.status_code == 200 and "2 delte prøvehandlinger" in response.content.decode()
    response = client.get(reverse("knowledge:bank"), {"q": "boligselskabet"})
    assert "1 delt prøvehandling" in response.content.decode()
    response = client.get(reverse("knowledge:bank"), {"q": "x" * 101})
    assert response.status_code == 400 and "Ret søgningen" in response.content.decode()
    response = client.get(reverse("knowledge:bank"), {"region": "999999999999"})
    assert response.status_code == 400
    assert selectors.PAGE_SIZE == 20


def test_the_bank_page_is_behind_log_in_and_closed_to_people_without_an_organisation(bank):
    response = Client().get(reverse("knowledge:bank"))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]
    assert client_for(factories.UserFactory()).get(reverse("knowledge:bank")).status_code == 403


def test_the_detail_page_shows_kind_region_and_feedback_never_names(bank, stranger, completed):
    shared = SharedTrialAction.objects.get(trial_action=completed)
    page = client_for(stranger).get(reverse("knowledge:detail", args=[shared.pk])).content.decode()
    assert "Region Midtjylland" in page and "Kommune" in page and "Stærkt greb om overgangen." in page
    assert "Rådgiverne" in page and "Gruppen" in page
    for name in ("Thomas", "Tovholder", "Aarhus", "Rikke"):
        assert name not in page.split("<main")[1], name


def test_the_coordinator_shares_and_withdraws_on_the_pages(completed, coordinator):
    client = client_for(coordinator)
    detail = reverse("programmes:trial_action_detail", args=[completed.programme_id, completed.pk])
    assert "Del i videnbanken" in client.get(detail).content.decode()
    share_page = reverse("knowledge:share", args=[completed.pk])
    preview = client.get(share_page).content.decode()
    assert "[navn] indkalder." in preview and "Thomas Tovholder indkalder" not in preview
    response = client.post(share_page, {"prerequisite": "support"})
    assert response.status_code == 302 and response["Location"] == detail
    assert SharedTrialAction.objects.filter(trial_action=completed, prerequisite="support").exists()
    assert "Træk tilbage fra videnbanken" in client.get(detail).content.decode()
    response = client.post(reverse("knowledge:withdraw", args=[completed.pk]))
    assert response.status_code == 302 and not SharedTrialAction.objects.exists()


def test_the_share_page_comes_back_with_the_reason(completed, coordinator):
    client = client_for(coordinator)
    response = client.post(reverse("knowledge:share", args=[completed.pk]), {"prerequisite": "case_handling"})
    assert response.status_code == 200 and not SharedTrialAction.objects.exists()
    TrialAction.objects.filter(pk=completed.pk).update(status=TrialActionStatus.RUNNING)
    page = client.get(reverse("knowledge:share", args=[completed.pk])).content.decode()
    assert "Kun en afsluttet prøvehandling kan deles i videnbanken." in page


def test_the_share_page_is_the_coordinator_s_only(completed, municipality, advisor, stranger):
    url = reverse("knowledge:share", args=[completed.pk])
    assert client_for(advisor).get(url).status_code == 403
    assert client_for(factories.member_of(municipality)).get(url).status_code == 403
    assert client_for(stranger).get(url).status_code == 403  # the group sees it (shared with the group)
    TrialAction.objects.filter(pk=completed.pk).update(shared_with_group=False)
    assert client_for(stranger).get(url).status_code == 404


def test_the_advisor_marks_exemplary_on_the_page(bank, completed, advisor, coordinator):
    shared = SharedTrialAction.objects.get(trial_action=completed)
    url = reverse("knowledge:exemplary", args=[shared.pk])
    assert client_for(coordinator).post(url, {"exemplary": "on"}).status_code == 403
    assert client_for(advisor).post(url, {"exemplary": "on"}).status_code == 302
    shared.refresh_from_db()
    assert shared.exemplary


def test_the_main_menu_has_the_knowledge_bank_for_organisation_people_and_staff(coordinator, advisor):
    for person in (coordinator, advisor):
        assert "Videnbank" in client_for(person).get(reverse("core:start")).content.decode()


# --- API ---------------------------------------------------------------------------------------------------------


def test_the_api_searches_shares_marks_and_withdraws(completed, coordinator, advisor, stranger):
    programme_id, trial_id = completed.programme_id, completed.pk
    url = f"/api/programmes/{programme_id}/trial-actions/{trial_id}/knowledge-share"
    coordinator_client, advisor_client = client_for(coordinator), client_for(advisor)
    body = json.dumps({"prerequisite": "support"})
    assert advisor_client.put(url, body, content_type="application/json").status_code == 403
    response = coordinator_client.put(url, body, content_type="application/json")
    assert response.status_code == 200
    shared = response.json()
    assert (shared["region"], shared["organisation_kind"], shared["weeks"]) == ("Region Midtjylland", "municipality", 8)
    assert "shared_by" not in shared and "Thomas" not in json.dumps(shared)

    listed = client_for(stranger).get("/api/knowledge", {"q": "overleveringsmøde"}).json()
    assert listed["count"] == 1 and listed["items"][0]["id"] == shared["id"]
    assert client_for(stranger).get("/api/knowledge", {"q": "x" * 101}).status_code == 422
    assert client_for(stranger).get("/api/knowledge", {"limit": 101}).status_code == 422

    mark = f"/api/knowledge/{shared['id']}/exemplary"
    assert (
        coordinator_client.put(mark, json.dumps({"exemplary": True}), content_type="application/json").status_code
        == 403
    )
    assert advisor_client.put(mark, json.dumps({"exemplary": True}), content_type="application/json").json()[
        "exemplary"
    ]

    assert advisor_client.delete(url).status_code == 403
    assert coordinator_client.delete(url).status_code == 204
    assert client_for(stranger).get(f"/api/knowledge/{shared['id']}").status_code == 404


def test_the_api_refuses_an_unfinished_trial_action_in_danish(completed, coordinator):
    TrialAction.objects.filter(pk=completed.pk).update(status=TrialActionStatus.PLANNED)
    url = f"/api/programmes/{completed.programme_id}/trial-actions/{completed.pk}/knowledge-share"
    response = client_for(coordinator).put(
        url, json.dumps({"prerequisite": "support"}), content_type="application/json"
    )
    assert response.status_code == 400
    assert danish("Only a completed trial action can be shared in the knowledge bank.") in json.dumps(
        response.json(), ensure_ascii=False
    )


def test_a_coordinator_of_a_shelter_shares_it_as_a_shelter(group, advisor, midtjylland):
    municipality = group.organisations.first()
    assert municipality is not None
    shelter = factories.ShelterFactory(municipality=municipality)
    group.participations.create(organisation=shelter)
    coordinator = factories.coordinator_of(shelter)
    trial_action = another_completed(group, shelter, coordinator)
    assert share(trial_action, coordinator).organisation_kind == "shelter"
    assert MembershipFunction.COORDINATOR  # the shelter's coordinator by function, not by role


def test_the_kept_results_show_a_withdrawal_at_once(bank, coordinator):
    client = client_for(coordinator)
    assert "2 delte prøvehandlinger" in client.get(reverse("knowledge:bank")).content.decode()
    SharedTrialAction.objects.filter(pk=SharedTrialAction.objects.order_by("pk").first().pk).delete()
    assert "1 delt prøvehandling" in client.get(reverse("knowledge:bank")).content.decode()

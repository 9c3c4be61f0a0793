"""The one access helper (advisory.core.access): out of scope is 404, in scope but not allowed is 403."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.contrib.sessions.models import Session
from django.core.exceptions import PermissionDenied
from django.http import Http404

from advisory.core.access import Action, can, get_object_for, policy_for, register, require, scope
from advisory.organisations.models import Membership, Organisation
from tests import factories

pytestmark = pytest.mark.django_db


def test_agency_staff_see_every_organisation(advisor, municipality, other_municipality):
    assert set(scope(advisor, Organisation)) == {municipality, other_municipality}


def test_a_coordinator_sees_only_their_own_organisation(coordinator, municipality, other_municipality):
    assert list(scope(coordinator, Organisation)) == [municipality]


def test_the_anonymous_visitor_and_a_deactivated_person_see_nothing(coordinator, municipality):
    assert not scope(AnonymousUser(), Organisation).exists()
    coordinator.is_active = False
    coordinator.save()
    assert not scope(coordinator, Organisation).exists()
    assert not can(coordinator, Action.VIEW, municipality)


def test_scope_narrows_a_given_queryset_and_keeps_its_filter(coordinator, municipality):
    shelter = factories.ShelterFactory(municipality=municipality)
    foreign_shelter = factories.ShelterFactory()
    factories.MembershipFactory(organisation=shelter, user=coordinator)
    assert list(scope(coordinator, Organisation.objects.shelters())) == [shelter]
    assert foreign_shelter not in scope(coordinator, Organisation.objects.all())


def test_get_object_for_returns_a_visible_row(coordinator, municipality):
    assert get_object_for(coordinator, Organisation, pk=municipality.pk) == municipality


def test_a_row_outside_the_scope_is_not_found_rather_than_forbidden(coordinator, other_municipality):
    with pytest.raises(Http404):
        get_object_for(coordinator, Organisation, pk=other_municipality.pk)
    with pytest.raises(Http404):
        get_object_for(coordinator, Organisation, Action.CHANGE, pk=other_municipality.pk)


def test_a_visible_row_the_person_may_not_change_is_forbidden(coordinator, municipality):
    with pytest.raises(PermissionDenied):
        get_object_for(coordinator, Organisation, Action.CHANGE, pk=municipality.pk)


def test_an_advisor_may_change_what_a_coordinator_may_only_see(advisor, coordinator, municipality):
    assert get_object_for(advisor, Organisation, Action.CHANGE, pk=municipality.pk) == municipality
    assert can(advisor, Action.CHANGE, municipality)
    assert not can(coordinator, Action.CHANGE, municipality)


@pytest.mark.parametrize("pk", ["abc", None, "", 10**12])
def test_a_malformed_or_unknown_id_is_not_found_rather_than_a_server_error(advisor, municipality, pk):
    with pytest.raises(Http404):
        get_object_for(advisor, Organisation, pk=pk)


def test_creating_is_asked_of_the_model(advisor, coordinator, taskforce_member):
    assert can(advisor, Action.CREATE, Organisation)
    assert not can(taskforce_member, Action.CREATE, Organisation)
    assert not can(coordinator, Action.CREATE, Organisation)
    require(advisor, Action.CREATE, Organisation)
    with pytest.raises(PermissionDenied):
        require(coordinator, Action.CREATE, Organisation)


def test_a_coordinator_manages_the_people_of_their_own_organisation_only(coordinator, municipality, other_municipality):
    assert can(coordinator, Action.CHANGE, Membership(organisation=municipality))
    assert not can(coordinator, Action.CHANGE, Membership(organisation=other_municipality))


def test_a_member_who_is_not_coordinator_cannot_manage_people(municipality):
    member = factories.member_of(municipality)
    assert can(member, Action.VIEW, municipality)
    assert not can(member, Action.CHANGE, Membership(organisation=municipality))


def test_actions_are_accepted_as_plain_strings(advisor, municipality):
    assert can(advisor, "change", municipality)
    with pytest.raises(ValueError):
        can(advisor, "destroy", municipality)


def test_a_model_without_a_policy_cannot_be_reached_by_accident():
    with pytest.raises(RuntimeError, match="No access policy registered for Session"):
        policy_for(Session)
    with pytest.raises(RuntimeError):
        scope(AnonymousUser(), Session)


def test_a_model_cannot_get_two_policies():
    with pytest.raises(RuntimeError, match="already registered"):
        register(Organisation)(type("SecondPolicy", (), {}))
    assert type(policy_for(Organisation)).__name__ == "OrganisationPolicy"

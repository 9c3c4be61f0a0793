"""Who may create and change people: staff roles given by administrators, never an organisation role."""

from __future__ import annotations

import pytest

from advisory.accounts.models import Role, User
from advisory.core.access import Action, can
from tests import factories

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("role", [Role.COORDINATOR, Role.ORGANISATION_MEMBER])
def test_an_organisation_role_creates_and_changes_nobody(role, municipality):
    person = factories.UserFactory(role=role)
    other = factories.member_of(municipality)
    assert not can(person, Action.CREATE, User)
    assert not can(person, Action.CHANGE, other)
    assert can(person, Action.CHANGE, person)


def test_coordinating_an_organisation_gives_no_power_over_accounts(coordinator, municipality):
    colleague = factories.member_of(municipality)
    assert not can(coordinator, Action.CREATE, User)
    assert not can(coordinator, Action.CHANGE, colleague)


def test_advisors_create_people_and_change_all_but_administrators(advisor, administrator, coordinator):
    assert can(advisor, Action.CREATE, User)
    assert can(advisor, Action.CHANGE, coordinator)
    assert not can(advisor, Action.CHANGE, administrator)
    assert can(administrator, Action.CHANGE, advisor)

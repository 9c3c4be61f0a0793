"""The start page fits the person's role; the Django admin is for administrators only."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories
from tests.helpers import danish, parse_html

pytestmark = pytest.mark.django_db

START = reverse("core:start")
ADMIN = reverse("admin:index")


def nav_links(response) -> dict[str, str]:
    nav = parse_html(response.content).select_one("nav", class_="nav")
    return {link.text: link.get("href") or "" for link in nav.find_all("a")}


def test_the_anonymous_visitor_sees_the_offers_with_a_log_in_button(client):
    response = client.get(START)  # the front door (advisory.offers) answers "/" before the start page
    assert response.status_code == 200
    assert f'href="{reverse("account_login")}"' in response.content.decode()
    assert "offers/front.html" in [t.name for t in response.templates]


def test_an_advisor_gets_the_staff_start_page_with_a_shortcut_to_create_a_shelter(advisor_client):
    response = advisor_client.get(START)
    assert response.status_code == 200
    assert page_template(response) == "core/start_staff.html"
    page = response.content.decode()
    assert danish("Welcome, %(name)s", name="Rikke") in page
    assert reverse("organisations:shelter_create") in page


def test_a_taskforce_member_gets_the_staff_start_page_without_creating_shelters(taskforce_member):
    client = Client()
    client.force_login(taskforce_member)
    response = client.get(START)
    assert page_template(response) == "core/start_staff.html"
    assert reverse("organisations:shelter_create") not in response.content.decode()


def page_template(response: Any) -> str:
    """The start page's own template (its sections are rendered before it, or kept: advisory/core/selectors.py)."""
    return next(t.name for t in response.templates if t.name.startswith("core/start_"))


def test_a_coordinator_gets_their_own_organisation_on_the_start_page(coordinator_client, municipality, stranger):
    response = coordinator_client.get(START)
    assert response.status_code == 200
    assert page_template(response) == "core/start_organisation.html"
    page = response.content.decode()
    assert danish("Welcome, %(name)s", name="Thomas") in page
    assert danish("Your organisation") in page
    assert reverse("organisations:detail", args=[municipality.pk]) in page
    assert "Aarhus" in page
    assert "Odense" not in page  # the stranger's organisation
    assert reverse("organisations:shelter_create") not in page


def test_a_person_without_an_organisation_is_told_to_ask_their_advisor():
    person = factories.UserFactory()
    client = Client()
    client.force_login(person)
    page = client.get(START).content.decode()
    assert danish("You are not yet attached to an organisation. Ask your advisor to add you.") in page


def test_the_navigation_shows_administration_to_administrators_only(admin_client_, advisor_client, coordinator_client):
    assert ADMIN in nav_links(admin_client_.get(START)).values()
    assert ADMIN not in nav_links(advisor_client.get(START)).values()
    assert ADMIN not in nav_links(coordinator_client.get(START)).values()


def test_the_navigation_marks_the_current_page(advisor_client):
    response = advisor_client.get(reverse("organisations:list"))
    nav = parse_html(response.content).select_one("nav", class_="nav")
    current = nav.find_all("a", aria_current="page")
    assert [link.get("href") for link in current] == [reverse("organisations:list")]


def test_an_administrator_reaches_the_django_admin(admin_client_):
    assert admin_client_.get(ADMIN).status_code == 200


@pytest.mark.parametrize("role", ["advisor", "taskforce_member", "coordinator"])
def test_no_one_but_administrators_reaches_the_django_admin(request, role):
    user = request.getfixturevalue(role)
    client = Client()
    client.force_login(user)
    response = client.get(ADMIN)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 302


def test_an_advisor_marked_as_staff_still_does_not_reach_the_django_admin(advisor):
    advisor.is_staff = True
    advisor.save()
    client = Client()
    client.force_login(advisor)
    response = client.get(ADMIN, follow=True)
    assert response.redirect_chain[0][0].startswith(reverse("admin:login"))
    assert b"accounts/user/" not in response.content

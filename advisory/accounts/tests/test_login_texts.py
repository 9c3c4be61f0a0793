"""Logging in speaks plain Danish: one "forgot your password" link, and allauth's stiff texts replaced."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests import factories

pytestmark = pytest.mark.django_db


def test_the_login_page_has_one_forgot_password_link(client: Client) -> None:
    page = client.get(reverse("account_login"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert page.count("Har du glemt din adgangskode?") == 1
    assert page.count(reverse("account_reset_password")) == 1


def test_logging_in_and_out_says_so_in_plain_danish(client: Client) -> None:
    user = factories.AdvisorFactory(first_name="Anne", last_name="Rådgiver")
    response = client.post(
        reverse("account_login"),
        {"login": user.email, "password": factories.PASSWORD},
        HTTP_ACCEPT_LANGUAGE="da",
        follow=True,
    )
    page = response.content.decode()
    assert "Du er logget ind som" in page and "succesfuldt" not in page
    page = client.post(reverse("account_logout"), HTTP_ACCEPT_LANGUAGE="da", follow=True).content.decode()
    assert "Du er logget ud." in page and "Du har logget ud." not in page


def test_the_password_reset_page_speaks_plain_danish(client: Client) -> None:
    page = client.get(reverse("account_reset_password"), HTTP_ACCEPT_LANGUAGE="da").content.decode()
    assert "Skriv din e-mailadresse, så sender vi dig et link" in page
    assert "Glemt dit password" not in page

"""django-axes locks the pair username + IP address, never a whole (municipal) IP address."""

from __future__ import annotations

import datetime

import pytest
import time_machine
from axes.models import AccessAttempt
from django.test import Client
from django.urls import reverse

from tests.factories import PASSWORD, UserFactory

pytestmark = pytest.mark.django_db

MUNICIPAL_IP = "192.0.2.10"
OTHER_IP = "198.51.100.7"
LOGIN_URL = "/accounts/login/"


def attempt(email: str, password: str, ip: str = MUNICIPAL_IP) -> object:
    return Client(REMOTE_ADDR=ip).post(LOGIN_URL, {"login": email, "password": password})


def fail(email: str, times: int, ip: str = MUNICIPAL_IP) -> list[int]:
    return [attempt(email, "forkert-kodeord-1", ip).status_code for _ in range(times)]


@pytest.fixture
def anna():  # type: ignore[no-untyped-def]
    return UserFactory(email="anna@aarhus.dk")


@pytest.fixture
def bo():  # type: ignore[no-untyped-def]
    return UserFactory(email="bo@aarhus.dk")


def test_the_fifth_failure_locks_the_username_from_that_address(anna):  # type: ignore[no-untyped-def]
    statuses = fail(anna.email, 5)
    assert statuses == [200, 200, 200, 200, 429]
    locked = attempt(anna.email, PASSWORD)
    assert locked.status_code == 429, "the right password does not help while locked"
    assert "accounts/locked_out.html" in [t.name for t in locked.templates]
    assert "30" in locked.content.decode()  # the cool-off in minutes


def test_locking_one_person_does_not_lock_a_colleague_behind_the_same_ip(anna, bo):  # type: ignore[no-untyped-def]
    fail(anna.email, 5)
    assert attempt(anna.email, PASSWORD).status_code == 429
    colleague = attempt(bo.email, PASSWORD)
    assert colleague.status_code == 302
    assert colleague["Location"] == reverse("core:start")


def test_the_same_username_from_another_address_is_not_locked(anna):  # type: ignore[no-untyped-def]
    fail(anna.email, 5)
    assert attempt(anna.email, PASSWORD, ip=OTHER_IP).status_code == 302


def test_upper_and_lower_case_of_an_address_count_as_one_username(anna):  # type: ignore[no-untyped-def]
    fail("ANNA@aarhus.dk", 3)
    fail("anna@aarhus.dk", 2)
    assert attempt(anna.email, PASSWORD).status_code == 429
    assert AccessAttempt.objects.filter(username="anna@aarhus.dk", ip_address=MUNICIPAL_IP).exists()


def test_the_lock_ends_after_thirty_minutes(anna):  # type: ignore[no-untyped-def]
    start = datetime.datetime(2026, 3, 2, 9, 0, tzinfo=datetime.UTC)
    with time_machine.travel(start, tick=False):
        fail(anna.email, 5)
    with time_machine.travel(start + datetime.timedelta(minutes=29), tick=False):
        assert attempt(anna.email, PASSWORD).status_code == 429
    with time_machine.travel(start + datetime.timedelta(minutes=31), tick=False):
        assert attempt(anna.email, PASSWORD).status_code == 302


def test_fewer_failures_then_a_success_start_the_count_again(anna):  # type: ignore[no-untyped-def]
    fail(anna.email, 4)
    assert attempt(anna.email, PASSWORD).status_code == 302
    assert fail(anna.email, 4) == [200, 200, 200, 200]


def test_the_admin_login_is_throttled_too(anna):  # type: ignore[no-untyped-def]
    client = Client(REMOTE_ADDR=MUNICIPAL_IP)
    statuses = [
        client.post("/admin/login/", {"username": anna.email, "password": "forkert-kodeord-1"}).status_code
        for _ in range(5)
    ]
    assert statuses[-1] == 429
    assert attempt(anna.email, PASSWORD).status_code == 429, "one lock for the pair, whichever form"

"""Cancelling a programme goes through its service (also from the admin site), which calls the booked meetings off
by mail once (advisory/notifications/plan_changes.py)."""

from __future__ import annotations

import datetime
from types import SimpleNamespace

import pytest
import time_machine
from django.contrib import admin
from django.test import RequestFactory

from advisory.notifications.models import OutboxMessage
from advisory.programmes import services
from advisory.programmes.admin import ProgrammeAdmin
from advisory.programmes.models import Programme, ProgrammeStatus
from tests import factories


@pytest.fixture(autouse=True)
def frozen():
    """Before the plan starts, so its meetings are upcoming whenever the tests run."""
    with time_machine.travel(datetime.datetime(2027, 1, 5, 9, 0, tzinfo=datetime.UTC), tick=False) as traveller:
        yield traveller


def test_cancelling_calls_off_the_booked_meetings_once(
    group, municipality, administrator, django_capture_on_commit_callbacks
):
    member = factories.member_of(municipality)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_book(activity=group.activities.get(key="kickoff"), user=member, organisation=municipality)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        services.programme_cancel(programme=group, by=administrator)
    assert len(callbacks) == 1
    with django_capture_on_commit_callbacks(execute=True) as again:
        services.programme_cancel(programme=group, by=administrator)
    assert again == []  # already cancelled: nothing to call off
    assert list(OutboxMessage.objects.order_by("pk").values_list("ical_method", flat=True)) == ["REQUEST", "CANCEL"]


def test_a_programme_cancelled_in_the_admin_site_is_cancelled_by_the_service(
    group, municipality, administrator, django_capture_on_commit_callbacks
):
    member = factories.member_of(municipality)
    with django_capture_on_commit_callbacks(execute=True):
        services.meeting_book(activity=group.activities.get(key="kickoff"), user=member, organisation=municipality)
    request = RequestFactory().post("/")
    request.user = administrator
    group.status = ProgrammeStatus.CANCELLED
    group.title = "Gruppeforløb (aflyst)"
    form = SimpleNamespace(changed_data=["title", "status"], initial={"status": ProgrammeStatus.PLANNED})
    with django_capture_on_commit_callbacks(execute=True):
        ProgrammeAdmin(Programme, admin.site).save_model(request, group, form, change=True)
    group.refresh_from_db()
    assert (group.status, group.title) == (ProgrammeStatus.CANCELLED, "Gruppeforløb (aflyst)")
    assert OutboxMessage.objects.filter(ical_method="CANCEL", to=member.email).count() == 1

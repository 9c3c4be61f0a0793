"""`manage.py split_own_calls`: a programme made before per-organisation calls gets one row per organisation."""

from __future__ import annotations

from io import StringIO
from typing import Any

import pytest
from django.core.management import call_command

from advisory.programmes.models import Activity, MeetingParticipant, Programme

pytestmark = pytest.mark.django_db


def _as_before(group: Programme) -> Activity:
    """The group's expectations calls as one shared row, as a plan made before this version had them."""
    rows = list(group.activities.filter(template_key="expectations_call").order_by("pk"))
    old = rows[0]
    Activity.objects.filter(pk__in=[r.pk for r in rows[1:]]).delete()
    Activity.objects.filter(pk=old.pk).update(key="expectations_call", organisation=None)
    return Activity.objects.get(pk=old.pk)


def test_an_old_shared_call_is_split_per_organisation_and_the_command_is_idempotent(
    group: Programme, coordinator: Any, municipality: Any
) -> None:
    old = _as_before(group)
    MeetingParticipant.objects.create(activity=old, user=coordinator, organisation=municipality)
    out = StringIO()
    call_command("split_own_calls", stdout=out)
    calls = group.activities.filter(template_key="expectations_call")
    assert calls.filter(organisation__isnull=True).count() == 0
    assert sorted(calls.values_list("organisation_id", flat=True)) == sorted(
        group.organisations.values_list("pk", flat=True)
    )
    assert all(c.starts_on == old.starts_on for c in calls)  # the shared row's date goes to each
    own = calls.get(organisation=municipality)
    assert MeetingParticipant.objects.filter(activity=own, user=coordinator).exists()  # booked on their own row
    assert "3 made in 1 programme" in out.getvalue()
    again = StringIO()
    call_command("split_own_calls", stdout=again)
    assert "0 made in 0 programme" in again.getvalue()

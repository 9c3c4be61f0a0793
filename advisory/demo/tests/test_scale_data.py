"""generate_scale_data: a small scale of the benchmark data, consistent with its dates, and no second run."""

from __future__ import annotations

import datetime

import pytest
from django.core.management import CommandError, call_command

from advisory.organisations.models import Organisation
from advisory.organisations.services import reference_data_load
from advisory.programmes.models import Activity, Programme, ProgrammeStatus, TrialAction
from advisory.programmes.services import templates_load_builtin


@pytest.fixture
def reference(db):
    reference_data_load()
    templates_load_builtin()


def test_refuses_without_reference_data(db):
    with pytest.raises(CommandError, match="load_reference_data"):
        call_command("generate_scale_data", "--scale", "0.01", skip_checks=True)


def test_small_scale_is_consistent_and_refuses_a_second_run(reference):
    call_command("generate_scale_data", "--scale", "0.2", "--seed", "7", skip_checks=True)
    today = datetime.date.today()
    assert Organisation.objects.count() == 200
    assert Programme.objects.count() == 1000
    assert {p.kind for p in Programme.objects.all()} == {"group", "individual", "taskforce"}
    assert Activity.objects.count() > 15 * 1000
    assert TrialAction.objects.count() == pytest.approx(10000, rel=0.05)
    # Statuses follow the dates: nothing ahead of today is done, a completed programme has nothing left to do.
    assert not Activity.objects.filter(starts_on__gt=today, done_at__isnull=False).exists()
    completed = Programme.objects.filter(status=ProgrammeStatus.COMPLETED)
    assert completed.exists()
    assert not Activity.objects.filter(programme__in=completed, done_at__isnull=True).exists()
    assert not Programme.objects.filter(status=ProgrammeStatus.PLANNED, activities__done_at__isnull=False).exists()
    years = {d.year for d in Programme.objects.values_list("created_at", flat=True)}
    assert min(years) <= 2017 and max(years) >= 2026
    with pytest.raises(CommandError, match="already"):
        call_command("generate_scale_data", "--scale", "0.2", skip_checks=True)

"""Migration 0012: existing deployments get the corrected built-in templates and full days with an end time."""

from __future__ import annotations

import copy
import datetime
import importlib

import pytest
from django.apps import apps

from advisory.programmes import services
from advisory.programmes.models import Activity, ProgrammeTemplate, TemplateVersion
from advisory.programmes.template_data import builtin_template
from tests import factories

migration = importlib.import_module("advisory.programmes.migrations.0012_template_versions_from_corrected_seeds")

pytestmark = pytest.mark.django_db


def old_group_spec() -> dict:
    spec = copy.deepcopy(builtin_template("group"))
    spec["roles"][1]["title"] = "Socialstyrelsens rolle og opgaver"
    for activity in spec["activities"]:
        if activity.pop("full_day", None) is not None:
            activity["duration_minutes"] = 300
    return spec


def test_a_template_as_seeded_gets_the_corrected_file_as_version_2_and_long_meetings_become_full_days():
    group = ProgrammeTemplate.objects.create(kind="group", name="Gruppebaseret rådgivningsforløb")
    TemplateVersion.objects.create(template=group, number=1, spec=old_group_spec(), notes=migration.SEEDED_NOTES)
    individual = ProgrammeTemplate.objects.create(kind="individual", name="Individuelt")
    TemplateVersion.objects.create(template=individual, number=1, spec=builtin_template("individual"), notes="x")
    TemplateVersion.objects.create(template=individual, number=2, spec=builtin_template("individual"), notes="Egen")
    programme = services.programme_create(
        version=group.current_version(),
        title="Gruppeforløb",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=[factories.MunicipalityFactory() for _ in range(3)],
    )
    kickoff = programme.activities.get(key="kickoff")
    assert (kickoff.duration_minutes, kickoff.start_time, kickoff.full_day) == (300, datetime.time(9, 30), False)

    migration.forwards(apps, None)

    newest = group.current_version()
    assert newest.number == 2 and newest.spec == builtin_template("group")
    assert newest.spec["roles"][1]["title"] == "Social- og Boligstyrelsens rolle og opgaver"
    assert individual.current_version().notes == "Egen"  # versioned by administrators: theirs to change
    kickoff.refresh_from_db()
    assert (kickoff.full_day, kickoff.start_time, kickoff.end_time) == (
        True,
        datetime.time(9, 30),
        datetime.time(14, 30),
    )
    assert kickoff.duration_minutes is None
    call = programme.activities.filter(template_key="expectations_call").first()
    assert call is not None and not call.full_day
    programme.refresh_from_db()
    assert programme.template_version.number == 1  # a running programme keeps its version

    migration.forwards(apps, None)  # again: nothing more
    assert group.versions.count() == 2
    full_days = Activity.objects.filter(full_day=True, end_time=datetime.time(14, 30))
    assert full_days.count() == 4  # the kickoff, two reflection meetings and the closing meeting

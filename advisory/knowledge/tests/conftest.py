"""The knowledge bank tests' world: two group programmes under the same theme, a completed trial action with
feedback in the first, regions for the organisations."""

from __future__ import annotations

import datetime
from typing import Any

import pytest

from advisory.organisations.models import Region, RegionMembership
from advisory.programmes import group_records, services
from advisory.programmes.models import Programme, ProgrammeTemplate, TrialAction, TrialActionStatus
from tests import factories

THEME = "Overgang fra herberg til egen bolig"


@pytest.fixture
def midtjylland(db: Any) -> Region:
    return factories.RegionFactory.create(code="1082", name="Region Midtjylland")


@pytest.fixture
def group(advisor: Any, municipality: Any, other_municipality: Any, midtjylland: Region) -> Programme:
    """Aarhus (the coordinator's, in Region Midtjylland), Odense (the stranger's) and a third municipality."""
    RegionMembership.objects.create(municipality=municipality, region=midtjylland, valid_from=datetime.date(2007, 1, 1))
    services.templates_load_builtin()
    version: Any = ProgrammeTemplate.objects.get(kind="group").current_version()
    return services.programme_create(
        version=version,
        title="Gruppeforløb",
        theme=THEME,
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=[municipality, other_municipality, factories.MunicipalityFactory.create()],
        advisors=[advisor],
    )


@pytest.fixture
def later_group(advisor: Any) -> Programme:
    """A later group under the same theme, with a coordinator of its own (Vejle)."""
    version: Any = ProgrammeTemplate.objects.get(kind="group").current_version()
    return services.programme_create(
        version=version,
        title="Gruppeforløb efterår",
        theme=THEME,
        anchors={"acceptance": datetime.date(2027, 8, 9)},
        organisations=[
            factories.MunicipalityFactory.create(name="Vejle"),
            factories.MunicipalityFactory.create(),
            factories.MunicipalityFactory.create(),
        ],
        advisors=[advisor],
    )


@pytest.fixture
def completed(group: Programme, municipality: Any, coordinator: Any, advisor: Any, stranger: Any) -> TrialAction:
    """Aarhus's completed trial action, naming its coordinator in the text, with feedback from the advisor and
    from another organisation of the group."""
    coordinator.first_name, coordinator.last_name = "Thomas", "Tovholder"
    coordinator.save()
    trial_action = services.trial_action_save(
        trial_action=TrialAction(
            programme=group,
            organisation=municipality,
            development_point="Fast overlevering fra herberg til bostøtte",
            plan="Et overleveringsmøde med herberg og bostøtte i ugen før indflytning. Thomas Tovholder indkalder.",
            starts_on=datetime.date(2027, 3, 1),
            ends_on=datetime.date(2027, 4, 25),
            who="Thomas Tovholder og to bostøttemedarbejdere",
            experiences="Borgerne mødte bostøtten før flytningen; færre afbrudte forløb. Skriv til tt@aarhus.dk.",
            evaluation="Virker, når mødet ligger fast i kalenderen.",
            status=TrialActionStatus.COMPLETED,
        ),
        by=coordinator,
    )
    group_records.trial_action_feedback_add(trial_action=trial_action, text="Stærkt greb om overgangen.", by=advisor)
    group_records.trial_action_feedback_add(trial_action=trial_action, text="Det vil vi også prøve.", by=stranger)
    return trial_action

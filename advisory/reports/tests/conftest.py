"""The reports tests' year: a group programme and an individual programme with known figures in 2027."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from typing import Any

import pytest
from django.core.cache import cache
from django.utils import timezone

from advisory.development.models import PrerequisiteRating, RatingMoment
from advisory.evaluations.models import EvaluationAnswer, EvaluationResponse
from advisory.programmes import services
from advisory.programmes.models import (
    Activity,
    CriterionCheck,
    MeetingParticipant,
    Programme,
    ProgrammeStatus,
    ProgrammeTemplate,
    TrialAction,
    TrialActionStatus,
)
from tests import factories

D = datetime.date


@pytest.fixture(autouse=True)
def _figures_not_kept() -> Any:
    """Each test counts its own figures: none kept from another test's database (the default cache lives in the
    process)."""
    cache.clear()
    yield
    cache.clear()


@dataclass
class Year:
    group: Programme
    individual: Programme
    taskforce: Programme
    kickoff: Activity
    expected: dict[str, Any]


def _trial(programme: Programme, organisation: Any, starts: datetime.date, ends: datetime.date, status: str) -> None:
    TrialAction.objects.create(
        programme=programme,
        organisation=organisation,
        development_point="Boligmøder",
        plan="=SUM(A1)",  # a text that looks like a formula stays a text in the files
        starts_on=starts,
        ends_on=ends,
        status=status,
    )


@pytest.fixture
def year_2027(
    advisor: Any, taskforce_member: Any, municipality: Any, other_municipality: Any, coordinator: Any, stranger: Any
) -> Year:
    """In 2027: a group programme (Aarhus, Odense, a shelter) and an individual programme (Aarhus) start; a
    taskforce programme (Aarhus) runs. Known figures are in ``expected``."""
    services.templates_load_builtin()
    version: dict[str, Any] = {t.kind: t.current_version() for t in ProgrammeTemplate.objects.all()}
    shelter: Any = factories.ShelterFactory()
    group = services.programme_create(
        version=version["group"],
        title="Gruppeforløb 2027",
        anchors={"acceptance": D(2027, 1, 11)},
        organisations=[municipality, other_municipality, shelter],
        advisors=[advisor],
    )
    individual = services.programme_create(
        version=version["individual"],
        title="Individuelt forløb",
        anchors={"start": D(2027, 2, 1)},
        organisations=[municipality],
        advisors=[advisor],
    )
    taskforce = services.programme_create(
        version=version["taskforce"],
        title="Taskforce",
        anchors={"start": D(2027, 3, 1)},
        organisations=[municipality],
        advisors=[advisor, taskforce_member],
    )
    # The group programme's kickoff is held (done) with three bookings: two present, one absent.
    kickoff = group.activities.get(key="kickoff")
    kickoff.done_at = timezone.now()
    kickoff.save(update_fields=["done_at"])
    member = factories.member_of(municipality)
    MeetingParticipant.objects.create(activity=kickoff, user=coordinator, organisation=municipality, attended=True)
    MeetingParticipant.objects.create(activity=kickoff, user=member, organisation=municipality, attended=True)
    MeetingParticipant.objects.create(activity=kickoff, user=stranger, organisation=other_municipality, attended=False)
    # Trial actions: two completed in 2027 (one adjusted), one running, one completed in 2028 (not counted).
    _trial(group, municipality, D(2027, 3, 1), D(2027, 4, 1), TrialActionStatus.COMPLETED)
    _trial(group, municipality, D(2027, 4, 2), D(2027, 5, 1), TrialActionStatus.ADJUSTED)
    _trial(group, other_municipality, D(2027, 5, 2), D(2027, 6, 1), TrialActionStatus.RUNNING)
    _trial(group, other_municipality, D(2027, 12, 1), D(2028, 1, 15), TrialActionStatus.COMPLETED)
    # An advisor's assessments at the kickoff: one met, one not.
    CriterionCheck.objects.create(activity=kickoff, organisation=municipality, criterion="Klar", met=True)
    CriterionCheck.objects.create(activity=kickoff, organisation=other_municipality, criterion="Klar", met=False)
    # Two anonymous answers to the kickoff's evaluation: sparring 4 and 5, useful 3 and 3.
    for sparring, useful in ((4, 3), (5, 3)):
        response = EvaluationResponse.objects.create(activity=kickoff)
        EvaluationAnswer.objects.create(response=response, question="sparring", score=sparring)
        EvaluationAnswer.objects.create(response=response, question="useful", score=useful)
    # The individual programme: housing rated 2 → 4 (after in 2027), support 3 → 3, organisation only before.
    for prerequisite, moment, score, day in (
        ("housing", RatingMoment.BEFORE, 2, D(2027, 2, 15)),
        ("housing", RatingMoment.AFTER, 4, D(2027, 11, 1)),
        ("support", RatingMoment.BEFORE, 3, D(2027, 2, 15)),
        ("support", RatingMoment.AFTER, 3, D(2027, 11, 1)),
        ("organisation", RatingMoment.BEFORE, 1, D(2027, 2, 15)),
    ):
        PrerequisiteRating.objects.create(
            programme=individual,
            prerequisite=prerequisite,
            moment=moment,
            score=score,
            justification="Begrundelse",
            rated_on=day,
        )
    # The taskforce programme is rated too (case handling 1 → 3), seen by taskforce members.
    PrerequisiteRating.objects.create(
        programme=taskforce,
        prerequisite="case_handling",
        moment="before",
        score=1,
        justification="B",
        rated_on=D(2027, 3, 2),
    )
    PrerequisiteRating.objects.create(
        programme=taskforce,
        prerequisite="case_handling",
        moment="after",
        score=3,
        justification="B",
        rated_on=D(2027, 12, 2),
    )
    Programme.objects.filter(pk=group.pk).update(status=ProgrammeStatus.RUNNING)
    return Year(
        group=group,
        individual=individual,
        taskforce=taskforce,
        kickoff=kickoff,
        expected={
            "trial_actions_completed": 2,
            "trial_actions_started": 4,
            "people_booked": 3,
            "people_present": 2,
            "present": 2,
            "absent": 1,
            "assessed": 2,
            "assessed_met": 1,
            "sparring": 4.5,
            "useful": 3.0,
            "housing_change": 2.0,
            "support_change": 0.0,
        },
    )

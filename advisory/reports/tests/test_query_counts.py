"""The year's figures cost the same number of queries with 10 and with 1,000 rows of each thing they count
(programmes, activities, bookings, trial actions, assessments, evaluation answers, ratings): every figure is an
aggregate in the database, never a query per row (the same check as tests/test_query_counts.py). Counted and kept:
the next reads take the figures from the cache, in a few queries (the session, the user, the audit row)."""

from __future__ import annotations

import datetime
import itertools
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from advisory.development.models import PrerequisiteRating
from advisory.evaluations.models import EvaluationAnswer, EvaluationResponse
from advisory.programmes import services
from advisory.programmes.models import (
    Activity,
    CriterionCheck,
    MeetingParticipant,
    Programme,
    ProgrammeOrganisation,
    ProgrammeTemplate,
    TrialAction,
)
from tests import factories

pytestmark = pytest.mark.django_db
_serial = itertools.count()


def _rows(n: int, organisation: Any, people: list[Any]) -> None:
    """n programmes (kinds in turn), each with a done meeting in 2027, a booking, a trial action, an assessment,
    an evaluation answer and a before/after rating, written in bulk."""
    versions = {t.kind: t.current_version() for t in ProgrammeTemplate.objects.all()}
    kinds = ("group", "individual", "taskforce")
    programmes = Programme.objects.bulk_create(
        Programme(kind=kinds[i % 3], template_version=versions[kinds[i % 3]], title=f"P{next(_serial)}", anchors={})
        for i in range(n)
    )
    ProgrammeOrganisation.objects.bulk_create(
        ProgrammeOrganisation(programme=p, organisation=organisation) for p in programmes
    )
    now = timezone.now()
    day = datetime.date(2027, 5, 3)
    activities = Activity.objects.bulk_create(
        Activity(
            programme=p,
            key="kickoff",
            template_key="kickoff",
            title="Opstart",
            phase="prepare",
            format="virtual",
            starts_on=day,
            done_at=now,
        )
        for p in programmes
    )
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(activity=a, user=people[i % len(people)], organisation=organisation, attended=i % 2 == 0)
        for i, a in enumerate(activities)
    )
    TrialAction.objects.bulk_create(
        TrialAction(
            programme=p,
            organisation=organisation,
            development_point="D",
            plan="P",
            starts_on=day,
            ends_on=day + datetime.timedelta(days=30),
            status="completed",
        )
        for p in programmes
    )
    CriterionCheck.objects.bulk_create(
        CriterionCheck(activity=a, organisation=organisation, criterion="K", met=True) for a in activities
    )
    responses = EvaluationResponse.objects.bulk_create(EvaluationResponse(activity=a) for a in activities)
    EvaluationAnswer.objects.bulk_create(EvaluationAnswer(response=r, question="sparring", score=4) for r in responses)
    PrerequisiteRating.objects.bulk_create(
        PrerequisiteRating(
            programme=p, prerequisite="housing", moment=moment, score=score, justification="J", rated_on=day
        )
        for p in programmes
        for moment, score in (("before", 2), ("after", 4))
    )


def _count(client: Client, path: str, *, kept: bool = False) -> int:
    if not kept:
        cache.clear()  # the figures are counted, not read from the cache
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200, path
    return len(captured.captured_queries)


@pytest.mark.parametrize(
    "path", ["/overblik/statistik/2027/", "/overblik/statistik/2027/xlsx/", "/api/overview/statistics/2027"]
)
def test_the_year_s_figures_do_not_query_per_row(path, advisor, municipality):
    services.templates_load_builtin()
    people = [factories.member_of(municipality) for _ in range(5)]
    client = Client()
    client.force_login(advisor)
    _rows(10, municipality, people)
    client.get(path)  # the first read makes the year's audit row and warms the caches
    few = _count(client, path)
    _rows(990, municipality, people)
    many = _count(client, path)
    assert few == many, f"{path}: {few} queries with 10 rows, {many} with 1,000"
    page = client.get("/overblik/statistik/2027/").context
    if page is not None:
        assert page["figures"].trial_actions_completed == 1000


@pytest.mark.parametrize(
    "path", ["/overblik/statistik/2027/", "/overblik/statistik/2027/xlsx/", "/api/overview/statistics/2027"]
)
def test_the_second_read_takes_the_kept_figures(path, advisor, municipality):
    services.templates_load_builtin()
    people = [factories.member_of(municipality) for _ in range(3)]
    client = Client()
    client.force_login(advisor)
    _rows(10, municipality, people)
    client.get(path)  # the audit row, the caches
    counted = _count(client, path)
    kept = _count(client, path, kept=True)
    _rows(100, municipality, people)
    kept_later = _count(client, path, kept=True)
    assert kept == kept_later <= 8, f"{path}: {kept} then {kept_later} queries with the figures kept"
    assert counted - kept >= 10, f"{path}: {counted} queries counting, {kept} kept"

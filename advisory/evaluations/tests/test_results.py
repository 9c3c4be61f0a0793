"""Aggregates (the success criterion "relevant sparring"), the results page, invitations, retention."""

from __future__ import annotations

import datetime
import statistics
from collections import Counter

import pytest
import time_machine
from django.core import mail
from django.urls import reverse
from django.utils import timezone
from hypothesis import given
from hypothesis import strategies as st

from advisory.core import retention
from advisory.evaluations import services
from advisory.evaluations.models import EvaluationReceipt, EvaluationResponse, EvaluationRound
from advisory.evaluations.selectors import (
    SPARRING_THRESHOLD,
    Summary,
    answered_organisations,
    meeting_summary,
    programme_summary,
    programme_total,
    question_summary,
    sparring_met,
)
from advisory.evaluations.tests.conftest import book, client_for, held
from advisory.notifications.models import OutboxMessage
from advisory.notifications.scheduler import registered_jobs
from tests import factories
from tests.helpers import danish

scores = st.lists(st.integers(min_value=1, max_value=5), max_size=60)


# --- The maths (no database) ---------------------------------------------------------------------


@given(scores)
def test_mean_and_distribution_of_one_question(values: list[int]) -> None:
    summary = question_summary(Counter(values))
    assert summary.distribution == {v: values.count(v) for v in (1, 2, 3, 4, 5)}
    assert summary.count == len(values)
    if values:
        assert summary.mean == pytest.approx(statistics.mean(values))
        assert sum(percent for _v, _n, percent in summary.rows) in range(97, 104)
    else:
        assert summary.mean is None


@given(st.lists(st.tuples(scores, st.integers(min_value=0, max_value=10)), max_size=6))
def test_the_programme_total_pools_every_answer(meetings: list[tuple[list[int], int]]) -> None:
    summaries = [
        Summary(
            invited=len(values) + extra,
            answered=len(values),
            questions={"sparring": question_summary(Counter(values)), "useful": question_summary(Counter(values))},
        )
        for values, extra in meetings
    ]
    total = programme_total(summaries)
    pooled = [v for values, _extra in meetings for v in values]
    assert total.answered == len(pooled)
    assert total.invited == sum(len(values) + extra for values, extra in meetings)
    assert total["sparring"].mean == (pytest.approx(statistics.mean(pooled)) if pooled else None)


@given(scores)
def test_sparring_is_met_at_a_mean_of_four(values: list[int]) -> None:
    summary = Summary(
        invited=len(values), answered=len(values), questions={"sparring": question_summary(Counter(values))}
    )
    assert sparring_met(summary) == (len(values) >= 3 and statistics.mean(values) >= SPARRING_THRESHOLD)
    assert summary.too_few_answers == (len(values) < 3)


def test_sparring_boundaries() -> None:
    def summary(values: list[int]) -> Summary:
        return Summary(len(values), len(values), {"sparring": question_summary(Counter(values))})

    assert not sparring_met(summary([]))
    assert not sparring_met(summary([5]))  # one answer of six made it met before: too few answers to judge
    assert not sparring_met(summary([5, 5]))
    assert sparring_met(summary([4, 4, 4]))
    assert sparring_met(summary([3, 4, 5]))
    assert not sparring_met(summary([3, 4, 4, 4]))  # 3.75


def test_the_minimum_number_of_answers_is_a_setting(settings) -> None:
    settings.EVALUATION_SPARRING_MIN_ANSWERS = 1
    assert sparring_met(Summary(6, 1, {"sparring": question_summary(Counter([5]))}))
    settings.EVALUATION_SPARRING_MIN_ANSWERS = 5
    assert not sparring_met(Summary(6, 4, {"sparring": question_summary(Counter([5, 5, 5, 5]))}))


# --- With the database -----------------------------------------------------------------------------


@pytest.mark.django_db
def test_meeting_summary(answered):
    summary = meeting_summary(answered)
    assert (summary.invited, summary.answered) == (4, 3)
    assert summary["sparring"].distribution == {1: 0, 2: 1, 3: 0, 4: 1, 5: 1}
    assert summary["sparring"].mean == pytest.approx(11 / 3)
    assert summary["useful"].mean == pytest.approx(4.0)
    assert summary.comments == ["Bedre end sidst", "Øv, for kort"]  # alphabetical (Danish Ø after B), not as given
    assert not sparring_met(summary)


@pytest.mark.django_db
def test_answered_organisations(answered, municipality, other_municipality):
    assert answered_organisations(answered) == {municipality.pk}


@pytest.mark.django_db
def test_programme_summary_takes_a_fixed_number_of_queries(group, answered, django_assert_num_queries):
    with django_assert_num_queries(5):
        summaries = programme_summary(group)
    keys = set(group.activities.filter(pk__in=list(summaries)).values_list("key", flat=True))
    assert {"kickoff", "closing_meeting", "reflection_meeting-1", "reflection_meeting-2"} <= keys
    assert all(k == "kickoff" or k.startswith(("reflection_meeting", "closing_meeting")) for k in keys)
    assert summaries[answered.pk].answered == 3
    assert programme_total(summaries).answered == 3


@pytest.mark.django_db
def test_the_advisor_sees_aggregates_and_comments(group, answered, advisor_client):
    response = advisor_client.get(reverse("evaluations:results", args=[group.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert page.index("Bedre end sidst") < page.index("Øv, for kort")
    assert "3,7" in page  # the mean of 5, 4, 2 in Danish
    assert danish("%(answered)s of %(invited)s invited have answered.") % {"answered": 3, "invited": 4} in page


@pytest.mark.django_db
def test_the_coordinator_sees_only_whether_their_people_answered(group, answered, coordinator):
    response = client_for(coordinator).get(reverse("evaluations:results", args=[group.pk]))
    assert response.status_code == 200
    page = response.content.decode()
    assert "Bedre end sidst" not in page and "3,7" not in page
    assert "<td>3</td><td>3</td>" in page  # three booked (and not absent) from Aarhus, three answered


@pytest.mark.django_db
def test_someone_outside_the_programme_gets_404(group, answered):
    outsider = factories.coordinator_of(factories.MunicipalityFactory())
    assert client_for(outsider).get(reverse("evaluations:results", args=[group.pk])).status_code == 404


# --- Invitations -------------------------------------------------------------------------------------


def test_the_job_is_registered() -> None:
    assert "evaluation_invitations" in {job.name for job in registered_jobs()}


@pytest.mark.django_db
def test_invitations_go_once_to_each_participant(group, kickoff, municipality, advisor):
    present = [factories.member_of(municipality) for _ in range(2)]
    for person in present:
        book(kickoff, person, municipality, attended=True)
    book(kickoff, factories.member_of(municipality), municipality, attended=False)
    book(kickoff, advisor, municipality)  # an advisor booked by mistake is not invited
    reflection = held(group.activities.get(key="reflection_meeting-1"), -10)  # still to come
    book(reflection, factories.member_of(municipality), municipality)
    now = timezone.now()

    assert services.evaluations_invite_due(now) == 2
    assert services.evaluations_invite_due(now) == 0  # the meeting is marked as invited
    services.evaluation_invite(kickoff)  # even called directly again: the outbox keys hold
    assert sorted(m.to[0] for m in mail.outbox) == sorted(p.email for p in present)
    assert OutboxMessage.objects.filter(idempotency_key__startswith="evaluation:").count() == 2
    round_ = EvaluationRound.objects.get(activity=kickoff)
    assert round_.invited_at is not None and round_.invited_count == 2
    message = mail.outbox[0]
    assert message.subject == danish("Evaluation: %(meeting)s") % {"meeting": kickoff.title}
    assert reverse("evaluations:answer", args=[kickoff.pk]) in message.body
    assert danish("Kind regards") in message.body


@pytest.mark.django_db
def test_no_invitation_on_the_day_itself_nor_after_closing(group, kickoff, municipality):
    book(kickoff, factories.member_of(municipality), municipality)
    held(kickoff, 0)
    assert services.evaluations_invite_due(timezone.now()) == 0
    held(kickoff, 31)
    assert services.evaluations_invite_due(timezone.now()) == 0
    assert not mail.outbox


# --- Retention ---------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_old_receipts_are_deleted_and_the_answers_stay(answered, settings):
    days = settings.RETENTION["evaluation_receipts"]
    held(answered, days + 1)
    results = retention.run(apply=True, keys=["evaluation_receipts"])
    assert results[0].count == 3
    assert not EvaluationReceipt.objects.exists()
    assert EvaluationResponse.objects.count() == 3
    assert datetime.date.today() > answered.starts_on


@pytest.mark.django_db
@pytest.mark.parametrize(
    "utc_time", ["2026-12-03T23:30:00+00:00", "2026-07-01T22:30:00+00:00", "2026-12-04T11:00:00+00:00"]
)
def test_a_meeting_held_just_past_the_period_is_found_also_after_midnight_in_copenhagen(answered, settings, utc_time):
    """The cutoff's day is the Danish one: from midnight to 01:00 (02:00 in summer) the UTC date is the day before,
    and a meeting held the day after that UTC date was not found (the CI run at 00:12 Copenhagen time failed)."""
    days = settings.RETENTION["evaluation_receipts"]
    with time_machine.travel(datetime.datetime.fromisoformat(utc_time), tick=False):
        held(answered, days + 1)
        assert retention.run(apply=False, keys=["evaluation_receipts"])[0].count == 3
        held(answered, days)
        assert retention.run(apply=False, keys=["evaluation_receipts"])[0].count == 0

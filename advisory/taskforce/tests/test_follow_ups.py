"""Status meetings: decisions' follow-up items are checked at the next status meeting; data items go overdue."""

from __future__ import annotations

import datetime

import pytest
from django.core.exceptions import ValidationError

from advisory.taskforce import selectors, services
from advisory.taskforce.models import DataCollectionItem, DataCollectionStatus, FollowUpStatus


def _meeting(programme, n):
    return programme.activities.get(key=f"status_meeting-{n}")


def test_an_item_of_meeting_1_is_listed_at_meeting_2_and_checked_there(taskforce, advisor):
    one, two, three = (_meeting(taskforce, n) for n in (1, 2, 3))
    decision = services.decision_create(
        by=advisor,
        meeting=one,
        text="Boligmøder hver uge",
        follow_ups=[{"text": "Indkald boligselskaberne", "owner": "Lene", "due_on": datetime.date(2027, 12, 1)}],
    )
    item = decision.follow_ups.get()
    assert selectors.items_to_check(advisor, one) == []
    assert selectors.items_to_check(advisor, two) == [item]

    services.follow_up_check(by=advisor, item=item, meeting=two, status=FollowUpStatus.OPEN)
    assert selectors.items_to_check(advisor, three) == [item]  # still open: back at the next meeting
    services.follow_up_check(by=advisor, item=item, meeting=three, status=FollowUpStatus.DONE, note="Holdt 3. maj")
    item.refresh_from_db()
    assert (item.status, item.checked_at, item.note) == (FollowUpStatus.DONE, three, "Holdt 3. maj")
    assert selectors.items_to_check(advisor, three) == [item]  # shown as checked where it was checked
    assert selectors.items_to_check(advisor, _meeting(taskforce, 4)) == []  # done: not carried further


def test_an_item_cannot_be_checked_at_its_own_or_an_earlier_meeting(taskforce, advisor):
    two = _meeting(taskforce, 2)
    decision = services.decision_create(by=advisor, meeting=two, text="Beslutning", follow_ups=[{"text": "Gør noget"}])
    item = decision.follow_ups.get()
    for meeting in (two, _meeting(taskforce, 1)):
        with pytest.raises(ValidationError):
            services.follow_up_check(by=advisor, item=item, meeting=meeting, status=FollowUpStatus.DONE)


def test_decisions_only_at_status_meetings(taskforce, advisor):
    with pytest.raises(ValidationError):
        services.decision_create(by=advisor, meeting=taskforce.activities.get(key="kickoff"), text="Nej")


def test_overdue_data_items(taskforce, advisor):
    past = datetime.date(2020, 1, 1)
    late = services.data_item_save(
        by=advisor, item=DataCollectionItem(programme=taskforce, what="Sager", source="Jobcenter", due_on=past)
    )
    services.data_item_save(
        by=advisor,
        item=DataCollectionItem(
            programme=taskforce, what="Statistik", source="DST", due_on=past, status=DataCollectionStatus.RECEIVED
        ),
    )
    services.data_item_save(by=advisor, item=DataCollectionItem(programme=taskforce, what="Aftaler", source="Kommunen"))
    assert late.overdue
    assert selectors.data_counts(advisor, taskforce) == (3, 1, 1)


def test_presentation_moves_its_activity_in_the_plan(taskforce, advisor):
    from advisory.taskforce.forms import PresentationForm

    form = PresentationForm(
        data={"kind": "analysis", "presented_on": "2027-10-05", "committee": "Social- og Sundhedsudvalget"},
        programme=taskforce,
    )
    assert form.is_valid(), form.errors
    presentation = services.presentation_save(by=advisor, presentation=form.save(commit=False))
    activity = taskforce.activities.get(key="political_presentation_analysis")
    assert presentation.activity == activity
    assert activity.starts_on == datetime.date(2027, 10, 5)

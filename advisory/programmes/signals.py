"""Signals the programme services send when meetings and plans change (for invitations and reminders).

They are sent inside the service's transaction, so a receiver can read the data as it is at that
moment (a booking about to be deleted, an activity about to be removed) and can make its own writes
part of the change. Receivers that send mail must not do it there: they register the work with
``transaction.on_commit`` (see advisory/notifications/receivers.py), so nothing goes out for a change
that is rolled back.

Every signal is sent with ``sender`` = the model class and keyword arguments only:

- ``meeting_booked(participant)``: a person was booked for a meeting or call (again: no change).
- ``meeting_unbooking(participant)``: the booking is about to be deleted.
- ``activity_updating(activity, start_time, location)``: ``activity_update`` is about to change the
  activity (the arguments as given: None means "unchanged").
- ``activities_changed(programme, activities)``: dates, times or places may have changed (after the
  rows were saved); ``activities`` is None for "any of the programme's".
- ``activities_removing(programme, activities)``: the activities with these keys are about to be
  deleted (those not done; ``activities`` is a set of activity keys).
- ``programme_created(programme)``: a new programme with its plan.
"""

from __future__ import annotations

from django.dispatch import Signal

meeting_booked = Signal()
meeting_unbooking = Signal()
activity_updating = Signal()
activities_changed = Signal()
activities_removing = Signal()
programme_created = Signal()

"""What apps above this one add to a trial action's pages, registered in their AppConfig.ready() as they add
sections to the start page (core.selectors.START_SECTIONS): callables giving (template name, context) or None.

- ``TRIAL_ACTION_SECTIONS`` (user, trial action): on the trial action's page and its edit form (knowledge: whether it
  stands in the knowledge bank, and its coordinator's choice to share it or withdraw it);
- ``NEW_TRIAL_ACTION_SECTIONS`` (user, programme): on the form for a new trial action (knowledge: what other
  organisations tried under the programme's theme).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from advisory.programmes.models import Programme, TrialAction

Section = tuple[str, dict[str, Any]]

TRIAL_ACTION_SECTIONS: list[Callable[[Any, TrialAction], Section | None]] = []
NEW_TRIAL_ACTION_SECTIONS: list[Callable[[Any, Programme], Section | None]] = []


def trial_action_sections(user: Any, trial_action: TrialAction) -> list[Section]:
    return [section for build in TRIAL_ACTION_SECTIONS if (section := build(user, trial_action)) is not None]


def new_trial_action_sections(user: Any, programme: Programme) -> list[Section]:
    return [section for build in NEW_TRIAL_ACTION_SECTIONS if (section := build(user, programme)) is not None]

"""The success criterion evidenced by a meeting's evaluation (``evaluation_answered``), which the programmes'
criteria (advisory/programmes/criteria.py) ask this app to judge: registered in EvaluationsConfig.ready()."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from advisory.evaluations.selectors import (
    answered_organisations_by_activity,
    closes_on,
    programme_summary,
    sparring_met,
    sparring_min_answers,
)
from advisory.organisations.models import Organisation
from advisory.programmes import criteria
from advisory.programmes.models import Activity

NAME = "evaluation_answered"
LABEL = gettext_lazy("Shown by the evaluation")
ANONYMITY_MINIMUM = 3  # answers before an evaluation's average is shown next to a criterion


def evaluation_answered(
    argument: str, activity: Activity, organisation: Organisation, facts: criteria.Evidence
) -> tuple[bool, str, datetime.date]:
    """The organisation's participants answered the meeting's evaluation and the "relevant sparring" answers
    average at least the threshold, by the evaluation's closing."""
    summary = facts.once(programme_summary).get(activity.pk)
    answered = organisation.pk in facts.once(answered_organisations_by_activity).get(activity.pk, set())
    deadline = closes_on(activity)
    if summary is None or not summary.answered:
        return False, _("Nobody has answered the evaluation yet."), deadline
    mean = summary.questions["sparring"].mean if "sparring" in summary.questions else None
    # Below three answers an average could give away one person's answer: only met / not met is shown.
    few = summary.answered < ANONYMITY_MINIMUM
    mean_text = "–" if mean is None or few else f"{mean:.1f}".replace(".", ",")
    explanation = _(
        "%(answered)d of %(invited)d answered; relevant sparring averages %(mean)s of 5. "
        "Your organisation has answered: %(yes_no)s."
    ) % {
        "answered": summary.answered,
        "invited": summary.invited,
        "mean": mean_text,
        "yes_no": _("yes") if answered else _("no"),
    }
    if summary.too_few_answers:
        explanation += " " + _("Too few answers to judge relevant sparring (at least %(minimum)d are needed).") % {
            "minimum": sparring_min_answers()
        }
    return answered and sparring_met(summary), explanation, deadline

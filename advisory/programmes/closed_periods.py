"""A stored programme's joint meetings in the year's soft closed periods: the warnings and their acceptance.

The engine (``scheduling.soft_period_warnings``) keeps joint meetings out of the summer holiday and the other soft
closed periods of ``data/year/`` where the rules allow and warns where they do not (or where an advisor moved a
meeting into one). A warning is not a broken rule: an advisor may accept it for that meeting, which is stored on
the activity (``Activity.accepted_soft_period``, in the audit log with the activity's other changes). The page and
the API read the warnings from ``programme_warnings`` and accept them through ``soft_period_accept``.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from advisory.accounts.models import User
from advisory.core.access import Action, require
from advisory.programmes import scheduling, services, wording
from advisory.programmes.models import Activity, Programme


def programme_warnings(
    programme: Programme, activities: Iterable[Activity] | None = None, plan: scheduling.Plan | None = None
) -> list[scheduling.Violation]:
    """The soft-period warnings of the programme's joint meetings (worded; ``params["accepted"]`` 1 for those an
    advisor accepted). ``activities`` and ``plan``: those already read (the plan page's), else read here."""
    rows = list(activities if activities is not None else programme.activities.all())
    plan = plan if plan is not None else services.programme_plan(programme, rows)
    accepted = {row.key: row.accepted_soft_period for row in rows if row.accepted_soft_period}
    template = programme.template_version.engine_template()
    visible = {row.key for row in rows}
    warnings = scheduling.soft_period_warnings(template, plan, accepted)
    return wording.worded(w for w in warnings if w.activity_key in visible)


@transaction.atomic
def soft_period_accept(*, activity: Activity, period_key: str, accepted: bool = True, by: User) -> Activity:
    """Accept (or, with ``accepted=False``, withdraw the acceptance of) the warning that ``activity`` lies in the
    soft closed period ``period_key``. Only those who may change the programme; only a warning the plan has now."""
    require(by, Action.CHANGE, activity.programme)
    activity = Activity.objects.select_for_update().get(pk=activity.pk)
    if not accepted:
        if activity.accepted_soft_period:
            activity.accepted_soft_period = ""
            activity.save(update_fields=["accepted_soft_period"])
        return activity
    current = {
        w.params.get("period_key") for w in programme_warnings(activity.programme) if w.activity_key == activity.key
    }
    if period_key not in current:
        raise ValidationError(
            _("“%(title)s” does not lie in that period now; there is no warning to accept.")
            % {"title": activity.title},
            code="no_warning",
        )
    if activity.accepted_soft_period != period_key:
        activity.accepted_soft_period = period_key
        activity.save(update_fields=["accepted_soft_period"])
    return activity

"""The success criterion evidenced by an uploaded presentation (``presentation_uploaded``), which the programmes'
criteria (advisory/programmes/criteria.py) ask this app to judge: registered in DocumentsConfig.ready()."""

from __future__ import annotations

import datetime

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from advisory.documents.selectors import presentations_by_org_and_activity
from advisory.organisations.models import Organisation
from advisory.programmes import criteria
from advisory.programmes.models import Activity

NAME = "presentation_uploaded"
LABEL = gettext_lazy("Shown by the uploaded presentation")


def presentation_uploaded(
    argument: str, activity: Activity, organisation: Organisation, facts: criteria.Evidence
) -> tuple[bool, str, datetime.date]:
    """The organisation's presentation for the meeting the activity prepares (or for the meeting itself) is
    uploaded, by the activity's last day or the meeting, whichever comes first."""
    prepared = facts.prepared_meeting(activity)
    if prepared is None:
        return False, _("There is no meeting to prepare a presentation for."), criteria.last_day(activity)
    met = (organisation.pk, prepared.pk) in facts.once(presentations_by_org_and_activity)
    explanation = (
        _("The presentation for “%(meeting)s” is uploaded.")
        if met
        else _("No presentation for “%(meeting)s” has been uploaded yet.")
    ) % {"meeting": prepared.title}
    return met, explanation, min(criteria.last_day(activity), prepared.starts_on)

"""Writing the knowledge bank: share a completed trial action, withdraw it, mark it exemplary (one function each,
``by`` the actor; access is checked here through the policies, the domain rules too, and django-auditlog records
each change)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.contrib.postgres.search import SearchVector
from django.core.exceptions import ValidationError
from django.db import connection, models, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy

from advisory.accounts.models import User
from advisory.core.access import Action, require
from advisory.core.cpr import validate_no_cpr
from advisory.development.prerequisites import for_kind
from advisory.knowledge.models import FeedbackSource, SharedTrialAction
from advisory.knowledge.search import SEARCH_CONFIG
from advisory.organisations.models import Membership
from advisory.programmes.models import TrialAction, TrialActionStatus

NOT_COMPLETED = gettext_lazy("Only a completed trial action can be shared in the knowledge bank.")
PREREQUISITE_NOT_OF_KIND = gettext_lazy("Choose one of the prerequisites this kind of programme works with.")
NAME_REMOVED = gettext_lazy("[name]")
ADDRESS_REMOVED = gettext_lazy("[e-mail]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_TEXT_FIELDS = ("title", "plan", "expectation", "experiences", "evaluation", "adjustment")


# --- taking out names --------------------------------------------------------------------------------------------


def _names_around(trial_action: TrialAction) -> list[str]:
    """The full names the platform knows of the people around a trial action: the people of the programme's
    organisations, its advisors, and whoever wrote it or feedback on it."""
    programme = trial_action.programme
    people = User.objects.filter(
        Q(pk__in=Membership.objects.filter(organisation__participations__programme=programme).values("user_id"))
        | Q(pk__in=programme.advisors.values("pk"))
        | Q(pk__in=trial_action.feedback.values("author_id"))
        | Q(pk=trial_action.created_by_id)
    ).values_list("first_name", "last_name")
    names: set[str] = set()
    for first, last in ((first.strip(), last.strip()) for first, last in people):
        if first and last:
            names.add(f"{first} {last}")
            names.add(f"{first.split()[0]} {last.split()[-1]}")  # without middle names
    return sorted(names, key=len, reverse=True)  # "Anne Marie Holm" before "Anne Holm"


def _name_pattern(names: Iterable[str]) -> re.Pattern[str] | None:
    alternatives = [r"\s+".join(re.escape(part) for part in name.split()) for name in names]
    if not alternatives:
        return None
    return re.compile(r"(?<!\w)(?:" + "|".join(alternatives) + r")(?!\w)", re.IGNORECASE)


def without_names(text: str, pattern: re.Pattern[str] | None, max_length: int | None = None) -> str:
    """The text with the known full names and any e-mail address replaced (a name the platform does not know stays:
    the coordinator sees the preview before sharing)."""
    if pattern is not None:
        text = pattern.sub(str(NAME_REMOVED), text)
    text = _EMAIL.sub(str(ADDRESS_REMOVED), text)
    return text[:max_length] if max_length else text


# --- the snapshot ----------------------------------------------------------------------------------------------


def share_preview(trial_action: TrialAction, prerequisite: str = "") -> SharedTrialAction:
    """The trial action as it would stand in the knowledge bank (not saved): its texts without names, the
    feedback without its authors, the organisation as its kind and region only."""
    # Asked of the database: an unsaved SharedTrialAction(trial_action=…) made for an access check sits in the
    # trial action's reverse cache.
    shared = SharedTrialAction.objects.filter(trial_action=trial_action).first()
    shared = shared or SharedTrialAction(trial_action=trial_action)
    pattern = _name_pattern(_names_around(trial_action))
    programme = trial_action.programme
    organisation = trial_action.organisation
    for name in _TEXT_FIELDS:
        source = trial_action.development_point if name == "title" else getattr(trial_action, name)
        field = SharedTrialAction._meta.get_field(name)
        max_length = field.max_length if isinstance(field, models.Field) else None
        setattr(shared, name, without_names(source or "", pattern, max_length))
    shared.prerequisite = prerequisite or shared.prerequisite
    shared.theme = programme.theme
    shared.programme_kind = programme.kind
    shared.organisation_kind = organisation.kind
    shared.region = organisation.region_on(trial_action.ends_on)
    shared.starts_on, shared.ends_on = trial_action.starts_on, trial_action.ends_on
    shared.feedback = [
        {
            "source": FeedbackSource.ADVISORS
            if entry.author and entry.author.is_agency_staff
            else FeedbackSource.GROUP,
            "text": without_names(entry.text, pattern),
            "written_on": timezone.localdate(entry.created_at).isoformat(),
        }
        for entry in trial_action.feedback.select_related("author").order_by("created_at", "pk")
    ]
    shared.search_document = search_document(shared)
    return shared


def search_document(shared: SharedTrialAction) -> str:
    parts: list[Any] = [shared.theme, *(getattr(shared, name) for name in _TEXT_FIELDS)]
    parts += [entry["text"] for entry in shared.feedback]
    return "\n".join(str(part) for part in parts if part)


# --- the actions -----------------------------------------------------------------------------------------------


@transaction.atomic
def trial_action_share(*, trial_action: TrialAction, prerequisite: str, by: User) -> SharedTrialAction:
    """Share a completed trial action in the knowledge bank, or share it again (its texts as they are now; an
    exemplary mark stays). The coordinator of the trial action's organisation only."""
    trial_action = (
        TrialAction.objects.select_for_update().select_related("programme", "organisation").get(pk=trial_action.pk)
    )
    require(by, Action.CREATE, SharedTrialAction(trial_action=trial_action))
    if trial_action.status != TrialActionStatus.COMPLETED:
        raise ValidationError(NOT_COMPLETED)
    if prerequisite not in for_kind(trial_action.programme.kind):
        raise ValidationError({"prerequisite": PREREQUISITE_NOT_OF_KIND})
    shared = share_preview(trial_action, prerequisite)
    for entry in shared.feedback:  # the CPR guard, as everywhere (the model's fields are checked by full_clean)
        validate_no_cpr(entry["text"])
    shared.shared_by = by
    shared.shared_at = timezone.now()
    shared.full_clean()
    shared.save()
    if connection.vendor == "postgresql":  # the stemmed words the search reads (selectors.bank_search)
        vector = SearchVector("search_document", config=SEARCH_CONFIG)
        SharedTrialAction.objects.filter(pk=shared.pk).update(search_vector=vector)
    return shared


@transaction.atomic
def trial_action_withdraw(*, trial_action: TrialAction, by: User) -> None:
    """Take a trial action out of the knowledge bank (its snapshot is deleted). The coordinator of its organisation."""
    shared = SharedTrialAction.objects.select_related("trial_action").filter(trial_action=trial_action).first()
    if shared is None:
        require(by, Action.DELETE, SharedTrialAction(trial_action=trial_action))
        return
    require(by, Action.DELETE, shared)
    shared.delete()


@transaction.atomic
def exemplary_mark(*, shared: SharedTrialAction, exemplary: bool, by: User) -> SharedTrialAction:
    """An advisor marks a shared trial action exemplary, or takes the mark away (again: no change)."""
    require(by, Action.CHANGE, shared)
    if shared.exemplary == exemplary:
        return shared
    shared.exemplary = exemplary
    shared.exemplary_by = by if exemplary else None
    shared.exemplary_at = timezone.now() if exemplary else None
    shared.save(update_fields=["exemplary", "exemplary_by", "exemplary_at"])
    return shared

"""The knowledge bank in the API: search and read it, share a trial action or withdraw it, mark exemplary – the same
selectors and write functions (and so the same access) as the pages."""

import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Query, Router, Schema, Status
from ninja.pagination import paginate

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import Action, get_object_for
from advisory.core.api import ERRORS
from advisory.core.pagination import MAX_OFFSET, BoundedLimitOffsetPagination
from advisory.development.prerequisites import Prerequisite
from advisory.knowledge import selectors, services
from advisory.knowledge.models import FeedbackSource, SharedTrialAction
from advisory.knowledge.policies import may_read_bank
from advisory.organisations.models import OrganisationKind
from advisory.programmes.models import ProgrammeKind, TrialAction

router = Router(tags=["knowledge bank"])


class BankPageInput(BoundedLimitOffsetPagination.Input):
    limit: int = Field(selectors.PAGE_SIZE, ge=1, le=100)
    offset: int = Field(0, ge=0, le=MAX_OFFSET)


class BankPagination(BoundedLimitOffsetPagination):
    """20 a page, as on the page; at most 100 (its input named for the bank: the OpenAPI component is the class's
    name, and the core pagination's ``Input`` holds that one)."""

    Input = BankPageInput


class BankFilter(Schema):
    q: str = Field("", max_length=selectors.MAX_QUERY_LENGTH, description="Text search (Danish stemming)")
    theme: str = Field("", max_length=200, description="The programme's theme, exactly (any case)")
    prerequisite: Prerequisite | None = None
    organisation_kind: OrganisationKind | None = None
    region_id: int | None = Field(None, ge=1, le=2**31 - 1)
    exemplary: bool = False


class FeedbackOut(Schema):
    source: FeedbackSource
    text: str
    written_on: datetime.date


class SharedTrialActionOut(Schema):
    id: int
    title: str
    theme: str
    prerequisite: Prerequisite
    programme_kind: ProgrammeKind
    organisation_kind: OrganisationKind
    region: str | None
    starts_on: datetime.date
    ends_on: datetime.date
    weeks: int
    plan: str
    expectation: str
    experiences: str
    evaluation: str
    adjustment: str
    feedback: list[FeedbackOut]
    shared_at: datetime.datetime
    exemplary: bool
    exemplary_at: datetime.datetime | None

    @staticmethod
    def resolve_region(obj: SharedTrialAction) -> str | None:
        return obj.region.name if obj.region else None


class ShareIn(Schema):
    prerequisite: Prerequisite


class ExemplaryIn(Schema):
    exemplary: bool


def _trial_action(request: HttpRequest, programme_id: int, trial_id: int) -> TrialAction:
    queryset = TrialAction.objects.filter(programme_id=programme_id).select_related("programme", "organisation")
    return get_object_for(request.user, queryset, pk=trial_id)


@router.get("/knowledge", response={200: list[SharedTrialActionOut], **ERRORS})
@paginate(BankPagination)
def list_shared_trial_actions(request: HttpRequest, filters: Query[BankFilter]) -> QuerySet[SharedTrialAction]:
    """Search the knowledge bank: logged-in organisation people and agency staff."""
    if not may_read_bank(request.user):
        raise PermissionDenied
    return selectors.bank_search(
        request.user,
        q=filters.q,
        theme=filters.theme,
        prerequisite=filters.prerequisite or "",
        organisation_kind=filters.organisation_kind or "",
        region=filters.region_id,
        exemplary=filters.exemplary,
    )


@router.get("/knowledge/{int:shared_id}", response={200: SharedTrialActionOut, **ERRORS})
def get_shared_trial_action(request: HttpRequest, shared_id: int) -> SharedTrialAction:
    return get_object_for(request.user, SharedTrialAction.objects.select_related("region"), pk=shared_id)


@router.put("/knowledge/{int:shared_id}/exemplary", response={200: SharedTrialActionOut, **ERRORS})
def mark_exemplary(request: AuthenticatedHttpRequest, shared_id: int, payload: ExemplaryIn) -> SharedTrialAction:
    """Advisors mark a shared trial action exemplary (true) or take the mark away (false)."""
    shared = get_object_for(
        request.user, SharedTrialAction.objects.select_related("region"), Action.CHANGE, pk=shared_id
    )
    return services.exemplary_mark(shared=shared, exemplary=payload.exemplary, by=request.user)


@router.put(
    "/programmes/{int:programme_id}/trial-actions/{int:trial_id}/knowledge-share",
    response={200: SharedTrialActionOut, **ERRORS},
)
def share_trial_action(
    request: AuthenticatedHttpRequest, programme_id: int, trial_id: int, payload: ShareIn
) -> SharedTrialAction:
    """Share a completed trial action in the knowledge bank, or share it again with its texts as they are now (its
    organisation's coordinator)."""
    trial_action = _trial_action(request, programme_id, trial_id)
    return services.trial_action_share(trial_action=trial_action, prerequisite=payload.prerequisite, by=request.user)


@router.delete(
    "/programmes/{int:programme_id}/trial-actions/{int:trial_id}/knowledge-share", response={204: None, **ERRORS}
)
def withdraw_trial_action(request: AuthenticatedHttpRequest, programme_id: int, trial_id: int) -> Status[None]:
    """Withdraw a trial action from the knowledge bank (its organisation's coordinator; not shared: no change)."""
    services.trial_action_withdraw(trial_action=_trial_action(request, programme_id, trial_id), by=request.user)
    return Status(204, None)

"""The world the API fuzzer runs against: the permission matrix's people, organisations and programmes, every record
its endpoints name, personal API tokens for the fuzzing roles, and the server's tracebacks of 5xx answers."""

from __future__ import annotations

import resource
import sys
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from django.core.signals import got_request_exception

from advisory.accounts.models import ApiToken, User
from advisory.development.models import DevelopmentAction, DevelopmentPoint, Goal, ProgressNote, Recommendation
from advisory.development.prerequisites import Prerequisite
from advisory.documents.models import Document
from advisory.intake.models import IntakeRound, Registration
from advisory.knowledge.models import SharedTrialAction
from advisory.notifications.models import OutboxMessage
from advisory.offers.models import ContactPerson
from advisory.organisations.models import Membership, MembershipInvitation, Organisation
from advisory.programmes.models import (
    Activity,
    MeetingParticipant,
    Programme,
    SlotOffer,
    TemplateVersion,
    TrialAction,
)
from advisory.requests.models import ExpressionOfInterest, Season, TaskforceRequest
from advisory.taskforce.models import (
    DataCollectionItem,
    FollowUpItem,
    LearningActivity,
    PoliticalPresentation,
    StatusDecision,
)
from tests import factories
from tests.test_permission_matrix import PATH_PARAMETERS, World, build_world

# The roles the fuzzer runs as, and who they are in the permission matrix's world.
ROLES = {"advisor": "advisor", "coordinator": "coordinator_own"}

SCHEMATHESIS_CASE_HEADER = "X-Schemathesis-TestCaseId"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The fuzzer's long tests first: under xdist they start at once, instead of lengthening the end of the run."""
    items.sort(key=lambda item: "tests/fuzz/" not in str(item.path))


@dataclass
class FuzzWorld:
    world: World
    tokens: dict[str, str]  # role -> raw personal API token
    # Path parameter -> real values (ids, activity keys) the generated paths draw from, each on its own.
    pools: dict[str, list[Any]] = field(default_factory=dict)
    # Path parameter -> the permission matrix's record for it (PATH_PARAMETERS): values that belong together, so
    # that a path with several ids (a programme's goal, an activity's participant) names a real row.
    matrix: dict[str, Any] = field(default_factory=dict)


def _ids(model: Any, keep: set[int] | None = None) -> list[int]:
    return sorted(set(model.objects.values_list("pk", flat=True)) - (keep or set()))


def _activity_keys(status_meetings: bool = False) -> list[str]:
    keys = sorted(set(Activity.objects.values_list("key", flat=True)))
    return [key for key in keys if key.startswith("status_meeting")] if status_meetings else keys


# Every path parameter of the API (and the ids of bodies, BODY_IDS) -> the values of the world's real rows (ids,
# activity keys). ``keep`` holds what
# the fuzzing role must not delete under its own feet (its token, its memberships): those are left out.
# test_every_path_parameter_has_real_rows fails on a parameter missing here.
POOLS: dict[str, Callable[[dict[str, set[int]]], list[Any]]] = {
    "organisation_id": lambda keep: _ids(Organisation),
    "person_id": lambda keep: _ids(User),
    "token_id": lambda keep: _ids(ApiToken, keep["token_id"]),
    "membership_id": lambda keep: _ids(Membership, keep["membership_id"]),
    "invitation_id": lambda keep: _ids(MembershipInvitation),
    "programme_id": lambda keep: _ids(Programme),
    "version_id": lambda keep: _ids(TemplateVersion),
    "key": lambda keep: _activity_keys(),
    "meeting_key": lambda keep: _activity_keys(status_meetings=True),
    "index": lambda keep: [0, 1, 2],
    "participant_id": lambda keep: _ids(MeetingParticipant),
    "round_id": lambda keep: _ids(IntakeRound),
    "year": lambda keep: sorted({r.year for r in IntakeRound.objects.exclude(year=None)} | {2026, 2027, 2028}),
    "registration_id": lambda keep: _ids(Registration),
    "activity_id": lambda keep: _ids(Activity),
    "trial_id": lambda keep: _ids(TrialAction),
    "message_id": lambda keep: _ids(OutboxMessage),
    "document_id": lambda keep: _ids(Document),
    "interest_id": lambda keep: _ids(ExpressionOfInterest),
    "request_id": lambda keep: _ids(TaskforceRequest),
    "season_id": lambda keep: _ids(Season),
    "prerequisite": lambda keep: [choice.value for choice in Prerequisite],
    "recommendation_id": lambda keep: _ids(Recommendation),
    "point_id": lambda keep: _ids(DevelopmentPoint),
    "goal_id": lambda keep: _ids(Goal),
    "note_id": lambda keep: _ids(ProgressNote),
    "action_id": lambda keep: _ids(DevelopmentAction),
    "data_item_id": lambda keep: _ids(DataCollectionItem),
    "presentation_id": lambda keep: _ids(PoliticalPresentation),
    "learning_activity_id": lambda keep: _ids(LearningActivity),
    "decision_id": lambda keep: _ids(StatusDecision),
    "follow_up_id": lambda keep: _ids(FollowUpItem),
    "offer_id": lambda keep: _ids(SlotOffer),
    "offer_kind": lambda keep: ["group", "individual", "taskforce"],
    "language": lambda keep: ["da", "en"],
    "contact_id": lambda keep: _ids(ContactPerson),
    "shared_id": lambda keep: _ids(SharedTrialAction),
}


@pytest.fixture
def fuzz_world(transactional_db, settings, tmp_path) -> FuzzWorld:  # type: ignore[no-untyped-def]
    """The permission matrix's world, really written (the live server answers from another thread), with every
    record its endpoints name made (not only when asked for), a shelter, a second token of each fuzzing role's
    person (something to revoke), and a personal API token per role."""
    settings.MEDIA_ROOT = tmp_path / "media"  # uploaded documents
    settings.MFA_REQUIRED_FOR_STAFF = False  # tokens of agency staff work only with two-factor otherwise
    matrix_world = build_world()
    matrix = {name: build(matrix_world) for name, build in PATH_PARAMETERS.items()}
    factories.ShelterFactory(name="Herberget", municipality=matrix_world.own)
    tokens: dict[str, str] = {}
    keep: dict[str, set[int]] = {"token_id": set(), "membership_id": set()}
    for role, person in ROLES.items():
        user = matrix_world.users[person]
        token, raw = ApiToken.issue(user=user, name=f"fuzz {role}")
        ApiToken.issue(user=user, name=f"spare {role}")
        tokens[role] = raw
        keep["token_id"].add(token.pk)
        keep["membership_id"].update(Membership.objects.filter(user=user).values_list("pk", flat=True))
    pools = {name: build(keep) for name, build in POOLS.items()}
    return FuzzWorld(world=matrix_world, tokens=tokens, pools=pools, matrix=matrix)


@pytest.fixture
def server_tracebacks() -> Iterator[dict[str, str]]:
    """The live server's traceback of every request that raised, by the fuzzer's test case id (the header
    schemathesis sends with each request); the key "?" collects those without one."""
    found: dict[str, str] = {}

    def remember(sender: Any, request: Any = None, **kwargs: Any) -> None:
        case_id = request.headers.get(SCHEMATHESIS_CASE_HEADER, "?") if request is not None else "?"
        found[case_id] = "".join(traceback.format_exception(*sys.exc_info()))

    got_request_exception.connect(remember, weak=False)
    try:
        yield found
    finally:
        got_request_exception.disconnect(remember)


@pytest.fixture
def memory_cap() -> Iterator[None]:
    """A request that asks for unbounded work fails with MemoryError (a 500 the fuzzer reports) instead of taking
    the machine's memory: the process's address space may grow by at most 3 GiB while the fuzzer runs."""
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    with open("/proc/self/status", encoding="ascii") as status:
        size_kib = next(int(line.split()[1]) for line in status if line.startswith("VmSize:"))
    cap = size_kib * 1024 + 3 * 1024**3
    if hard != resource.RLIM_INFINITY:
        cap = min(cap, hard)
    resource.setrlimit(resource.RLIMIT_AS, (cap, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))

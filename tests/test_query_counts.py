"""Query counts of the key pages do not grow with the data (issue #8).

Each case counts the queries of one page with 10 rows of what the page lists, adds rows up to 1,000, and
counts again: the two counts must be equal (no query per row). Programmes for the lists are written in bulk
(without plans); pages that show a plan get real plans. The feed and the plan preview compare 1 and 10 real
programmes (each with its whole plan). The benchmark
(bench/bench_pages.py) reports the same pages' counts at scale.
"""

from __future__ import annotations

import datetime
import itertools
from collections.abc import Callable
from typing import Any

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from advisory.notifications.calendar_feeds import feed_path
from advisory.notifications.models import FeedKind
from advisory.notifications.services import feed_token_issue
from advisory.organisations.models import Membership, MembershipFunction, Organisation, OrganisationKind
from advisory.programmes import services
from advisory.programmes.models import MeetingParticipant, ProgrammeTemplate, TrialAction
from tests import factories

_serial = itertools.count()


@pytest.fixture
def world(db, advisor, coordinator, municipality):  # type: ignore[no-untyped-def]
    services.templates_load_builtin()
    others = [factories.MunicipalityFactory(name=f"Kommune {n}", municipality_code=f"09{n:02d}") for n in range(5)]
    return {"advisor": advisor, "coordinator": coordinator, "municipality": municipality, "others": others}


def _programmes(world: dict[str, Any], n: int, **options: int) -> list[Any]:
    """n group programmes with the coordinator's municipality and two others, advised by the advisor."""
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    base = datetime.date(2026, 9, 7)
    made = []
    for _ in range(n):
        i = next(_serial)
        made.append(
            services.programme_create(
                version=version,
                title=f"Gruppeforløb {i}",
                anchors={"acceptance": base + datetime.timedelta(days=7 * (i % 20))},
                options=options or None,
                organisations=[world["municipality"], *world["others"][i % 3 : i % 3 + 2]],
                advisors=[world["advisor"]],
            )
        )
    return made


def _bulk_programmes(world: dict[str, Any], n: int) -> None:
    """n group programmes written in bulk (no plan): enough for the lists, which show programmes, not plans."""
    from advisory.programmes.models import Programme, ProgrammeOrganisation

    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    made = Programme.objects.bulk_create(
        Programme(kind="group", template_version=version, title=f"Gruppeforløb {next(_serial)}", anchors={})
        for _ in range(n)
    )
    organisations = [world["municipality"], *world["others"][:2]]
    ProgrammeOrganisation.objects.bulk_create(
        ProgrammeOrganisation(programme=programme, organisation=organisation)
        for programme in made
        for organisation in organisations
    )
    Programme.advisors.through.objects.bulk_create(
        Programme.advisors.through(programme_id=programme.pk, user_id=world["advisor"].pk) for programme in made
    )


def _shelters(world: dict[str, Any], n: int) -> None:
    Organisation.objects.bulk_create(
        Organisation(
            kind=OrganisationKind.SHELTER, name=f"Herberget {next(_serial)}", municipality=world["municipality"]
        )
        for _ in range(n)
    )


def _trial_actions(world: dict[str, Any], programme: Any, n: int) -> None:
    TrialAction.objects.bulk_create(
        TrialAction(
            programme=programme,
            organisation=world["municipality"],
            development_point="Fast overlevering",
            plan="Vi prøver et overleveringsmøde.",
            starts_on=datetime.date(2026, 10, 1),
            ends_on=datetime.date(2026, 10, 30),
            status="completed",
        )
        for _ in range(n)
    )


def _bookings(world: dict[str, Any], activity: Any, n: int) -> None:
    from advisory.accounts.models import User

    people = User.objects.bulk_create(
        User(email=f"deltager{next(_serial)}@example.dk", first_name="Deltager", role="organisation_member")
        for _ in range(n)
    )
    Membership.objects.bulk_create(
        Membership(organisation=world["municipality"], user=person, function=MembershipFunction.IMPLEMENTATION_TEAM)
        for person in people
    )
    MeetingParticipant.objects.bulk_create(
        MeetingParticipant(activity=activity, user=person, organisation=world["municipality"]) for person in people
    )


def _count(client: Client, method: str, path: str, **kwargs: Any) -> int:
    with CaptureQueriesContext(connection) as captured:
        response = getattr(client, method)(path, **kwargs)
    assert response.status_code == 200, (path, response.status_code)
    return len(captured)


def _logged_in(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _same_count(few: Callable[[], tuple[Client, str, str, dict[str, Any]]], more: Callable[[], None]) -> None:
    """Built (the cache empty) and shown again (what a page keeps in the cache under the data version): each the
    same count with 1,000 rows as with 10."""
    client, method, path, kwargs = few()
    _count(client, method, path, **kwargs)  # warm: session, caches of the first request

    def built_and_again() -> tuple[int, int]:
        cache.clear()
        return _count(client, method, path, **kwargs), _count(client, method, path, **kwargs)

    small = built_and_again()
    more()
    large = built_and_again()
    assert small == large, f"{path}: (built, again) {small} queries with 10 rows, {large} with 1,000"
    assert small[1] <= small[0]


@pytest.mark.parametrize("who", ["advisor", "coordinator"])
def test_start_page(world, who):  # type: ignore[no-untyped-def]
    def few():  # type: ignore[no-untyped-def]
        _programmes(world, 3)
        _bulk_programmes(world, 7)
        return _logged_in(world[who]), "get", "/", {}

    _same_count(few, lambda: _bulk_programmes(world, 990))


@pytest.mark.parametrize("path", ["/forloeb/", "/forloeb/?q=Kommune", "/api/programmes"])
def test_programme_lists(world, path):  # type: ignore[no-untyped-def]
    def few():  # type: ignore[no-untyped-def]
        _programmes(world, 3)
        _bulk_programmes(world, 7)
        return _logged_in(world["advisor"]), "get", path, {}

    _same_count(few, lambda: _bulk_programmes(world, 990))


def test_programme_detail(world):  # type: ignore[no-untyped-def]
    small, large = {}, {}

    def few():  # type: ignore[no-untyped-def]
        small["p"] = _programmes(world, 1)[0]
        large["p"] = _programmes(world, 1, reflection_meetings=6)[0]  # the most the group template allows
        _trial_actions(world, small["p"], 10)
        _trial_actions(world, large["p"], 1000)
        return _logged_in(world["advisor"]), "get", f"/forloeb/{small['p'].pk}/", {}

    client, method, path, _kwargs = few()
    _count(client, method, path)

    def built_and_again(page: str) -> tuple[int, int]:
        # Built (the cache empty) and shown again: the page keeps its content under the data version.
        cache.clear()
        return _count(client, method, page), _count(client, method, page)

    count_small = built_and_again(path)
    count_large = built_and_again(f"/forloeb/{large['p'].pk}/")
    assert large["p"].activities.count() > small["p"].activities.count() + 10
    assert count_small == count_large
    assert count_small[1] <= count_small[0]


def test_meeting_page(world):  # type: ignore[no-untyped-def]
    state = {}

    def few():  # type: ignore[no-untyped-def]
        programme = _programmes(world, 1)[0]
        state["meeting"] = programme.activities.get(key="reflection_meeting-1")
        _bookings(world, state["meeting"], 10)
        _trial_actions(world, programme, 10)
        return _logged_in(world["advisor"]), "get", f"/forloeb/{programme.pk}/aktiviteter/reflection_meeting-1/", {}

    def more() -> None:
        _bookings(world, state["meeting"], 990)
        _trial_actions(world, state["meeting"].programme, 990)

    _same_count(few, more)


def test_organisation_list_with_filter(world):  # type: ignore[no-untyped-def]
    def few():  # type: ignore[no-untyped-def]
        _shelters(world, 10)
        return _logged_in(world["advisor"]), "get", "/organisationer/?kind=shelter&q=Herberget", {}

    _same_count(few, lambda: _shelters(world, 990))


def test_person_calendar_feed(world):  # type: ignore[no-untyped-def]
    """Built (the cache empty) and served from the cache: each the same count with ten times the programmes."""
    _programmes(world, 1)
    client, path = Client(), feed_path(feed_token_issue(owner=world["coordinator"], kind=FeedKind.PERSON))
    _count(client, "get", path)  # the first fetch notes when the address was last used

    def built_and_cached() -> tuple[int, int]:
        cache.clear()
        return _count(client, "get", path), _count(client, "get", path)

    small = built_and_cached()
    _programmes(world, 10)
    large = built_and_cached()
    assert small == large, f"feed (built, cached): {small} queries with few rows, {large} with ten times as many"
    assert small[1] <= small[0]


def test_plan_preview(world):  # type: ignore[no-untyped-def]
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    payload = {"template_version_id": version.pk, "anchors": {"acceptance": "2027-03-01"}}

    def few():  # type: ignore[no-untyped-def]
        _programmes(world, 1)
        return (
            _logged_in(world["advisor"]),
            "post",
            "/api/plans/preview",
            {
                "data": payload,
                "content_type": "application/json",
            },
        )

    _same_count(few, lambda: _programmes(world, 10))


def test_a_late_page_is_read_ids_first_with_the_same_rows_and_queries_as_the_first(world):  # type: ignore[no-untyped-def]
    from advisory.core.pagination import IdFirstPaginator, rows_by_ids_first
    from advisory.programmes.selectors import programme_list

    _programmes(world, 12)
    listed = programme_list(world["advisor"])
    assert [p.pk for p in rows_by_ids_first(listed, 5, 4)] == [p.pk for p in listed[5:9]]
    late = IdFirstPaginator(listed, 5).page(3)
    assert [(p.pk, p.organisation_count) for p in late] == [(p.pk, p.organisation_count) for p in listed[10:12]]
    assert rows_by_ids_first(listed, 50, 5) == []

    client = _logged_in(world["advisor"])
    first = _count(client, "get", "/forloeb/?side=1")
    assert _count(client, "get", "/forloeb/?side=99") == first  # the last page (get_page), read the same way
    api = client.get("/api/programmes?limit=5&offset=10").json()
    assert api["count"] == 12 and [item["id"] for item in api["items"]] == [p.pk for p in listed[10:12]]

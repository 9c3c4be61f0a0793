"""A person's query compiled once per shape (advisory/core/compiled.py): the same SQL and rows as compiling it
each time, for every role, each person with their own ids, and no reuse where the ids change the SQL."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
from django.db.models import QuerySet

from advisory.core import compiled
from advisory.core.access import scope
from advisory.core.compiled import compiled_query, run
from advisory.organisations.models import Membership, MembershipFunction, Organisation
from tests.factories import (
    AdministratorFactory,
    AdvisorFactory,
    MembershipFactory,
    MunicipalityFactory,
    TaskforceMemberFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _no_shapes_kept() -> Iterator[None]:
    compiled._shapes.clear()
    yield
    compiled._shapes.clear()


def organisations_of(person: Any, lowest_id: int) -> QuerySet[Any]:
    """A query through the access helper with the person's id in subqueries and a second id as a value (the
    lowest organisation id shown)."""
    coordinated = Membership.objects.filter(user=person, function=MembershipFunction.COORDINATOR)
    return (
        scope(person, Organisation)
        .filter(pk__gte=lowest_id)
        .exclude(pk__in=coordinated.values("organisation_id"))
        .order_by("pk")
        .values_list("pk", "name")
    )


def direct(person: Any, lowest_id: int) -> tuple[str, list[Any], list[tuple[Any, ...]]]:
    queryset = organisations_of(person, lowest_id)
    sql, params = queryset.query.sql_with_params()
    return sql, list(params), list(queryset)


def people(db: Any) -> list[Any]:
    first, second = MunicipalityFactory(), MunicipalityFactory()
    member = UserFactory()
    MembershipFactory(user=member, organisation=first)
    coordinator = UserFactory()
    MembershipFactory(user=coordinator, organisation=first, function=MembershipFunction.COORDINATOR)
    MembershipFactory(user=coordinator, organisation=second)
    other_member = UserFactory()
    MembershipFactory(user=other_member, organisation=second)
    return [member, coordinator, other_member, AdvisorFactory(), AdministratorFactory(), TaskforceMemberFactory()]


def test_every_role_gets_the_sql_and_rows_of_compiling_each_time(db) -> None:
    everyone = people(db)
    lowest = sorted(Organisation.objects.values_list("pk", flat=True))
    for _round in range(2):  # the first call of a shape compiles it, the second reuses it
        for person in everyone:
            for lowest_id in lowest:
                sql, params, using = compiled_query("organisations-of", person, organisations_of, lowest_id)
                expected_sql, expected_params, expected_rows = direct(person, lowest_id)
                assert (sql, params) == (expected_sql, expected_params)
                assert run(sql, params, using) == [tuple(row) for row in expected_rows]
    # one shape per role (and superuser and active flags), not per person
    assert len(compiled._shapes) == len({(p.role, p.is_superuser, p.is_active) for p in everyone})


def test_two_people_of_one_role_each_see_their_own_rows(db) -> None:
    member, _coordinator, other_member, *_ = people(db)
    lowest = min(Organisation.objects.values_list("pk", flat=True))
    seen = []
    for person in (member, other_member):
        sql, params, using = compiled_query("organisations-of", person, organisations_of, lowest)
        seen.append(run(sql, params, using))
        assert seen[-1] == direct(person, lowest)[2]
    assert len(compiled._shapes) == 1
    assert seen[0] and seen[1] and seen[0] != seen[1]  # each their own organisation, from one shape


def test_a_query_whose_sql_changes_with_the_ids_is_compiled_each_time(db) -> None:
    member, *_ = people(db)

    def listed(person: Any, count: int) -> QuerySet[Any]:
        # the id decides how many values the IN list has: no shape fits every id
        return Organisation.objects.filter(pk__in=list(range(1, abs(count) % 7 + 2))).values_list("pk")

    for count in (1, 3, 5):
        sql, params, _using = compiled_query("listed", member, listed, count)
        assert params == list(range(1, count + 2))
        assert sql.count("%s") == count + 1
    assert compiled._shapes[("listed", member.role, False, True, 1)] is compiled._NOT_KEPT


def test_a_constant_equal_to_a_stand_in_is_not_taken_for_an_id(db) -> None:
    member, *_ = people(db)

    def with_constant(person: Any, lowest_id: int) -> QuerySet[Any]:
        return Organisation.objects.filter(pk=compiled._SECOND, pk__gte=lowest_id).values_list("pk")

    _sql, params, _using = compiled_query("constant", member, with_constant, 7)
    assert params == [compiled._SECOND, 7]
    assert compiled._shapes[("constant", member.role, False, True, 1)] is compiled._NOT_KEPT


def test_a_query_that_reads_the_database_while_it_is_built_is_refused(db) -> None:
    member, *_ = people(db)

    def eager(person: Any, lowest_id: int) -> QuerySet[Any]:
        # the person's organisations read into a list: for a stand-in that list would be kept for everyone
        own = list(Membership.objects.filter(user=person).values_list("organisation_id", flat=True))
        return Organisation.objects.filter(pk__in=own, pk__gte=lowest_id).values_list("pk")

    with pytest.raises(RuntimeError, match="read the database"):
        compiled_query("eager", member, eager, 1)


def test_nothing_of_the_person_but_the_shape_fields_reaches_a_kept_query(db) -> None:
    member, _coordinator, other_member, *_ = people(db)

    def by_email(person: Any, lowest_id: int) -> QuerySet[Any]:
        return Organisation.objects.filter(memberships__user__email=person.email, pk__gte=lowest_id).values_list("pk")

    _sql, params, _using = compiled_query("by-email", member, by_email, 1)
    assert member.email not in params  # the stand-in has no e-mail address: none of the first person's is kept
    _sql, params, _using = compiled_query("by-email", other_member, by_email, 1)
    assert member.email not in params

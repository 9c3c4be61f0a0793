"""Organisations in the API: creating shelters, refusals in Danish, the same access as the pages, bearer tokens."""

from __future__ import annotations

import datetime
import json
from typing import Any

import pytest
from django.test import Client

from advisory.accounts.models import ApiToken, Role, User
from advisory.organisations.api import INVITE_INSTEAD
from advisory.organisations.models import Membership, Organisation
from advisory.organisations.services import DUPLICATE_SHELTER_NAME
from tests import factories
from tests.helpers import danish, msgid_of

pytestmark = pytest.mark.django_db

SHELTERS = "/api/organisations/shelters"


class Api:
    """A client that authenticates with a personal bearer token, as a script would."""

    def __init__(self, user: Any, language: str = "da") -> None:
        _token, raw = ApiToken.issue(user=user, name="test")
        self.client = Client(HTTP_AUTHORIZATION=f"Bearer {raw}", HTTP_ACCEPT_LANGUAGE=language)

    def get(self, path: str, **params: Any) -> Any:
        return self.client.get(path, params)

    def post(self, path: str, body: Any) -> Any:
        data = body if isinstance(body, str | bytes) else json.dumps(body)
        return self.client.post(path, data=data, content_type="application/json")

    def patch(self, path: str, body: Any) -> Any:
        return self.client.patch(path, data=json.dumps(body), content_type="application/json")


@pytest.fixture
def advisor_api(advisor):  # type: ignore[no-untyped-def]
    return Api(advisor)


@pytest.fixture
def coordinator_api(coordinator):  # type: ignore[no-untyped-def]
    return Api(coordinator)


def shelters() -> int:
    return Organisation.objects.shelters().count()


# --- Creating a shelter -------------------------------------------------------------------------------------


def test_an_advisor_creates_a_shelter_with_a_bearer_token(advisor_api, municipality):
    response = advisor_api.post(
        SHELTERS,
        {
            "name": "Herberget Sct. Nikolaj",
            "municipality_id": municipality.pk,
            "tilbudsportalen_id": "4711",
            "address": "Nørregade 1, 8000 Aarhus C",
        },
    )
    assert response.status_code == 201
    body = response.json()
    shelter = Organisation.objects.get(pk=body["id"])
    assert body == {
        "id": shelter.pk,
        "kind": "shelter",
        "name": "Herberget Sct. Nikolaj",
        "municipality_code": None,
        "municipality_id": municipality.pk,
        "tilbudsportalen_id": "4711",
        "address": "Nørregade 1, 8000 Aarhus C",
        "region": None,
        "cvr": "",  # kept by advisors for log-in with MitID Erhverv; none given
    }
    assert shelter.is_shelter and shelter.municipality == municipality


def test_the_created_shelter_is_read_back_with_its_region(advisor_api, municipality):
    region = factories.RegionFactory(code="1082", name="Region Midtjylland")
    municipality.region_memberships.create(region=region, valid_from=datetime.date(2007, 1, 1))
    created = advisor_api.post(SHELTERS, {"name": "Herberget", "municipality_id": municipality.pk}).json()
    assert created["region"] == "Region Midtjylland"
    assert advisor_api.get(f"/api/organisations/{created['id']}").json() == created


def max_length_message(limit: int, shown: int) -> str:
    return danish(
        "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
        "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
        limit,
        limit_value=limit,
        show_value=shown,
    )


BAD_PAYLOADS = [
    pytest.param({"name": ""}, "name", lambda: danish("This field is required."), id="empty name"),
    pytest.param({"name": "   "}, "name", lambda: danish("This field is required."), id="blank name"),
    pytest.param(
        {"municipality_id": 987654},
        "municipality_id",
        lambda: danish("Choose a municipality from the list."),
        id="unknown municipality",
    ),
    pytest.param({"name": "x" * 201}, "name", lambda: max_length_message(200, 201), id="name too long"),
    pytest.param(
        {"tilbudsportalen_id": "1" * 21}, "tilbudsportalen_id", lambda: max_length_message(20, 21), id="id too long"
    ),
    pytest.param(
        {"tilbudsportalen_id": "12-AB"},
        "tilbudsportalen_id",
        lambda: danish("The offer id from Tilbudsportalen consists of digits only."),
        id="id not digits",
    ),
    pytest.param(
        {"municipality_id": "Aarhus"}, "municipality_id", lambda: danish("Enter a whole number."), id="id as text"
    ),
    pytest.param({"name": 42}, "name", lambda: danish("Enter a valid value."), id="name as number"),
    pytest.param({"name": ["Herberget"]}, "name", lambda: danish("Enter a valid value."), id="name as list"),
    pytest.param({"name": None}, "name", lambda: danish("Enter a valid value."), id="name null"),
    pytest.param(
        {"municipality_id": None}, "municipality_id", lambda: danish("Enter a whole number."), id="municipality null"
    ),
    pytest.param({"name": "Kirkens Korshær"}, "name", lambda: danish(msgid_of(DUPLICATE_SHELTER_NAME)), id="duplicate"),
]


@pytest.mark.parametrize(("change", "field", "expected"), BAD_PAYLOADS)
def test_a_bad_payload_is_refused_with_danish_messages_per_field(advisor_api, municipality, change, field, expected):
    factories.ShelterFactory(name="Kirkens Korshær", municipality=municipality)
    before = shelters()
    response = advisor_api.post(SHELTERS, {"name": "Herberget", "municipality_id": municipality.pk, **change})
    assert response.status_code in (400, 422), response.content
    body = response.json()
    assert body["detail"] == danish("The data is not valid.")
    assert body["errors"] == {field: [expected()]}
    assert shelters() == before


@pytest.mark.parametrize(
    ("payload", "errors"),
    [
        pytest.param({}, {"name", "municipality_id"}, id="nothing"),
        pytest.param({"name": "Herberget"}, {"municipality_id"}, id="no municipality"),
    ],
)
def test_missing_fields_are_each_named_in_danish(advisor_api, payload, errors):
    response = advisor_api.post(SHELTERS, payload)
    assert response.status_code in (400, 422)
    body = response.json()
    assert set(body["errors"]) == errors
    assert all(messages == [danish("This field is required.")] for messages in body["errors"].values())
    assert shelters() == 0


@pytest.mark.parametrize("body", ["not json", "[1, 2]", '"Herberget"'], ids=["garbage", "a list", "a string"])
def test_a_body_that_is_not_a_json_object_is_refused_in_danish(advisor_api, body):
    response = advisor_api.post(SHELTERS, body)
    assert response.status_code in (400, 422)
    assert response.json()["detail"] in {danish("The data is not valid."), danish("Enter a valid JSON.")}
    assert shelters() == 0


def test_the_messages_follow_the_accept_language_header(advisor, municipality):
    english = Api(advisor, language="en")
    response = english.post(SHELTERS, {"name": "", "municipality_id": "Aarhus"})
    assert response.json()["errors"] == {"municipality_id": ["Enter a whole number."]}
    response = english.post(SHELTERS, {"name": "", "municipality_id": municipality.pk})
    assert response.json() == {"detail": "The data is not valid.", "errors": {"name": ["This field is required."]}}


def test_a_bad_query_parameter_is_refused_in_danish(advisor_api):
    response = advisor_api.get("/api/organisations", region="Midtjylland")
    assert response.status_code in (400, 422)
    assert response.json()["errors"] == {"region": [danish("Enter a whole number.")]}


def test_a_coordinator_cannot_create_shelters(coordinator_api, municipality):
    response = coordinator_api.post(SHELTERS, {"name": "Herberget", "municipality_id": municipality.pk})
    assert response.status_code == 403
    assert response.json() == {"detail": danish("You do not have permission to do this.")}
    assert shelters() == 0


def test_a_coordinator_is_refused_before_the_payload_is_judged(coordinator_api):
    """A refused person learns nothing from validation messages."""
    response = coordinator_api.post(SHELTERS, {"name": "", "municipality_id": 987654})
    assert response.status_code == 403


# --- Reading and changing -----------------------------------------------------------------------------------


def test_a_coordinator_reads_their_own_organisation_and_not_another(coordinator_api, municipality, other_municipality):
    assert coordinator_api.get(f"/api/organisations/{municipality.pk}").json()["name"] == "Aarhus"
    response = coordinator_api.get(f"/api/organisations/{other_municipality.pk}")
    assert response.status_code == 404
    assert response.json() == {"detail": danish("Not found.")}
    assert coordinator_api.get(f"/api/organisations/{other_municipality.pk}/memberships").status_code == 404


def test_a_coordinator_lists_only_their_own_organisation(coordinator_api, municipality, other_municipality):
    body = coordinator_api.get("/api/organisations").json()
    assert body["count"] == 1
    assert [item["name"] for item in body["items"]] == ["Aarhus"]


def test_the_list_filters_like_the_page(advisor_api, municipality, other_municipality):
    factories.ShelterFactory(name="Kirkens Korshær Odense", municipality=other_municipality)
    names = [item["name"] for item in advisor_api.get("/api/organisations", q="odense").json()["items"]]
    assert names == ["Kirkens Korshær Odense", "Odense"]
    names = [item["name"] for item in advisor_api.get("/api/organisations", kind="municipality").json()["items"]]
    assert names == ["Aarhus", "Odense"]


def test_an_advisor_changes_an_address_and_a_coordinator_may_not(advisor_api, coordinator_api, municipality):
    assert coordinator_api.patch(f"/api/organisations/{municipality.pk}", {"address": "X"}).status_code == 403
    response = advisor_api.patch(f"/api/organisations/{municipality.pk}", {"address": "Rådhuspladsen 2"})
    assert response.status_code == 200
    assert response.json()["address"] == "Rådhuspladsen 2"


def test_a_bad_change_to_a_shelter_is_refused_in_danish(advisor_api, municipality):
    shelter = factories.ShelterFactory(name="Herberget", municipality=municipality)
    response = advisor_api.patch(f"/api/organisations/{shelter.pk}", {"municipality_id": 987654})
    assert response.status_code == 400
    assert response.json()["errors"] == {"municipality_id": [danish("Choose a municipality from the list.")]}
    shelter.refresh_from_db()
    assert shelter.municipality == municipality


# --- People -------------------------------------------------------------------------------------------------


def test_an_advisor_adds_a_person_directly(advisor_api, municipality):
    person = {"email": "Ny@Aarhus.dk", "function": "implementation_team", "first_name": "Nanna"}
    response = advisor_api.post(f"/api/organisations/{municipality.pk}/memberships", person)
    assert response.status_code == 201
    assert response.json()["user"]["email"] == "ny@aarhus.dk"
    user = User.objects.get(email="ny@aarhus.dk")
    assert user.role == Role.ORGANISATION_MEMBER
    assert not user.has_usable_password()
    assert Membership.objects.filter(organisation=municipality, user=user, function="implementation_team").exists()


def test_a_coordinator_is_refused_adding_directly_and_told_to_invite(coordinator_api, municipality, other_municipality):
    person = {"email": "ny@aarhus.dk", "function": "implementation_team"}
    response = coordinator_api.post(f"/api/organisations/{municipality.pk}/memberships", person)
    assert response.status_code == 403
    assert response.json() == {"detail": danish(msgid_of(INVITE_INSTEAD), id=municipality.pk)}
    response = coordinator_api.post(f"/api/organisations/{other_municipality.pk}/memberships", person)
    assert response.status_code == 404
    assert not User.objects.filter(email="ny@aarhus.dk").exists()
    assert not Membership.objects.filter(user__email="ny@aarhus.dk").exists()


@pytest.mark.parametrize("path", ["memberships", "invitations"])
def test_adding_a_person_with_an_unknown_function_is_refused_in_danish(coordinator_api, municipality, path):
    response = coordinator_api.post(
        f"/api/organisations/{municipality.pk}/{path}", {"email": "ny@aarhus.dk", "function": "boss"}
    )
    assert response.status_code in (400, 422)
    [message] = response.json()["errors"]["function"]
    assert message == danish("Select a valid choice. %(value)s is not one of the available choices.", value="boss")


# --- Authentication ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("get", "/api/organisations"),
        ("get", "/api/regions"),
        ("get", "/api/me"),
        ("post", SHELTERS),
    ],
)
def test_the_anonymous_visitor_gets_401(client, municipality, method, path):
    response = getattr(client, method)(path, content_type="application/json", data={"name": "X", "municipality_id": 1})
    assert response.status_code == 401
    assert shelters() == 0


def test_the_browser_session_authenticates_the_api_too(advisor_client, municipality):
    response = advisor_client.get(f"/api/organisations/{municipality.pk}")
    assert response.status_code == 200


def test_a_post_with_the_browser_session_needs_the_csrf_token(advisor, municipality):
    client = Client(enforce_csrf_checks=True)
    client.force_login(advisor)
    response = client.post(
        SHELTERS,
        data=json.dumps({"name": "Herberget", "municipality_id": municipality.pk}),
        content_type="application/json",
    )
    assert response.status_code in (401, 403)
    assert shelters() == 0


# --- Query counts -------------------------------------------------------------------------------------------

API_LIST_QUERIES = 3  # the token, the count and the page


@pytest.mark.parametrize("count", [3, 30])
def test_the_api_list_takes_the_same_number_of_queries_for_any_number_of_rows(
    advisor_api, django_assert_num_queries, count
):
    region = factories.RegionFactory(code="1082", name="Region Midtjylland")
    for _ in range(count):
        municipality = factories.MunicipalityFactory()
        municipality.region_memberships.create(region=region, valid_from=datetime.date(2007, 1, 1))
        factories.ShelterFactory(municipality=municipality)
    advisor_api.get("/api/organisations")  # records the token's last use, which is written at most once a minute
    with django_assert_num_queries(API_LIST_QUERIES):
        body = advisor_api.get("/api/organisations", limit=100).json()
    assert body["count"] == 2 * count
    assert all(item["region"] == "Region Midtjylland" for item in body["items"])

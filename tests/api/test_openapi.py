"""The OpenAPI document tells the truth: every GET endpoint answers what its response schema says."""

from __future__ import annotations

import datetime
import enum
import typing
from collections import defaultdict
from typing import Any

import pytest
from django.test import Client
from jsonschema import Draft202012Validator
from pydantic import BaseModel

from advisory.accounts.models import ApiToken
from advisory.api.api import api
from tests import factories

pytestmark = pytest.mark.django_db

OPENAPI = "/api/openapi.json"


@pytest.fixture
def document(client) -> dict[str, Any]:  # type: ignore[no-untyped-def]
    response = client.get(OPENAPI)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    return response.json()


@pytest.fixture
def filled(advisor, municipality, other_municipality, coordinator):  # type: ignore[no-untyped-def]
    """Something in every list, so that the items are checked too, with nullable fields both set and empty."""
    region = factories.RegionFactory(code="1082", name="Region Midtjylland")
    municipality.region_memberships.create(region=region, valid_from=datetime.date(2007, 1, 1))
    factories.ShelterFactory(name="Herberget", municipality=municipality, tilbudsportalen_id="4711")
    _token, raw = ApiToken.issue(user=advisor, name="brugt")
    Client().get("/api/me", HTTP_AUTHORIZATION=f"Bearer {raw}")  # last_used_at set
    revoked, _raw = ApiToken.issue(user=advisor, name="tilbagekaldt")
    revoked.revoked_at = revoked.created_at
    revoked.save()
    return advisor


def response_schema(document: dict[str, Any], path: str, method: str = "get") -> dict[str, Any]:
    responses = document["paths"][path][method]["responses"]
    content = responses["200"]["content"]["application/json"]
    # The components travel along so that "$ref": "#/components/schemas/..." resolves inside the schema.
    return {**content["schema"], "components": document["components"]}


def plain_get_paths(document: dict[str, Any]) -> list[str]:
    return sorted(path for path, operations in document["paths"].items() if "get" in operations and "{" not in path)


def test_the_document_is_openapi_3_1_and_describes_bearer_tokens(document):
    assert document["openapi"].startswith("3.1")
    schemes = document["components"]["securitySchemes"]
    assert any(scheme.get("scheme") == "bearer" for scheme in schemes.values())


def test_the_document_lists_the_foundation_endpoints(document):
    assert {"/api/me", "/api/people", "/api/me/tokens", "/api/regions", "/api/organisations"} <= set(
        plain_get_paths(document)
    )


def test_every_get_endpoint_without_parameters_answers_an_advisor_as_documented(document, filled):
    client = Client()
    client.force_login(filled)
    checked = []
    for path in plain_get_paths(document):
        response = client.get(path)
        assert response.status_code == 200, f"GET {path} answered {response.status_code}: {response.content[:300]!r}"
        schema = response_schema(document, path)
        Draft202012Validator.check_schema(schema)
        errors = sorted(Draft202012Validator(schema).iter_errors(response.json()), key=lambda e: list(e.path))
        assert not errors, f"GET {path} does not match its schema:\n" + "\n".join(
            f"  at {list(error.path)}: {error.message}" for error in errors
        )
        checked.append(path)
    assert len(checked) >= 5


def test_the_lists_that_are_checked_are_not_empty(filled):
    """Without items, a wrong item schema would pass unnoticed."""
    client = Client()
    client.force_login(filled)
    assert client.get("/api/organisations").json()["count"] >= 3
    assert client.get("/api/people").json()["count"] >= 2
    assert len(client.get("/api/me/tokens").json()) == 2
    assert len(client.get("/api/regions").json()) == 1


def test_the_schema_check_catches_an_answer_that_does_not_match(document):
    """The check above can fail: a missing field and a wrong type are found."""
    schema = response_schema(document, "/api/organisations")
    wrong = {"count": "three", "items": [{"id": 1, "kind": "castle", "name": "X"}]}
    messages = [error.message for error in Draft202012Validator(schema).iter_errors(wrong)]
    assert any("'three' is not of type 'integer'" in message for message in messages)
    assert any("is a required property" in message for message in messages)
    assert any("'castle' is not one of" in message for message in messages)


PUBLIC_ENDPOINTS = {"/api/intake/rounds"}  # open intake rounds are public, like their page


def test_the_document_is_public_and_tells_which_endpoints_need_a_log_in(client, document):
    """The anonymous visitor gets 401 from every endpoint that declares security, and an answer from the others."""
    protected = 0
    for path in plain_get_paths(document):
        needs_log_in = bool(document["paths"][path]["get"].get("security"))
        status = client.get(path).status_code
        assert status == (401 if needs_log_in else 200), (path, status)
        protected += needs_log_in
    assert protected >= 5


def named_types(annotation: Any, found: set[type]) -> None:
    """The models and enums an annotation reaches: those are what pydantic puts in the components, by class name."""
    if isinstance(annotation, type) and issubclass(annotation, BaseModel | enum.Enum):
        if annotation in found:
            return
        found.add(annotation)
        if issubclass(annotation, BaseModel):
            for field in annotation.model_fields.values():
                named_types(field.annotation, found)
            for computed in annotation.model_computed_fields.values():
                named_types(computed.return_type, found)
        return
    for argument in typing.get_args(annotation):
        named_types(argument, found)


def schema_classes_by_name() -> dict[str, set[type]]:
    """Every schema class of every operation (bodies, parameters, responses), grouped by its component name."""
    found: set[type] = set()
    for _prefix, router in api._routers:
        for view in router.path_operations.values():
            for operation in view.operations:
                # django-ninja wraps the parameters and each response in a model of its own; only what these
                # wrappers hold goes into the components.
                wrappers = [*operation.models, *operation.response_models.values()]
                for wrapper in wrappers:
                    if isinstance(wrapper, type) and issubclass(wrapper, BaseModel):
                        for field in wrapper.model_fields.values():
                            named_types(field.annotation, found)
    by_name: dict[str, set[type]] = defaultdict(set)
    for cls in found:
        by_name[cls.__name__].add(cls)
    return by_name


def test_no_two_schema_classes_share_a_component_name(document):
    """django-ninja names a component after its class; a second class of the same name silently replaces the first,
    and the document then describes the wrong body for one of them."""
    by_name = schema_classes_by_name()
    # The walk reaches every component, so nothing escapes the check below.
    assert set(by_name) == set(document["components"]["schemas"])
    shared = {
        name: sorted(f"{cls.__module__}.{cls.__qualname__}" for cls in classes)
        for name, classes in by_name.items()
        if len(classes) > 1
    }
    assert not shared, f"schema classes sharing a component name: {shared}"


def test_bodies_of_the_same_name_in_different_apps_are_each_described(document):
    """Starting a programme answers only its id, while the programme list has whole programmes; an agreement lists
    its activities briefly, while a programme's detail has them in full."""
    schemas = document["components"]["schemas"]

    def answer(path: str, method: str, status: str) -> dict[str, Any]:
        schema = document["paths"][path][method]["responses"][status]["content"]["application/json"]["schema"]
        return schemas[schema["$ref"].rsplit("/", 1)[1]]

    def items(component: dict[str, Any], field: str) -> dict[str, Any]:
        return schemas[component["properties"][field]["items"]["$ref"].rsplit("/", 1)[1]]

    assert set(answer("/api/interest/{interest_id}/accept", "post", "201")["properties"]) == {"programme_id"}
    assert set(answer("/api/taskforce-requests/{request_id}/start", "post", "201")["properties"]) == {"programme_id"}
    programme = items(answer("/api/programmes", "get", "200"), "items")
    assert {"id", "kind", "title", "status"} <= set(programme["properties"])
    agreement = answer("/api/programmes/{programme_id}/agreement", "get", "200")
    assert "template_key" not in items(agreement, "activities")["properties"]
    assert "id" not in items(items(agreement, "development_points"), "goals")["properties"]
    detail = answer("/api/programmes/{programme_id}", "get", "200")
    assert "template_key" in items(detail, "activities")["properties"]

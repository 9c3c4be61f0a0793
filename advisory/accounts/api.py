"""The signed-in person, people, and personal API tokens in the API."""

import datetime

from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Router, Schema, Status
from ninja.pagination import paginate

from advisory.accounts import services
from advisory.accounts.forms import ApiTokenForm
from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.accounts.models import ApiToken, Role, User
from advisory.core.access import Action, get_object_for, scope
from advisory.core.api import ERRORS, validated
from advisory.core.pagination import BoundedLimitOffsetPagination

router = Router(tags=["people"])


class PersonOut(Schema):
    id: int
    email: str
    first_name: str
    last_name: str
    role: Role
    title: str


class TokenOut(Schema):
    id: int
    name: str
    prefix: str
    created_at: datetime.datetime
    last_used_at: datetime.datetime | None
    revoked_at: datetime.datetime | None


class TokenCreated(TokenOut):
    token: str = Field(..., description="The token itself; shown only in this answer.")


class TokenIn(Schema):
    name: str = Field(..., max_length=100)


@router.get("/me", response=PersonOut)
def me(request: AuthenticatedHttpRequest) -> User:
    return request.user


@router.get("/people", response={200: list[PersonOut], **ERRORS})
@paginate(BoundedLimitOffsetPagination)
def list_people(request: HttpRequest) -> QuerySet[User]:
    return scope(request.user, User).filter(is_active=True).order_by("first_name", "last_name", "pk")


@router.get("/people/{person_id}", response={200: PersonOut, **ERRORS})
def get_person(request: HttpRequest, person_id: int) -> User:
    return get_object_for(request.user, User, pk=person_id)


@router.get("/me/tokens", response=list[TokenOut])
def list_tokens(request: HttpRequest) -> list[ApiToken]:
    return list(scope(request.user, ApiToken))


@router.post("/me/tokens", response={201: TokenCreated, **ERRORS})
def create_token(request: AuthenticatedHttpRequest, payload: TokenIn) -> Status[dict[str, object]]:
    cleaned = validated(ApiTokenForm(data=payload.dict()))
    token, raw = services.api_token_create(user=request.user, name=cleaned["name"])
    return Status(201, {**TokenOut.from_orm(token).dict(), "token": raw})


@router.delete("/me/tokens/{token_id}", response={204: None, **ERRORS})
def revoke_token(request: HttpRequest, token_id: int) -> Status[None]:
    token = get_object_for(request.user, ApiToken, Action.DELETE, pk=token_id)
    services.api_token_revoke(token=token)
    return Status(204, None)

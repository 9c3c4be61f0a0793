"""Who may see and change what: the one place every view and API endpoint asks.

Each app declares a policy per model in its ``policies.py`` (found at start-up by
``CoreConfig.ready``). A policy answers two questions:

- ``scope(user, queryset)``: the rows the user may see at all. Anything outside
  the scope does not exist for that user (404, never 403, so that ids of other
  organisations' records leak nothing).
- ``can(user, action, obj)``: whether the user may do ``action`` to a visible row
  (``obj`` is ``None`` for CREATE on the model as a whole).

Views and endpoints call ``get_object_for``, ``scope`` and ``require``; none of
them decides access on its own.
"""

from __future__ import annotations

from collections.abc import Callable
from enum import StrEnum
from typing import Any, Protocol, TypeVar, overload

from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ObjectDoesNotExist, PermissionDenied, ValidationError
from django.db.models import Model, QuerySet
from django.http import Http404

M = TypeVar("M", bound=Model)
QS = TypeVar("QS", bound=QuerySet[Any])
AnyUser = Any  # User or AnonymousUser


class Action(StrEnum):
    VIEW = "view"
    CREATE = "create"
    CHANGE = "change"
    DELETE = "delete"


class Policy(Protocol):
    def scope(self, user: AnyUser, queryset: QuerySet[Any]) -> QuerySet[Any]: ...

    def can(self, user: AnyUser, action: Action | str, obj: Any | None) -> bool: ...


_policies: dict[type[Model], Policy] = {}


def register(model: type[Model]) -> Callable[[type[Any]], type[Any]]:
    def decorator(policy_class: type[Any]) -> type[Any]:
        if model in _policies:
            raise RuntimeError(f"An access policy for {model.__name__} is already registered.")
        _policies[model] = policy_class()
        return policy_class

    return decorator


def policy_for(model: type[Model]) -> Policy:
    concrete = model._meta.concrete_model or model
    try:
        return _policies[concrete]
    except KeyError:
        raise RuntimeError(
            f"No access policy registered for {concrete.__name__}; add one in its policies.py."
        ) from None


def _authenticated(user: AnyUser) -> bool:
    return user is not None and not isinstance(user, AnonymousUser) and user.is_authenticated and user.is_active


@overload
def scope(user: AnyUser, model_or_queryset: QS) -> QS: ...


@overload
def scope(user: AnyUser, model_or_queryset: type[M]) -> QuerySet[M]: ...


def scope(user: AnyUser, model_or_queryset: type[Model] | QuerySet[Any]) -> QuerySet[Any]:
    """The rows of a model (or a narrower queryset, whose class a policy's filters keep) that the user may see."""
    queryset = (
        model_or_queryset if isinstance(model_or_queryset, QuerySet) else model_or_queryset._default_manager.all()
    )
    return policy_for(queryset.model).scope(user, queryset)


def can(user: AnyUser, action: Action | str, obj_or_model: Model | type[Model]) -> bool:
    if isinstance(obj_or_model, type):
        return policy_for(obj_or_model).can(user, Action(action), None)
    return policy_for(type(obj_or_model)).can(user, Action(action), obj_or_model)


def require(user: AnyUser, action: Action | str, obj_or_model: Model | type[Model]) -> None:
    if not can(user, action, obj_or_model):
        raise PermissionDenied


def get_object_for(
    user: AnyUser,
    model_or_queryset: type[M] | QuerySet[M],
    action: Action | str = Action.VIEW,
    **lookup: Any,
) -> M:
    """Fetch one row the user may see (else 404) and may act on (else 403)."""
    queryset = scope(user, model_or_queryset)
    try:
        obj = queryset.get(**lookup)
    except (ObjectDoesNotExist, ValueError, TypeError, ValidationError) as exc:
        raise Http404 from exc
    if action != Action.VIEW:
        require(user, action, obj)
    return obj


def is_authenticated(user: AnyUser) -> bool:
    return _authenticated(user)

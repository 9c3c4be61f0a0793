"""Ids out of the database's integer range match nothing, in every lookup, instead of crashing the query.

Django (5.0+) already treats ``pk=10**30`` as "no such row" (``IntegerFieldOverflow``), but not
``pk__in=[10**30]`` (what ``ModelMultipleChoiceField`` and ``filter(pk__in=...)`` send) nor a foreign key
compared with such a number (``filter(programme_id=10**30)``): the database driver raises ``OverflowError``
(SQLite) or ``DataError`` (PostgreSQL), a 500 for a number typed into a form or an API path. The lookups
below treat such values the way Django's own integer lookups do; ``CoreConfig.ready`` registers them.
"""

from __future__ import annotations

from typing import Any

from django.core.exceptions import EmptyResultSet
from django.db import models
from django.db.models.fields.related_lookups import RelatedExact, RelatedIn
from django.db.models.lookups import In


def _in_range(value: Any, field: models.Field, connection: Any) -> bool:
    if not isinstance(value, int) or isinstance(value, bool):
        return True
    minimum, maximum = connection.ops.integer_field_range(field.get_internal_type())
    return (minimum is None or value >= minimum) and (maximum is None or value <= maximum)


def _integer_target(field: Any) -> models.Field | None:
    """The integer field a lookup compares with: the field itself, or the field a foreign key points to."""
    target = getattr(field, "target_field", field)
    return target if isinstance(target, models.IntegerField | models.AutoField) else None


class _DropOutOfRange(In):
    """For ``__in``: leave out the values no row can have (nothing left: no row matches)."""

    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        target = _integer_target(self.lhs.output_field)
        if target is not None and self.rhs_is_direct_value():
            kept = [value for value in self.rhs if _in_range(value, target, connection)]
            if not kept:
                raise EmptyResultSet
            self.rhs = kept
        return super().process_rhs(compiler, connection)


class IntegerIn(_DropOutOfRange):
    pass


class RelatedIntegerIn(_DropOutOfRange, RelatedIn):
    pass


class RelatedIntegerExact(RelatedExact):
    """A foreign key compared with a number no row can have: no row matches (like ``IntegerFieldExact``)."""

    def process_rhs(self, compiler: Any, connection: Any) -> Any:
        target = _integer_target(self.lhs.output_field)
        if target is not None and not _in_range(self.rhs, target, connection):
            raise EmptyResultSet
        return super().process_rhs(compiler, connection)


def register_integer_lookups() -> None:
    models.IntegerField.register_lookup(IntegerIn)  # and so every auto, small, big and positive integer field
    models.ForeignKey.register_lookup(RelatedIntegerIn)
    models.ForeignKey.register_lookup(RelatedIntegerExact)

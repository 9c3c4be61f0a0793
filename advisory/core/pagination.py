"""One way to paginate every list page (and its htmx fragment), and the API's lists.

Ids first (``ids_first=True``, ``IdFirstLimitOffsetPagination``): for a queryset with per-row
subqueries (annotations) and prefetches, a page far down the list would otherwise have the database
work the annotations out for every row it skips (PostgreSQL does, with OFFSET). So the page's ids come
first from an id-only copy of the queryset, in its order, with LIMIT/OFFSET (an index scan), and then
the full rows of those ids alone. Two queries instead of one, whatever the page.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import QuerySet
from django.http import HttpRequest
from ninja import Field, Schema
from ninja.conf import settings as ninja_settings
from ninja.pagination import LimitOffsetPagination

from advisory.core.changes import kept_for_request

# The largest offset and limit of an API list: integers every database takes in OFFSET and LIMIT. A bigger one is
# refused (422) before the query, which SQLite would fail ("datatype mismatch") and PostgreSQL too (out of range).
MAX_OFFSET = 2**31 - 1


def rows_by_ids_first(queryset: QuerySet[Any], offset: int, limit: int) -> list[Any]:
    """``list(queryset[offset:offset + limit])``, with the annotations computed for those rows only."""
    ids = list(queryset.prefetch_related(None).values_list("pk", flat=True)[offset : offset + limit])
    if not ids:
        return []
    rows = {row.pk: row for row in queryset.filter(pk__in=ids).order_by()}
    return [rows[pk] for pk in ids if pk in rows]


class IdFirstPaginator(Paginator):
    """A Paginator whose pages are read ids first (see the module's docstring); the count is the usual one."""

    def page(self, number: Any) -> Page:
        number = self.validate_number(number)
        bottom = (number - 1) * self.per_page
        top = bottom + self.per_page
        if top + self.orphans >= self.count:
            top = self.count
        assert isinstance(self.object_list, QuerySet), "pages are read ids first from a queryset"
        rows = rows_by_ids_first(self.object_list, bottom, top - bottom)
        return self._get_page(rows, number, self)  # type: ignore[attr-defined]  # Django's hook, not in django-stubs


def paginate(request: HttpRequest, queryset: Any, per_page: int | None = None, *, ids_first: bool = False) -> Page:
    paginator_class = IdFirstPaginator if ids_first else Paginator
    paginator = paginator_class(queryset, per_page or settings.PAGE_SIZE)
    return paginator.get_page(request.GET.get("side"))


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """django-ninja's limit/offset pagination with the offset and the limit at most ``MAX_OFFSET``."""

    class Input(Schema):
        limit: int = Field(
            ninja_settings.PAGINATION_PER_PAGE, ge=1, le=min(MAX_OFFSET, ninja_settings.PAGINATION_MAX_LIMIT)
        )
        offset: int = Field(0, ge=0, le=MAX_OFFSET)


class IdFirstLimitOffsetPagination(BoundedLimitOffsetPagination):
    """django-ninja's limit/offset pagination (same parameters, same answer), reading the items ids first."""

    def paginate_queryset(self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any) -> Any:
        limit: int = min(pagination.limit, self.max_limit)
        return {
            self.items_attribute: rows_by_ids_first(queryset, pagination.offset, limit),
            "count": self._items_count(queryset),
        }


class KeptLimitOffsetPagination(IdFirstLimitOffsetPagination):
    """``IdFirstLimitOffsetPagination`` whose page is kept until anything changes: the items as ``item_schema``'s
    plain data and the count, kept under the data version for the person and the query string
    (``core.changes.kept_for_request``; the version is read before the data). The answer is the same; a request
    while nothing has been written reads one row instead of the page's rows, annotations and prefetches."""

    def __init__(self, *, name: str, item_schema: type[Schema], **kwargs: Any) -> None:
        self.name = name
        self.item_schema = item_schema
        super().__init__(**kwargs)

    def paginate_queryset(self, queryset: QuerySet[Any], pagination: Any, request: HttpRequest, **params: Any) -> Any:
        read_page = super().paginate_queryset

        def compute() -> dict[str, Any]:
            page = read_page(queryset, pagination, request, **params)
            items = [self.item_schema.from_orm(row).model_dump() for row in page[self.items_attribute]]
            return {self.items_attribute: items, "count": page["count"]}

        return kept_for_request(request, self.name, compute)


def query_without_page(request: HttpRequest) -> str:
    params = request.GET.copy()
    params.pop("side", None)
    return params.urlencode()

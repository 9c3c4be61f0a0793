"""The outbox in the API: what was sent and what failed, and "retry now" (advisors and administrators)."""

import datetime

from django.http import HttpRequest
from ninja import Field, Query, Router, Schema
from ninja.errors import HttpError
from ninja.pagination import paginate

from advisory.core.access import Action, get_object_for, require
from advisory.core.api import ERRORS, ErrorOut
from advisory.core.pagination import BoundedLimitOffsetPagination
from advisory.notifications import outbox, selectors
from advisory.notifications.models import IcalMethod, OutboxMessage, OutboxStatus

router = Router(tags=["outbox"])


class OutboxOut(Schema):
    id: int
    to: str
    subject: str
    key: str = Field(..., alias="idempotency_key")
    status: OutboxStatus
    calendar_method: IcalMethod | None = None
    attempts: int
    next_attempt_at: datetime.datetime | None
    gave_up: bool = Field(..., description="Failed and no longer retried automatically.")
    last_error: str
    sent_at: datetime.datetime | None
    created_at: datetime.datetime

    @staticmethod
    def resolve_calendar_method(obj: OutboxMessage) -> str | None:
        return obj.ical_method or None


class OutboxFilter(Schema):
    status: OutboxStatus | None = Field(None, description="Only messages with this status.")
    q: str = Field("", max_length=100, description="Part of the recipient's address or the subject.")


@router.get("/outbox", response={200: list[OutboxOut], **ERRORS})
@paginate(BoundedLimitOffsetPagination)
def list_outbox(request: HttpRequest, filters: Query[OutboxFilter]):
    require(request.user, Action.VIEW, OutboxMessage)
    return selectors.outbox_list(request.user, status=filters.status or "", q=filters.q)


@router.post("/outbox/{int:message_id}/retry", response={200: OutboxOut, 409: ErrorOut, **ERRORS})
def retry_outbox_message(request: HttpRequest, message_id: int) -> OutboxMessage:
    """Send a failed message again now (a message that is not failed: 409)."""
    message = get_object_for(request.user, OutboxMessage, Action.CHANGE, pk=message_id)
    try:
        return outbox.outbox_retry(message=message)
    except outbox.NotRetryable as exc:
        raise HttpError(409, str(exc.args[0])) from exc

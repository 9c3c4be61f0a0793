"""How long API tokens and people's data are kept (see advisory/core/retention.py)."""

from __future__ import annotations

import datetime
from typing import Any

from auditlog.context import disable_auditlog
from auditlog.models import LogEntry
from django.db.models import Q, QuerySet

from advisory.accounts.models import ApiToken, User
from advisory.core.retention import Found, RecordKind, delete_all, register

ANONYMISED_DOMAIN = "anonymised.invalid"


def _expired_revoked_tokens(cutoff: datetime.datetime) -> Found:
    return ApiToken.objects.filter(revoked_at__lt=cutoff)


def _inactive_people(cutoff: datetime.datetime) -> Found:
    """People not logged in since the cutoff (or never, and created before it); not yet anonymised.

    Superusers are left alone, so that the platform never loses its last administrator.
    """
    return (
        User.objects.filter(Q(last_login__lt=cutoff) | Q(last_login__isnull=True, date_joined__lt=cutoff))
        .exclude(email__endswith=f"@{ANONYMISED_DOMAIN}")
        .exclude(is_superuser=True)
    )


def anonymise_person(user: User) -> None:
    """Remove what identifies a person; keep the row so that memberships and the audit log still hold.

    The person can no longer log in (inactive, no password), so any session left ends too.

    The change itself is logged without the old values (they are what is being removed).
    """
    from allauth.account.models import EmailAddress
    from allauth.mfa.models import Authenticator

    anonymous_email = f"person-{user.pk}@{ANONYMISED_DOMAIN}"
    with disable_auditlog():
        user.email = anonymous_email
        user.first_name = ""
        user.last_name = ""
        user.title = ""
        user.phone = ""
        user.is_active = False
        user.set_unusable_password()
        user.save()
        EmailAddress.objects.filter(user=user).delete()
        Authenticator.objects.filter(user=user).delete()
        ApiToken.objects.filter(user=user).delete()
    LogEntry.objects.filter(actor=user).update(actor_email=anonymous_email)
    LogEntry.objects.log_create(
        user,
        action=LogEntry.Action.UPDATE,
        changes={"retention": ["", "anonymised"]},
        force_log=True,
    )


def _anonymise_all(found: Any) -> int:
    people: QuerySet[User] = found
    count = 0
    for user in people.iterator():
        anonymise_person(user)
        count += 1
    return count


register(
    RecordKind(
        key="api_tokens_revoked",
        description="API tokens revoked longer ago than the retention period",
        action="delete",
        expired=_expired_revoked_tokens,
        apply=delete_all,
    )
)
register(
    RecordKind(
        key="inactive_people",
        description="People who have not logged in for the retention period (name, e-mail, phone removed)",
        action="anonymise",
        expired=_inactive_people,
        apply=_anonymise_all,
    )
)

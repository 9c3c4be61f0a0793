"""Who a MitID Erhverv log-in is: the checks on what the IdP asserted, and the person it names.

Never creates an account. A person is found by their professional persistent UUID once linked; the first time
by the asserted e-mail address together with the CVR number of an organisation they belong to (agency staff:
a CVR number in ``SAML_STAFF_CVRS``), and the UUID is then linked to them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils import timezone

from advisory.accounts.models import User
from advisory.organisations.models import Membership
from advisory.saml import config as saml_config
from advisory.saml.models import SamlIdentity


class Refusal(PermissionDenied):
    """A log-in refused, with the reason's code (advisory.saml.views.REFUSAL_MESSAGES words it)."""

    def __init__(self, reason: str, **data: Any) -> None:
        super().__init__(reason)
        self.reason = reason
        self.data = data


def one(attributes: Mapping[str, Sequence[Any]], name: str) -> str:
    values = attributes.get(name) or []
    value = values[0] if len(values) == 1 else None
    if not isinstance(value, str) or not value.strip() or len(value) > 254:
        raise Refusal("missing_attribute", attribute=name)
    return value.strip()


def check_profile(attributes: Mapping[str, Sequence[Any]]) -> str:
    """The OIOSAML version and the NSIS assurance level; returns the level."""
    if one(attributes, saml_config.SPEC_VERSION) != saml_config.SPEC_VERSION_VALUE:
        raise Refusal("spec_version", spec_version=str(attributes.get(saml_config.SPEC_VERSION))[:60])
    loa = one(attributes, saml_config.LOA)
    order = saml_config.LOA_ORDER
    if loa not in order or order.index(loa) < order.index(settings.SAML_MINIMUM_LOA):
        raise Refusal("loa_too_low", loa=loa[:40])
    return loa


def counts_as_two_factor(loa: str) -> bool:
    return loa in ("Substantial", "High")


def _may_log_in_under(user: User, cvr: str) -> bool:
    if user.is_agency_staff and cvr in settings.SAML_STAFF_CVRS:
        return True
    return Membership.objects.filter(user=user, organisation__cvr=cvr).exists()


@transaction.atomic
def person_for(attributes: Mapping[str, Sequence[Any]]) -> tuple[User, bool]:
    """The person the attributes name, and whether their identity was linked just now; ``Refusal`` otherwise."""
    persistent_uuid = one(attributes, saml_config.PERSISTENT_UUID)
    cvr = one(attributes, saml_config.CVR)
    email = one(attributes, saml_config.EMAIL).lower()
    details = {"cvr": cvr[:8], "email": email}
    if not (len(cvr) == 8 and cvr.isascii() and cvr.isdigit()):
        raise Refusal("missing_attribute", attribute=saml_config.CVR)
    identity = SamlIdentity.objects.select_related("user").filter(persistent_uuid=persistent_uuid).first()
    linked_now = identity is None
    if identity is not None:
        user = identity.user
        if identity.cvr != cvr:
            raise Refusal("organisation_mismatch", **details)
    else:
        found = User.objects.filter(email__iexact=email).first()
        if found is None:
            raise Refusal("unknown_person", **details)
        user = found
    if not user.is_active:
        raise Refusal("inactive", **details)
    # Checked at every log-in: leaving the organisation ends the right to log in under its number at once.
    if not _may_log_in_under(user, cvr):
        raise Refusal("organisation_mismatch", **details)
    now = timezone.now()
    if identity is None:
        identity = SamlIdentity.objects.create(user=user, persistent_uuid=persistent_uuid, cvr=cvr, linked_at=now)
    identity.last_login_at = now
    identity.save(update_fields=["last_login_at"])
    return user, linked_now

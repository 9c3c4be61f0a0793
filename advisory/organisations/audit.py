"""Organisations, regions and memberships in the audit log (see advisory/core/audit.py)."""

from auditlog.registry import auditlog

from advisory.organisations.models import Membership, MembershipInvitation, Organisation, Region, RegionMembership

auditlog.register(Organisation)
auditlog.register(Region)
auditlog.register(RegionMembership)
auditlog.register(Membership)
# The token's hash never goes into the log.
auditlog.register(MembershipInvitation, exclude_fields=["token_hash"])

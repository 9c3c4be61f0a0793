"""Organisations, regions and memberships in the audit log (see advisory/core/audit.py)."""

from auditlog.registry import auditlog

from advisory.organisations.models import Membership, Organisation, Region, RegionMembership

auditlog.register(Organisation)
auditlog.register(Region)
auditlog.register(RegionMembership)
auditlog.register(Membership)

"""Offer texts and contact people in the audit log (see advisory/core/audit.py)."""

from auditlog.registry import auditlog

from advisory.offers.models import ContactPerson, OfferText

auditlog.register(OfferText)
auditlog.register(ContactPerson)

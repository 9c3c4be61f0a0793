"""MitID Erhverv in the audit log (see advisory/core/audit.py and advisory/saml/events.py)."""

from auditlog.registry import auditlog

from advisory.saml.models import SamlIdentity, SeenAssertion

auditlog.register(SamlIdentity)
auditlog.register(SeenAssertion)

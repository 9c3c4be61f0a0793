"""The year's figures in the audit log (see advisory/core/audit.py): each read of an export is an ACCESS entry."""

from auditlog.registry import auditlog

from advisory.reports.models import AnnualReport

auditlog.register(AnnualReport)

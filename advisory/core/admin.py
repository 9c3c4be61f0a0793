"""The audit log in the Django admin, for administrators: filter by person (actor) and by object.

Per person: the "Person" filter, or ``?actor__id__exact=<id>`` (linked from each person
in the people list). Per object: the "Audit log" link in each list of the admin, or
``?resource_type=<content type id>&object_pk=<id>``.
"""

from __future__ import annotations

from auditlog import get_logentry_model
from auditlog.admin import LogEntryAdmin as AuditlogLogEntryAdmin
from auditlog.filters import ResourceTypeFilter
from django.contrib import admin
from django.urls import reverse

LogEntry = get_logentry_model()


class LogEntryAdmin(AuditlogLogEntryAdmin):
    list_filter = ["action", ("actor", admin.RelatedOnlyFieldListFilter), ResourceTypeFilter]
    search_fields = [*AuditlogLogEntryAdmin.search_fields, "object_pk", "actor_email"]


if admin.site.is_registered(LogEntry):
    admin.site.unregister(LogEntry)
admin.site.register(LogEntry, LogEntryAdmin)


def log_by_person_url(person_pk: int) -> str:
    return f"{reverse('admin:auditlog_logentry_changelist')}?actor__id__exact={person_pk}"

from django.contrib import admin

from advisory.notifications.models import CalendarFeedToken, NotificationPreference, OutboxMessage, ScheduledJob


@admin.register(OutboxMessage)
class OutboxMessageAdmin(admin.ModelAdmin):
    """Read-only: the outbox is written by the platform; advisors retry from the outbox page."""

    list_display = ("created_at", "to", "subject", "status", "attempts", "next_attempt_at", "sent_at")
    list_filter = ("status", "ical_method")
    search_fields = ("to", "subject", "idempotency_key")
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False


@admin.register(CalendarFeedToken)
class CalendarFeedTokenAdmin(admin.ModelAdmin):
    list_display = ("owner", "kind", "target_id", "created_at", "last_used_at", "revoked_at")
    list_filter = ("kind",)
    exclude = ("public_id",)
    readonly_fields = ("owner", "kind", "target_id", "created_at", "last_used_at")

    def has_add_permission(self, request) -> bool:
        return False


@admin.register(NotificationPreference)
class NotificationPreferenceAdmin(admin.ModelAdmin):
    list_display = ("user", "mail_mode", "updated_at")
    list_filter = ("mail_mode",)


@admin.register(ScheduledJob)
class ScheduledJobAdmin(admin.ModelAdmin):
    list_display = ("name", "last_started_at", "last_finished_at", "next_run_at", "last_error")
    readonly_fields = ("name", "last_started_at", "last_finished_at", "last_error")

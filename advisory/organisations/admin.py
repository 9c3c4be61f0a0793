from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.http import HttpRequest

from advisory.organisations.models import Membership, MembershipInvitation, Organisation, Region, RegionMembership


class RegionMembershipInline(admin.TabularInline):
    model = RegionMembership
    fk_name = "municipality"
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ("name", "kind", "municipality_code", "municipality")
    list_filter = ("kind",)
    search_fields = ("name", "municipality_code")
    inlines = [RegionMembershipInline]


@admin.register(Region)
class RegionAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True


@admin.register(Membership)
class MembershipAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ("__str__", "organisation", "function")
    list_filter = ("function",)


@admin.register(MembershipInvitation)
class MembershipInvitationAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    """Read in the admin; made, revoked and accepted on the organisation's page and the link (never edited)."""

    show_auditlog_history_link = True
    list_display = ("email", "organisation", "function", "invited_by", "created_at", "expires_at", "status")
    list_filter = ("function",)
    search_fields = ("email", "organisation__name")
    list_select_related = ("organisation", "invited_by")
    exclude = ("token_hash",)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: MembershipInvitation | None = None) -> bool:
        return False

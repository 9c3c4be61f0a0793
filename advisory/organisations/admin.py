from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin

from advisory.organisations.models import Membership, Organisation, Region, RegionMembership


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

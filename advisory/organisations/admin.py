from django.contrib import admin

from advisory.organisations.models import Membership, Organisation, Region, RegionMembership


class RegionMembershipInline(admin.TabularInline):
    model = RegionMembership
    fk_name = "municipality"
    extra = 0


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "kind", "municipality_code", "municipality")
    list_filter = ("kind",)
    search_fields = ("name", "municipality_code")
    inlines = [RegionMembershipInline]


admin.site.register(Region)
admin.site.register(Membership)

from auditlog.mixins import AuditlogHistoryAdminMixin
from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from advisory.accounts.models import ApiToken, User
from advisory.core.admin import log_by_person_url


@admin.register(User)
class UserAdmin(AuditlogHistoryAdminMixin, BaseUserAdmin):
    show_auditlog_history_link = True
    ordering = ("email",)
    list_display = ("email", "first_name", "last_name", "role", "is_active", "changes_made")
    list_filter = ("role", "is_active")
    search_fields = ("email", "first_name", "last_name")
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        (_("Person"), {"fields": ("first_name", "last_name", "title", "phone", "role")}),
        (_("Permissions"), {"fields": ("is_active", "is_staff", "is_superuser", "groups", "user_permissions")}),
        (_("Dates"), {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "role", "password1", "password2")}),)

    @admin.display(description=_("Changes made"))
    def changes_made(self, obj: User) -> str:
        return format_html('<a href="{}">{}</a>', log_by_person_url(obj.pk), _("Audit log"))


@admin.register(ApiToken)
class ApiTokenAdmin(AuditlogHistoryAdminMixin, admin.ModelAdmin):
    show_auditlog_history_link = True
    list_display = ("name", "user", "prefix", "created_at", "last_used_at", "revoked_at")
    readonly_fields = ("prefix", "token_hash", "created_at", "last_used_at")


def _administrators_only(request) -> bool:
    """The Django admin is for administrators only, whatever is_staff says."""
    user = request.user
    return bool(user.is_active and user.is_authenticated and user.is_administrator)


admin.site.has_permission = _administrators_only  # type: ignore[method-assign]
admin.site.site_header = _("Administration – advisory function on homelessness")

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from advisory.programmes import services
from advisory.programmes.models import Activity, Programme, ProgrammeStatus, ProgrammeTemplate, TemplateVersion


class TemplateVersionInline(admin.StackedInline):
    model = TemplateVersion
    extra = 0
    fields = ("number", "published", "notes", "spec")


@admin.register(ProgrammeTemplate)
class ProgrammeTemplateAdmin(admin.ModelAdmin):
    list_display = ("name", "kind")
    inlines = [TemplateVersionInline]


@admin.register(TemplateVersion)
class TemplateVersionAdmin(admin.ModelAdmin):
    list_display = ("template", "number", "published", "created_at")
    list_filter = ("template", "published")
    actions = ["copy_as_new_version"]

    @admin.action(description=_("Copy as a new version (then edit its rules)"))
    def copy_as_new_version(self, request: HttpRequest, queryset: QuerySet[TemplateVersion]) -> None:
        for version in queryset:
            new = services.template_version_create(
                template=version.template, spec=version.spec, notes=f"Kopi af version {version.number}"
            )
            messages.success(request, _("Version %(n)s created.") % {"n": new.number})


class ActivityInline(admin.TabularInline):
    model = Activity
    extra = 0
    fields = ("key", "title", "starts_on", "ends_on", "pinned", "done_at")


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "created_at")
    list_filter = ("kind", "status")
    search_fields = ("title", "theme")
    inlines = [ActivityInline]

    def save_model(self, request: HttpRequest, obj: Programme, form: ModelForm, change: bool) -> None:
        """A programme cancelled here is cancelled by the service, which calls off its booked meetings."""
        cancelling = change and "status" in form.changed_data and obj.status == ProgrammeStatus.CANCELLED
        if cancelling:
            obj.status = form.initial["status"]  # the rest of the form first, then the cancellation
        super().save_model(request, obj, form, change)
        if cancelling:
            assert request.user.is_authenticated  # the admin is for logged-in administrators only
            obj.status = services.programme_cancel(programme=obj, by=request.user).status

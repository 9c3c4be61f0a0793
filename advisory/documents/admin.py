from django.contrib import admin

from advisory.documents.models import Document


@admin.register(Document)
class DocumentAdmin(admin.ModelAdmin):
    """Read and correct the records; files are uploaded and downloaded on the programme's documents page."""

    list_display = ("title", "programme", "organisation", "kind", "activity", "size", "uploaded_at")
    list_filter = ("kind", "shared_with_group")
    search_fields = ("title", "original_name", "programme__title", "organisation__name")
    raw_id_fields = ("programme", "organisation", "activity", "uploaded_by")
    readonly_fields = ("file", "original_name", "content_type", "size", "uploaded_by", "uploaded_at")

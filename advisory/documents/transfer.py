"""What the pages and the API share to take a file in (the upload form, the checked upload) and to hand one out
(the download response)."""

from __future__ import annotations

from typing import Any

from django.http import FileResponse

from advisory.core.audit import log_read
from advisory.documents import services
from advisory.documents.forms import DocumentForm
from advisory.documents.models import Document
from advisory.documents.policies import runs_programme, upload_organisations
from advisory.programmes.models import Programme


def upload_form(
    user: Any, programme: Programme, data: Any = None, files: Any = None, initial: dict[str, Any] | None = None
) -> DocumentForm | None:
    """The upload form for the user (page and API), or None when they may upload nothing to the programme."""
    organisations = upload_organisations(user, programme)
    for_advisory = runs_programme(user, programme)
    if not for_advisory and not organisations.exists():
        return None
    return DocumentForm(
        data, files, initial=initial, programme=programme, organisations=organisations, for_advisory=for_advisory
    )


def upload(form: DocumentForm, user: Any) -> Document:
    """Store the valid form's file (the service checks that the user may); ValidationError when it refuses."""
    data = form.cleaned_data
    return services.document_upload(
        by=user,
        programme=form.programme,
        organisation=data["organisation"],
        activity=data["activity"],
        kind=data["kind"],
        title=data["title"],
        uploaded_file=data["file"],
        shared_with_group=data["shared_with_group"],
        detected=form.detected,
    )


def attachment(handle: object, document: Document) -> FileResponse:
    """The download response (pages and API); the read is logged in the audit log."""
    log_read(document)
    response = FileResponse(
        handle, as_attachment=True, filename=document.original_name, content_type=document.content_type
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response

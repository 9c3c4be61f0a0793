"""Documents of a programme in the API: list, upload (multipart), metadata, download and delete.

The same form, access rules and service as the web page: the upload's fields are read by the page's form, after
the access check, so that a programme the user cannot see is a 404 whatever the body.
"""

import datetime
from typing import Any

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest
from django.urls import reverse
from ninja import Field, File, Form, Router, Schema, Status, UploadedFile

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import get_object_for
from advisory.core.api import ERRORS, FormInvalid, validated
from advisory.documents import selectors, services
from advisory.documents.filetypes import FILE_TYPES
from advisory.documents.models import Document, DocumentKind
from advisory.documents.transfer import attachment, upload, upload_form
from advisory.programmes.models import Programme

router = Router(tags=["documents"])


class DocumentOut(Schema):
    id: int
    programme_id: int
    organisation_id: int | None
    activity_key: str | None
    kind: DocumentKind
    title: str
    original_name: str
    content_type: str
    size: int
    shared_with_group: bool
    uploaded_by_id: int | None
    uploaded_at: datetime.datetime
    download_url: str

    @staticmethod
    def resolve_activity_key(obj: Document) -> str | None:
        return obj.activity.key if obj.activity is not None else None

    @staticmethod
    def resolve_download_url(obj: Document) -> str:
        return reverse("api:download_document", kwargs={"document_id": obj.pk})


class DocumentIn(Schema):
    """The upload's form fields (multipart/form-data, with the file in "file")."""

    organisation_id: int | None = Field(None, description="Empty for the advisory function's own documents.")
    activity_key: str = Field("", max_length=64, description="The meeting, e.g. reflection_meeting-1.")
    kind: DocumentKind = DocumentKind.PRESENTATION
    title: str = Field("", max_length=200)
    shared_with_group: bool = True


@router.get("/programmes/{int:programme_id}/documents", response={200: list[DocumentOut], **ERRORS})
def list_documents(request: HttpRequest, programme_id: int) -> list[Document]:
    programme = get_object_for(request.user, Programme, pk=programme_id)
    return list(selectors.documents_for_programme(request.user, programme).select_related("activity"))


@router.post("/programmes/{int:programme_id}/documents", response={201: DocumentOut, **ERRORS})
def upload_document(
    request: HttpRequest,
    programme_id: int,
    payload: Form[DocumentIn],
    file: File[UploadedFile | None] = None,
) -> Status[Document]:
    """Upload a PDF, PowerPoint or Word file (checked by its content) for an organisation or the advisory
    function."""
    programme = get_object_for(request.user, Programme, pk=programme_id)
    data = {
        "organisation": payload.organisation_id or "",
        "activity": payload.activity_key,
        "kind": payload.kind,
        "title": payload.title,
        "shared_with_group": payload.shared_with_group,
    }
    form = upload_form(request.user, programme, data, {"file": file} if file is not None else {})
    if form is None:
        raise PermissionDenied
    validated(form, names={"organisation": "organisation_id", "activity": "activity_key"})
    try:
        document = upload(form, request.user)
    except ValidationError as exc:
        raise FormInvalid.from_errors(exc.message_dict) from exc
    return Status(201, document)


@router.get("/documents/{int:document_id}", response={200: DocumentOut, **ERRORS})
def get_document(request: HttpRequest, document_id: int) -> Document:
    return get_object_for(request.user, Document.objects.select_related("activity"), pk=document_id)


@router.get(
    "/documents/{int:document_id}/file",
    response=ERRORS,
    url_name="download_document",
    openapi_extra={
        "responses": {
            "200": {
                "description": "The file, as an attachment with its original name, in its own content type.",
                "content": {
                    file_type.content_type: {"schema": {"type": "string", "format": "binary"}}
                    for file_type in FILE_TYPES
                },
            }
        }
    },
)
def download_document(request: HttpRequest, document_id: int) -> Any:
    document = get_object_for(request.user, Document, pk=document_id)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    response: FileResponse = attachment(handle, document)
    return response


@router.delete("/documents/{int:document_id}", response={204: None, **ERRORS})
def delete_document(request: AuthenticatedHttpRequest, document_id: int) -> Status[None]:
    document = get_object_for(request.user, Document, pk=document_id)
    services.document_delete(by=request.user, document=document)
    return Status(204, None)

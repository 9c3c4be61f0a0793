"""Writes: upload and delete documents."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from advisory.accounts.models import User
from advisory.core.access import Action, require
from advisory.documents import filetypes
from advisory.documents.forms import check_upload, clean_original_name
from advisory.documents.models import Document, DocumentKind
from advisory.organisations.models import Organisation
from advisory.programmes.models import Activity, ActivityScope, Programme


def document_upload(
    *,
    by: User,
    programme: Programme,
    organisation: Organisation | None,
    uploaded_file: Any,
    title: str,
    kind: str = DocumentKind.PRESENTATION,
    activity: Activity | None = None,
    shared_with_group: bool = True,
    detected: filetypes.FileType | None = None,
) -> Document:
    """``by`` uploads a file: store it under a random name and record it. The content is checked here too
    (``detected``: the form's finding, to read the file once), and whether ``by`` may upload this document
    (403) before anything is stored."""
    detected = detected or check_upload(uploaded_file)
    errors: dict[str, list[str]] = {}
    if organisation is not None and not programme.participations.filter(organisation=organisation).exists():
        errors["organisation"] = [_("The organisation does not take part in the programme.")]
    if activity is not None and (activity.programme_id != programme.pk or activity.scope != ActivityScope.SHARED):
        errors["activity"] = [_("Choose one of the programme's meetings.")]
    if errors:
        raise ValidationError(errors)
    document = Document(
        programme=programme,
        organisation=organisation,
        activity=activity,
        kind=kind,
        title=title,
        original_name=clean_original_name(getattr(uploaded_file, "name", "") or ""),
        content_type=detected.content_type,
        size=uploaded_file.size,
        shared_with_group=shared_with_group,
        uploaded_by=by,
    )
    document.full_clean(exclude=["file"])
    require(by, Action.CREATE, document)
    uploaded_file.seek(0)
    document.file.save("upload", uploaded_file, save=False)
    try:
        document.save()
    except Exception:
        if document.file.name:
            document.file.storage.delete(document.file.name)
        raise
    return document


def document_delete(*, by: User, document: Document) -> None:
    """``by`` deletes the document (403 unless they may): the record, and the file once that is committed."""
    require(by, Action.DELETE, document)
    document_purge(document=document)


def document_purge(*, document: Document) -> None:
    """Delete the record, and the file once the deletion is committed; for the retention job, where no person
    acts (people delete through ``document_delete``)."""
    name, storage = document.file.name, document.file.storage
    document.delete()
    if name:
        transaction.on_commit(lambda: storage.delete(name))

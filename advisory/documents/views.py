from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from advisory.core.access import Action, can, get_object_for, require
from advisory.core.audit import log_read
from advisory.core.pagination import paginate, query_without_page
from advisory.documents import selectors, services
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
    """Store the valid form's file, after the user's access check; ValidationError when the service refuses."""
    data = form.cleaned_data
    return services.document_upload(
        programme=form.programme,
        organisation=data["organisation"],
        activity=data["activity"],
        kind=data["kind"],
        title=data["title"],
        uploaded_file=data["file"],
        shared_with_group=data["shared_with_group"],
        uploaded_by=user,
        detected=form.detected,
        check=lambda document: require(user, Action.CREATE, document),
    )


@login_required
def programme_documents(request: HttpRequest, programme_pk: int) -> HttpResponse:
    """A programme's documents the user may see, and the upload form."""
    programme = get_object_for(request.user, Programme, pk=programme_pk)
    if request.method == "POST":
        form = upload_form(request.user, programme, request.POST, request.FILES)
        if form is None:
            raise PermissionDenied
        if form.is_valid():
            try:
                document = upload(form, request.user)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The document “%(title)s” has been uploaded.") % {"title": document.title})
                return redirect("documents:programme", programme_pk=programme.pk)
    else:
        activity = request.GET.get("activity")
        form = upload_form(request.user, programme, initial={"activity": activity[:64]} if activity else None)
    page = paginate(request, selectors.documents_for_programme(request.user, programme))
    context = {
        "programme": programme,
        "page": page,
        "querystring": query_without_page(request),
        "form": form,
        "deletable": {d.pk for d in page.object_list if can(request.user, Action.DELETE, d)},
    }
    return render(request, "documents/programme_documents.html", context)


@login_required
def download(request: HttpRequest, pk: int) -> FileResponse:
    """The file, as an attachment with its original name; only for those who may see the document."""
    document = get_object_for(request.user, Document, pk=pk)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    return attachment(handle, document)


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


@login_required
def delete(request: HttpRequest, pk: int) -> HttpResponse:
    """A page that asks first (GET); the deletion (POST)."""
    document = get_object_for(request.user, Document, Action.DELETE, pk=pk)
    if request.method == "POST":
        programme_pk, title = document.programme_id, document.title
        services.document_delete(document=document)
        messages.success(request, _("The document “%(title)s” has been deleted.") % {"title": title})
        return redirect("documents:programme", programme_pk=programme_pk)
    return render(request, "documents/delete.html", {"document": document, "programme": document.programme})

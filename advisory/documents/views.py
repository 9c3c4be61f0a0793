from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import Action, can, get_object_for
from advisory.core.pagination import paginate, query_without_page
from advisory.documents import selectors, services
from advisory.documents.models import Document
from advisory.documents.transfer import attachment, upload, upload_form
from advisory.programmes.models import Programme


@login_required
def programme_documents(request: AuthenticatedHttpRequest, programme_pk: int) -> HttpResponse:
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
def download(request: AuthenticatedHttpRequest, pk: int) -> FileResponse:
    """The file, as an attachment with its original name; only for those who may see the document."""
    document = get_object_for(request.user, Document, pk=pk)
    try:
        handle = document.file.open("rb")
    except (FileNotFoundError, ValueError) as exc:
        raise Http404 from exc
    return attachment(handle, document)


@login_required
def delete(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """A page that asks first (GET); the deletion (POST)."""
    document = get_object_for(request.user, Document, Action.DELETE, pk=pk)  # before the question is shown
    if request.method == "POST":
        programme_pk, title = document.programme_id, document.title
        services.document_delete(by=request.user, document=document)
        messages.success(request, _("The document “%(title)s” has been deleted.") % {"title": title})
        return redirect("documents:programme", programme_pk=programme_pk)
    return render(request, "documents/delete.html", {"document": document, "programme": document.programme})

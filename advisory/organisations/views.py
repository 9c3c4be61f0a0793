from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.core.access import Action, can, get_object_for, require
from advisory.core.audit import log_read
from advisory.core.pagination import paginate, query_without_page
from advisory.organisations import selectors, services
from advisory.organisations.forms import MembershipForm, MunicipalityForm, OrganisationFilterForm, ShelterForm
from advisory.organisations.models import Membership, Organisation


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    filters = OrganisationFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    organisations = selectors.organisation_list(
        request.user, q=criteria.get("q", ""), kind=criteria.get("kind", ""), region=criteria.get("region")
    )
    page = paginate(request, organisations)
    context = {
        "filters": filters,
        "page": page,
        "querystring": query_without_page(request),
        "can_create": can(request.user, Action.CREATE, Organisation),
    }
    # htmx swaps in only the results; restoring a page from htmx's history needs the whole page.
    fragment = request.htmx and not request.htmx.history_restore_request
    template = "organisations/list.html#results" if fragment else "organisations/list.html"
    response = render(request, template, context)
    # The same URL answers with the page or the fragment: caches (and the back button) must keep them apart.
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
def organisation_detail(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_for(request.user, Organisation, pk=pk)
    log_read(organisation)
    context = selectors.organisation_detail(request.user, organisation)
    context["can_change"] = can(request.user, Action.CHANGE, organisation)
    context["can_manage_people"] = can(request.user, Action.CHANGE, Membership(organisation=organisation))
    context["membership_form"] = MembershipForm()
    return render(request, "organisations/detail.html", context)


@login_required
def shelter_create(request: HttpRequest) -> HttpResponse:
    require(request.user, Action.CREATE, Organisation)
    form = ShelterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        shelter = services.shelter_create(
            name=form.cleaned_data["name"],
            municipality=form.cleaned_data["municipality"],
            tilbudsportalen_id=form.cleaned_data["tilbudsportalen_id"],
            address=form.cleaned_data["address"],
        )
        messages.success(request, _("The shelter “%(name)s” has been created.") % {"name": shelter.name})
        return redirect("organisations:detail", pk=shelter.pk)
    return render(request, "organisations/form.html", {"form": form, "title": _("Create a § 110 shelter")})


@login_required
def organisation_edit(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_for(request.user, Organisation, Action.CHANGE, pk=pk)
    form_class = ShelterForm if organisation.is_shelter else MunicipalityForm
    form = form_class(request.POST or None, instance=organisation)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, _("The changes have been saved."))
        return redirect("organisations:detail", pk=organisation.pk)
    title = _("Edit %(name)s") % {"name": organisation.name}
    return render(request, "organisations/form.html", {"form": form, "title": title, "organisation": organisation})


@login_required
def membership_add(request: HttpRequest, pk: int) -> HttpResponse:
    organisation = get_object_for(request.user, Organisation, pk=pk)
    if not can(request.user, Action.CHANGE, Membership(organisation=organisation)):
        raise PermissionDenied
    form = MembershipForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        membership = services.membership_add(organisation=organisation, **form.cleaned_data)
        messages.success(
            request,
            _("%(person)s has been added as %(function)s.")
            % {"person": membership.user, "function": membership.get_function_display().lower()},
        )
        return redirect("organisations:detail", pk=organisation.pk)
    title = _("Add a person to %(name)s") % {"name": organisation.name}
    return render(request, "organisations/form.html", {"form": form, "title": title, "organisation": organisation})


@login_required
@require_POST
def membership_remove(request: HttpRequest, pk: int, membership_pk: int) -> HttpResponse:
    membership = get_object_for(
        request.user, Membership.objects.filter(organisation_id=pk), Action.DELETE, pk=membership_pk
    )
    services.membership_remove(membership=membership)
    messages.success(request, _("%(person)s has been removed.") % {"person": membership.user})
    return redirect("organisations:detail", pk=pk)

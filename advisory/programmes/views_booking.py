"""Book a team for the joint meetings in one step: the page of an organisation's people and the programme's joint
meetings (advisory/programmes/booking_matrix.py; the API: api_booking.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import get_object_for
from advisory.organisations.models import Organisation
from advisory.programmes import booking_matrix
from advisory.programmes.models import Programme


@login_required
def team_booking(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    """GET: the matrix of the chosen organisation (``?organisation=``; the first the user may book for).
    POST ``action=preview`` (htmx, on every change): the template's warnings for the ticked set;
    ``action=save``: the bookings become the ticked set, new ones are invited once."""
    programme = get_object_for(request.user, Programme.objects.select_related("template_version"), pk=pk)
    organisations = booking_matrix.bookable_organisations(request.user, programme)
    if not organisations:
        raise PermissionDenied
    chosen = request.POST.get("organisation") or request.GET.get("organisation") or ""
    if chosen:
        organisation = next((o for o in organisations if str(o.pk) == chosen), None)
        if organisation is None:
            raise Http404
    else:
        organisation = organisations[0]
    matrix = booking_matrix.team_matrix(programme, organisation)
    if request.method == "POST":
        wanted = booking_matrix.wanted_from_form(request.POST, matrix)
        action = request.POST.get("action")
        if action in ("save", "save_next"):
            try:
                change = booking_matrix.bookings_set(
                    by=request.user, programme=programme, organisation=organisation, wanted=wanted
                )
            except ValidationError as exc:
                messages.error(request, " ".join(exc.messages))
            else:
                messages.success(
                    request,
                    _("%(organisation)s: %(created)s booked (invited), %(removed)s bookings cancelled.")
                    % {"organisation": organisation.name, "created": len(change.created), "removed": change.removed},
                )
                if action == "save_next" and (following := _next_organisation(organisations, organisation)):
                    organisation = following  # saved: on to the next organisation's team
            return redirect(f"{reverse('programmes:team_booking', args=[pk])}?organisation={organisation.pk}")
        matrix = booking_matrix.team_matrix(programme, organisation, wanted)
        if request.htmx:
            # The ticks as the server read them (a person's »all joint meetings« ticks their row) and the warnings.
            return render(request, "programmes/_team_booking_preview.html", {"matrix": matrix})
    context = {
        "programme": programme,
        "organisations": organisations,
        "matrix": matrix,
        "next_organisation": _next_organisation(organisations, organisation),
    }
    return render(request, "programmes/team_booking.html", context)


def _next_organisation(organisations: list[Organisation], current: Organisation) -> Organisation | None:
    """The organisation after ``current`` in the list the person may book for (none after the last)."""
    index = next((i for i, o in enumerate(organisations) if o.pk == current.pk), len(organisations))
    return organisations[index + 1] if index + 1 < len(organisations) else None

"""An organisation's own call: the times the advisors offer for it and its coordinator's booking of one (the form
is on the activity page, advisory/programmes/views.py ``_meeting_context``; the API: api_slots.py)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import get_object_for, scope
from advisory.programmes import services
from advisory.programmes.forms import SlotOfferForm
from advisory.programmes.models import Activity, SlotOffer
from advisory.programmes.views import _meeting_context


@login_required
@require_POST
def slot_offers(request: AuthenticatedHttpRequest, pk: int, key: str) -> HttpResponse:
    """An organisation's own call: the runners offer a time ("offer") or withdraw one ("withdraw"); the
    organisation's coordinator books one of the free times ("book")."""
    activity = get_object_for(
        request.user, Activity.objects.filter(programme_id=pk).select_related("programme__template_version"), key=key
    )
    action = request.POST.get("action", "")
    offers = scope(request.user, SlotOffer).filter(programme_id=pk)
    offer_pk = request.POST.get("offer", "")
    try:
        if action == "offer":
            form = SlotOfferForm(request.POST, prefix="slot")
            if not form.is_valid():
                context = _meeting_context(request, activity, None, slot_form=form)
                return render(request, "programmes/activity_detail.html", context, status=400)
            services.slot_offer_create(
                programme=activity.programme,
                template_key=activity.template_key,
                occurrence=activity.occurrence,
                **form.cleaned_data,
                by=request.user,
            )
            messages.success(request, _("The time is offered to the organisations."))
        elif action in {"withdraw", "book"} and offer_pk.isdecimal():
            offer = get_object_for(request.user, offers, pk=offer_pk)
            if action == "withdraw":
                services.slot_offer_withdraw(offer=offer, by=request.user)
                messages.success(request, _("The time is withdrawn."))
            else:
                services.slot_book(activity=activity, offer=offer, by=request.user)
                messages.success(request, _("The call is booked; it is in your calendar."))
        else:
            messages.error(request, _("Choose a time from the list."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("programmes:activity", pk=pk, key=key)

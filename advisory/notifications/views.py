"""The outbox page (advisors), the calendar feeds (by secret address), and the profile page's settings."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core.access import Action, get_object_for, require
from advisory.core.pagination import paginate, query_without_page
from advisory.notifications import calendar_feeds, outbox, selectors, services
from advisory.notifications.forms import MailModeForm, OrganisationFeedForm, OutboxFilterForm, ProgrammeFeedForm
from advisory.notifications.models import CalendarFeedToken, FeedKind, OutboxMessage

PROFILE_CALENDAR = "calendar"  # the id of the profile page's calendar section


@login_required
def outbox_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    require(request.user, Action.VIEW, OutboxMessage)
    filters = OutboxFilterForm(request.GET or None)
    criteria = filters.cleaned_data if filters.is_valid() else {}
    page = paginate(
        request, selectors.outbox_list(request.user, status=criteria.get("status", ""), q=criteria.get("q", ""))
    )
    context = {
        "filters": filters,
        "page": page,
        "querystring": query_without_page(request),
        "jobs": selectors.scheduler_jobs(request.user),
    }
    fragment = request.htmx and not request.htmx.history_restore_request
    response = render(
        request, "notifications/outbox.html#results" if fragment else "notifications/outbox.html", context
    )
    patch_vary_headers(response, ("HX-Request",))
    return response


@login_required
@require_POST
def outbox_retry(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    message = get_object_for(request.user, OutboxMessage, Action.CHANGE, pk=pk)
    try:
        message = outbox.outbox_retry(message=message)
    except outbox.NotRetryable as exc:
        messages.error(request, str(exc.args[0]))
    else:
        if message.status == "sent":
            messages.success(request, _("The e-mail to %(to)s has been sent.") % {"to": message.to})
        else:
            messages.info(request, _("The e-mail to %(to)s will be sent again shortly.") % {"to": message.to})
    back = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(back, allowed_hosts={request.get_host()}) or not back.startswith("/"):
        back = reverse("notifications:outbox")
    return redirect(back)


@require_GET
def feed(request: HttpRequest, kind: str, token: str) -> HttpResponse:
    """A calendar feed for calendar programs: no log-in, the secret address is the key (404 when it is not)."""
    feed_token = calendar_feeds.token_for_address(kind, token)
    body = calendar_feeds.feed_build(feed_token)
    calendar_feeds.feed_touch(feed_token)
    response = HttpResponse(body, content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{kind}.ics"'
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def _back_to_profile() -> HttpResponse:
    return redirect(f"{reverse('accounts:profile')}#{PROFILE_CALENDAR}")


@login_required
@require_POST
def feed_token_create(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Make the person's own calendar address, or (with ``kind``) an organisation's or a programme's."""
    require(request.user, Action.CREATE, CalendarFeedToken)
    if request.POST.get("kind") == FeedKind.ORGANISATION:
        form = OrganisationFeedForm(request.POST, organisations=selectors.feed_organisation_choices(request.user))
        if not form.is_valid():
            messages.error(request, _("Choose an organisation from the list."))
            return _back_to_profile()
        services.feed_token_issue(
            owner=request.user, kind=FeedKind.ORGANISATION, target=form.cleaned_data["organisation"]
        )
    elif request.POST.get("kind") == FeedKind.PROGRAMME:
        programme_form = ProgrammeFeedForm(request.POST, programmes=selectors.feed_programme_choices(request.user))
        if not programme_form.is_valid():
            messages.error(request, _("Choose a programme from the list."))
            return _back_to_profile()
        services.feed_token_issue(
            owner=request.user, kind=FeedKind.PROGRAMME, target=programme_form.cleaned_data["programme"]
        )
    else:
        services.feed_token_issue(owner=request.user, kind=FeedKind.PERSON)
    messages.success(request, _("Your calendar address is ready. Copy it into your calendar program."))
    return _back_to_profile()


@login_required
@require_POST
def feed_token_renew(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_for(request.user, CalendarFeedToken.objects.active(), Action.CHANGE, pk=pk)
    services.feed_token_renew(token=token)
    messages.success(
        request,
        _("The calendar address has been renewed. The old one no longer works: subscribe again with the new one."),
    )
    return _back_to_profile()


@login_required
@require_POST
def feed_token_revoke(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    token = get_object_for(request.user, CalendarFeedToken.objects.active(), Action.DELETE, pk=pk)
    services.feed_token_revoke(token=token)
    messages.success(
        request, _("The calendar address has been closed. Calendars subscribed to it get no more updates.")
    )
    return _back_to_profile()


@login_required
@require_POST
def preference_update(request: AuthenticatedHttpRequest) -> HttpResponse:
    form = MailModeForm(request.POST)
    if form.is_valid():
        services.preference_update(user=request.user, mail_mode=form.cleaned_data["mail_mode"])
        messages.success(request, _("Your choice of e-mail has been saved."))
    else:
        messages.error(request, _("Choose how you want reminders by e-mail."))
    return redirect(f"{reverse('accounts:profile')}#notifications")

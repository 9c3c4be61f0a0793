"""The public offer pages (no log-in), the front door at ``/``, and the advisors' pages for texts and contacts."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from advisory.accounts.http import AuthenticatedHttpRequest
from advisory.core import views as core_views
from advisory.core.access import Action, can, get_object_for, require
from advisory.offers import cache, selectors, services, text
from advisory.offers.forms import ContactPersonForm, OfferTextForm
from advisory.offers.models import ContactPerson, Language, OfferText
from advisory.offers.titles import offer_title, offer_titles


def _kind(slug: str) -> str:
    try:
        return selectors.KIND_BY_SLUG[slug]
    except KeyError:
        raise Http404 from None


def _overview_context(language: str) -> dict[str, Any]:
    today = selectors.today()
    texts = selectors.offer_texts(language)
    rounds = selectors.group_rounds(today)
    return {
        "offers": [
            {"kind": kind, "slug": selectors.SLUGS[kind], "title": offer_titles()[kind], "text": texts[kind]}
            for kind in selectors.KINDS
        ],
        "open_rounds": [r for r in rounds if r.open_now],
        "seasons": selectors.taskforce_seasons(today, limit=2),
    }


def _overview_html(language: str) -> str:
    version = selectors.content_version()
    key = cache.key("overview", language, selectors.today(), version)
    return cache.cached(key, lambda: render_to_string("offers/_overview.html", _overview_context(language)))


def _detail_context(kind: str, language: str) -> dict[str, Any]:
    today = selectors.today()
    offer_text = selectors.offer_text(kind, language)
    return {
        "kind": kind,
        "slug": selectors.SLUGS[kind],
        "title": offer_title(kind),
        "text": offer_text,
        "body": text.render(offer_text.body),
        "example": selectors.plan_example(kind, today),
        "roles": selectors.roles(kind),
        "contacts": selectors.contacts(kind),
        "rounds": selectors.group_rounds(today) if kind == "group" else [],
        "past_rounds": selectors.past_themes(today) if kind == "group" else [],
        "seasons": selectors.taskforce_seasons(today) if kind == "taskforce" else [],
        "seasons_planned": kind == "taskforce" and selectors.seasons_planned(today),
    }


def _detail_html(kind: str, language: str) -> str:
    version = selectors.content_version()
    key = cache.key(f"detail:{kind}", language, selectors.today(), version)
    return cache.cached(key, lambda: render_to_string("offers/_detail.html", _detail_context(kind, language)))


def _language() -> str:
    return selectors.language_of(get_language())


@require_GET
def offer_list(request: HttpRequest) -> HttpResponse:
    """/tilbud/: the three offers, for everyone."""
    return render(
        request,
        "offers/list.html",
        {"content": _overview_html(_language()), "edits": can(request.user, Action.CHANGE, OfferText)},
    )


def front_door(request: HttpRequest) -> HttpResponse:
    """``/``: an anonymous visitor sees the offers with a log-in button; a logged-in person their start page."""
    if request.user.is_authenticated:
        return core_views.start(request)
    if request.method not in ("GET", "HEAD"):
        return HttpResponse(status=405, headers={"Allow": "GET, HEAD"})
    return render(request, "offers/front.html", {"content": _overview_html(_language())})


@require_GET
def offer_detail(request: HttpRequest, slug: str) -> HttpResponse:
    kind = _kind(slug)
    return render(
        request,
        "offers/detail.html",
        {
            "content": _detail_html(kind, _language()),
            "title": offer_title(kind),
            "slug": slug,
            "edits": can(request.user, Action.CHANGE, OfferText),
        },
    )


@login_required
def text_edit(request: AuthenticatedHttpRequest, slug: str, language: str) -> HttpResponse:
    """An offer's text in one language: preview, then save."""
    kind = _kind(slug)
    if language not in Language.values:
        raise Http404
    require(request.user, Action.CHANGE, OfferText)  # before the form is shown
    current = selectors.offer_text(kind, language)
    form = OfferTextForm(request.POST or None, initial={"summary": current.summary, "body": current.body})
    preview = None
    if request.method == "POST" and form.is_valid():
        if request.POST.get("action") == "save":
            try:
                services.offer_text_save(by=request.user, kind=kind, language=language, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                messages.success(request, _("The text has been saved."))
                return redirect("offers:detail", slug=slug)
        else:
            preview = {"summary": form.cleaned_data["summary"], "body": text.render(form.cleaned_data["body"])}
    context = {
        "form": form,
        "slug": slug,
        "title": offer_title(kind),
        "language": language,
        "language_name": Language(language).label,
        "other_language": "en" if language == "da" else "da",
        "stored": current.stored,
        "preview": preview,
    }
    return render(request, "offers/text_form.html", context)


@login_required
def contact_list(request: AuthenticatedHttpRequest, slug: str) -> HttpResponse:
    """An offer's contact people, and a form to add one."""
    kind = _kind(slug)
    require(request.user, Action.CREATE, ContactPerson)
    form = ContactPersonForm(request.POST or None, initial={"position": len(selectors.contacts(kind)) + 1})
    if request.method == "POST" and form.is_valid():
        try:
            contact = services.contact_create(by=request.user, kind=kind, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("%(name)s has been added.") % {"name": contact.name})
            return redirect("offers:contacts", slug=slug)
    context = {"form": form, "slug": slug, "title": offer_title(kind), "contacts": selectors.contacts(kind)}
    return render(request, "offers/contacts.html", context)


@login_required
def contact_edit(request: AuthenticatedHttpRequest, pk: int) -> HttpResponse:
    contact = get_object_for(request.user, ContactPerson, Action.CHANGE, pk=pk)
    slug = selectors.SLUGS[contact.kind]
    if request.method == "POST" and request.POST.get("action") == "delete":
        services.contact_delete(by=request.user, contact=contact)
        messages.success(request, _("%(name)s has been removed.") % {"name": contact.name})
        return redirect("offers:contacts", slug=slug)
    form = ContactPersonForm(request.POST or None, instance=contact)
    if request.method == "POST" and form.is_valid():
        try:
            services.contact_update(by=request.user, contact=contact, **form.cleaned_data)
        except ValidationError as exc:
            form.add_error(None, exc)
        else:
            messages.success(request, _("The contact person has been saved."))
            return redirect("offers:contacts", slug=slug)
    context = {"form": form, "contact": contact, "slug": slug, "title": offer_title(contact.kind)}
    return render(request, "offers/contact_form.html", context)

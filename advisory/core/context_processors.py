"""Template context shared by every page: the main navigation for the user's role."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.http import HttpRequest
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class NavItem:
    label: Any
    url: str
    current: bool


def _requests_page(user: Any) -> str:
    """Advisors go straight to the interest queue, taskforce members to the seasons; others to their own."""
    if user.is_advisor or user.is_administrator:
        return "requests:interest_list"
    if user.is_agency_staff:
        return "requests:taskforce_list"
    return "requests:index"


# (url name, or a function of the user giving it; label; who sees it): "all" signed-in users, "staff" agency
# staff, "bank" agency staff and organisation people (the knowledge bank), "runs" advisors and administrators,
# "admin" administrators. An item is the current one on every page
# below its section (the first path segment of its address).
_NAVIGATION = (
    ("core:start", _("Start"), "all"),
    ("programmes:list", _("Programmes"), "all"),
    ("overview:portfolio", _("Overview"), "staff"),
    ("intake:round_list", _("Intake"), "runs"),
    (_requests_page, _("Interest and requests"), "all"),
    ("organisations:list", _("Organisations"), "all"),
    ("knowledge:bank", _("Knowledge bank"), "bank"),
    ("accounts:profile", _("My profile"), "all"),
    ("admin:index", _("Administration"), "admin"),
)


def _visible(user: Any, audience: str) -> bool:
    if audience == "all":
        return True
    if audience == "staff":
        return bool(user.is_agency_staff)
    if audience == "bank":  # the knowledge bank: agency staff and organisation people (by role: no query per page)
        return bool(user.is_agency_staff or user.is_organisation_person)
    if audience == "runs":
        return bool(user.is_advisor or user.is_administrator)
    return bool(user.is_administrator)


def navigation(request: HttpRequest) -> dict[str, Any]:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"main_navigation": []}
    items = []
    path = request.path
    for name, label, audience in _NAVIGATION:
        if not _visible(user, audience):
            continue
        try:
            url = reverse(name(user) if callable(name) else name)
        except NoReverseMatch:
            continue  # an app that is not switched on yet
        section = "/" + url.strip("/").split("/")[0] + "/" if url != "/" else "/"
        current = path == url if url == "/" else path.startswith(section)
        items.append(NavItem(label=label, url=url, current=current))
    return {"main_navigation": items}

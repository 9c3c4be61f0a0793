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


# (url name, label, who sees it): "all" signed-in users, "staff" agency staff, "admin" administrators.
_NAVIGATION = (
    ("core:start", _("Start"), "all"),
    ("programmes:list", _("Programmes"), "all"),
    ("intake:round_list", _("Intake"), "runs"),
    ("requests:index", _("Interest and requests"), "all"),
    ("organisations:list", _("Organisations"), "all"),
    ("accounts:profile", _("My profile"), "all"),
    ("admin:index", _("Administration"), "admin"),
)


def _visible(user: Any, audience: str) -> bool:
    if audience == "all":
        return True
    if audience == "staff":
        return bool(user.is_agency_staff)
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
            url = reverse(name)
        except NoReverseMatch:
            continue  # an app that is not switched on yet
        current = path == url if url == "/" else path.startswith(url)
        items.append(NavItem(label=label, url=url, current=current))
    return {"main_navigation": items}

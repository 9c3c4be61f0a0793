"""The offers' names on the public pages."""

from __future__ import annotations

from django.utils.translation import gettext as _


def offer_titles() -> dict[str, str]:
    return {
        "group": _("Group-based advisory programmes"),
        "individual": _("Individual advisory programmes"),
        "taskforce": _("Taskforce programmes"),
    }


def offer_title(kind: str) -> str:
    return offer_titles()[kind]

"""The prerequisites for anchoring Housing First (forudsætninger), and the taskforce's fourth theme.

Individual programmes work with the first three; taskforce programmes with all four (DOMAIN.md).
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Prerequisite(models.TextChoices):
    HOUSING = "housing", _("A systematic approach to securing housing for the effort")
    SUPPORT = (
        "support",
        _(
            "A systematic practice of offering homeless citizens who move into their own home social support by the "
            "specialised support methods"
        ),
    )
    ORGANISATION = (
        "organisation",
        _("An organisation of and collaboration between relevant actors that supports carrying out the effort"),
    )
    CASE_HANDLING = "case_handling", _("Legal and social-professional quality in case handling for the target group")


def for_kind(kind: str) -> list[Prerequisite]:
    """The prerequisites (themes) a programme of this kind works with."""
    if kind == "taskforce":
        return list(Prerequisite)
    return [Prerequisite.HOUSING, Prerequisite.SUPPORT, Prerequisite.ORGANISATION]

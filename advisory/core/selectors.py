"""Reads for the start page. Each app adds its own section through START_SECTIONS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from advisory.core.access import scope
from advisory.organisations.models import Organisation

# Apps append callables (user -> (template name, context) or None) to add a section.
START_SECTIONS: list[Callable[[Any], tuple[str, dict[str, Any]] | None]] = []


@dataclass
class StartPage:
    template: str
    organisations: list[Organisation]
    sections: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def start_page_context(user: Any) -> StartPage:
    sections = [section for build in START_SECTIONS if (section := build(user)) is not None]
    if user.is_agency_staff:
        return StartPage(template="core/start_staff.html", organisations=[], sections=sections)
    organisations = list(scope(user, Organisation).select_related("municipality").order_by("name"))
    return StartPage(template="core/start_organisation.html", organisations=organisations, sections=sections)

"""Reads for the start page. Each app adds its own section through START_SECTIONS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

# Apps append callables (user -> (template name, context) or None) to add a section, in their AppConfig.ready();
# the sections follow the order of INSTALLED_APPS (organisations first: "Your organisation").
START_SECTIONS: list[Callable[[Any], tuple[str, dict[str, Any]] | None]] = []

# The year's intake page (advisory.intake) shows sections of the apps beside it the same way: callables
# (user, year) -> (template name, context) or None; advisory.requests adds the year's taskforce seasons.
YEAR_PLAN_SECTIONS: list[Callable[[Any, int], tuple[str, dict[str, Any]] | None]] = []


@dataclass
class StartPage:
    template: str
    sections: list[tuple[str, dict[str, Any]]] = field(default_factory=list)


def start_page_context(user: Any) -> StartPage:
    sections = [section for build in START_SECTIONS if (section := build(user)) is not None]
    template = "core/start_staff.html" if user.is_agency_staff else "core/start_organisation.html"
    return StartPage(template=template, sections=sections)

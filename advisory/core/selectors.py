"""Reads for the start page. Each app adds its own section through START_SECTIONS."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.template.loader import render_to_string
from django.utils.safestring import mark_safe

from advisory.core.changes import data_version, kept

Section = tuple[str, dict[str, Any]]

# Apps append callables (user -> (template name, context) or None) to add a section, in their AppConfig.ready();
# the sections follow the order of INSTALLED_APPS (organisations first: "Your organisation").
START_SECTIONS: list[Callable[[Any], Section | None]] = []

# Sections whose content follows from the domain tables, the person, the day and the language alone, and whose
# template needs neither the request nor a form (no CSRF token): rendered once and kept in the cache under the
# data version (advisory/core/changes.py), so a write anywhere shows at the next visit. An app adds its builder
# here as well as to START_SECTIONS. A section reading tables exempt from the data version (the outbox's
# figures, say) must not be here.
CACHED_START_SECTIONS: set[Callable[[Any], Section | None]] = set()

# The year's intake page (advisory.intake) shows sections of the apps beside it the same way: callables
# (user, year) -> (template name, context) or None; advisory.requests adds the year's taskforce seasons.
YEAR_PLAN_SECTIONS: list[Callable[[Any, int], Section | None]] = []


@dataclass
class StartPage:
    template: str
    sections: list[Section] = field(default_factory=list)


def _rendered(build: Callable[[Any], Section | None], user: Any, version: int) -> Section | None:
    """The section as HTML, kept while the data version, the day and the language are the same."""

    def render() -> str:
        section = build(user)
        return "" if section is None else render_to_string(section[0], {"section": section[1], "user": user})

    html = kept(f"start-section:{build.__module__}.{build.__qualname__}", (user.pk,), render, version=version)
    return ("core/_rendered_section.html", {"html": mark_safe(html)}) if html else None


def start_page_context(user: Any) -> StartPage:
    version = data_version() if any(build in CACHED_START_SECTIONS for build in START_SECTIONS) else 0
    sections = [
        section
        for build in START_SECTIONS
        if (section := _rendered(build, user, version) if build in CACHED_START_SECTIONS else build(user)) is not None
    ]
    template = "core/start_staff.html" if user.is_agency_staff else "core/start_organisation.html"
    return StartPage(template=template, sections=sections)

"""The start page's link to the year's figures (no query: who may read them follows from the role)."""

from __future__ import annotations

from typing import Any

from django.utils import timezone

from advisory.reports.figures import may_read


def start_section(user: Any) -> tuple[str, dict[str, Any]] | None:
    if not may_read(user):
        return None
    return "reports/_start_section.html", {"year": timezone.localdate().year}

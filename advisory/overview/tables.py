"""The overview's figures as tables for the downloads (the same rows the pages show)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from advisory.overview.exports import Table
from advisory.overview.forms import REACHED_CHOICES
from advisory.overview.selectors import Capacity, PortfolioRow, Reach


def programme_table(rows: list[PortfolioRow]) -> Table:
    headers = [
        _("Id"),
        _("Title"),
        _("Kind"),
        _("Status"),
        _("Template"),
        _("Theme"),
        _("First date"),
        _("Last date"),
        _("Current phase"),
        _("Organisations"),
        _("Advisors"),
    ]
    body = [
        [
            row.programme.pk,
            row.programme.title,
            str(row.programme.get_kind_display()),
            str(row.programme.get_status_display()),
            str(row.programme.template_version),
            row.programme.theme,
            row.start,
            row.end,
            row.current_phase,
            ", ".join(row.organisation_names),
            ", ".join(row.advisor_names),
        ]
        for row in rows
    ]
    return Table(_("Programmes"), headers, body)


def capacity_table(load: Capacity) -> Table:
    """One row per person and week: the heat map's numbers."""
    headers = [_("Person"), _("Role"), _("Week"), _("Week starts"), _("Activities"), _("Meeting days")]
    body = [
        [person.name, person.role, cell.week.isocalendar().week, cell.week, cell.activities, cell.meeting_days]
        for person in load.people
        for cell in person.weeks
    ]
    return Table(_("Load"), headers, body)


def reach_table(result: Reach) -> Table:
    """The municipalities and shelters the filter asks for, with what they took part in."""
    words = dict(REACHED_CHOICES)
    headers = [
        _("Organisation"),
        _("Kind"),
        _("Municipality code"),
        _("Region"),
        _("Programmes ever"),
        _("Programmes in the last 2 years"),
        _("Programmes now"),
        _("Taken part"),
    ]
    body = [
        [row.name, kind, row.code or None, row.region, row.ever, row.recent, row.now, str(words[row.state])]
        for kind, rows in ((_("Municipality"), result.municipalities), (_("§ 110 shelter"), result.shelters))
        for row in rows
    ]
    return Table(_("Reach"), headers, body)

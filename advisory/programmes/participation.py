"""Who is booked for a meeting, checked against the template's participant rules. Pure: no ORM.

Rules come from the template activity: ``people_per_organisation`` (e.g. 3–5 per organisation at a
reflection meeting) and ``required_functions`` (e.g. leaders and staff at the kickoff).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from advisory.programmes.scheduling import ActivitySpec

FUNCTION_NAMES = {
    "coordinator": "tovholder",
    "implementation_team": "medarbejdere fra implementeringsteamet",
    "leadership_group": "ledere",
    "steering_group": "styregruppen",
    "member": "medarbejdere",
}


@dataclass(frozen=True)
class Booking:
    organisation: str
    functions: frozenset[str]  # the person's functions in their organisation


@dataclass(frozen=True)
class ParticipationWarning:
    organisation: str
    code: str  # too_few, too_many, missing_function, nobody
    message: str  # Danish


def participation_warnings(
    spec: ActivitySpec, bookings: Iterable[Booking], organisations: Iterable[str]
) -> list[ParticipationWarning]:
    """Warnings per participating organisation for one meeting."""
    by_organisation: dict[str, list[Booking]] = {name: [] for name in organisations}
    for booking in bookings:
        by_organisation.setdefault(booking.organisation, []).append(booking)
    low, high = spec.people_per_organisation
    warnings: list[ParticipationWarning] = []
    for organisation, booked in by_organisation.items():
        count = len(booked)
        if low is not None and count < low:
            warnings.append(
                ParticipationWarning(
                    organisation,
                    "too_few",
                    f"{organisation} har {count} booket til {spec.title.lower()}; der skal være {low}–{high}.",
                )
            )
        elif high is not None and count > high:
            warnings.append(
                ParticipationWarning(
                    organisation,
                    "too_many",
                    f"{organisation} har {count} booket til {spec.title.lower()}; der må højst være {high}.",
                )
            )
        present = frozenset().union(*(b.functions for b in booked)) if booked else frozenset()
        for function in spec.required_functions:
            if function not in present:
                warnings.append(
                    ParticipationWarning(
                        organisation,
                        "missing_function",
                        f"{organisation} har ingen {FUNCTION_NAMES.get(function, function)} booket "
                        f"til {spec.title.lower()}.",
                    )
                )
    return warnings

"""Writes for organisations and memberships."""

from __future__ import annotations

import csv
import datetime
from dataclasses import dataclass
from pathlib import Path

from django.db import transaction

from advisory.accounts.models import Role, User
from advisory.organisations.models import (
    Membership,
    MembershipFunction,
    Organisation,
    OrganisationKind,
    Region,
    RegionMembership,
)

MUNICIPALITIES_CSV = Path(__file__).resolve().parents[2] / "data" / "municipalities.csv"


@dataclass(frozen=True)
class ReferenceLoadResult:
    municipalities: int
    regions: int
    memberships: int


@transaction.atomic
def reference_data_load(*, path: Path = MUNICIPALITIES_CSV) -> ReferenceLoadResult:
    """Load municipalities and regions from the CSV; running it again updates, never duplicates."""
    with path.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(line for line in handle if not line.startswith("#")))
    regions: dict[str, Region] = {}
    municipalities: dict[str, Organisation] = {}
    memberships = 0
    for row in rows:
        region_code = row["region_code"].strip()
        if region_code not in regions:
            regions[region_code], _ = Region.objects.update_or_create(
                code=region_code, defaults={"name": row["region_name"].strip()}
            )
        code = row["municipality_code"].strip().zfill(4)
        if code not in municipalities:
            municipalities[code], _ = Organisation.objects.update_or_create(
                municipality_code=code,
                defaults={"kind": OrganisationKind.MUNICIPALITY, "name": row["municipality_name"].strip()},
            )
        valid_to = row["valid_to"].strip()
        RegionMembership.objects.update_or_create(
            municipality=municipalities[code],
            valid_from=datetime.date.fromisoformat(row["valid_from"].strip()),
            defaults={
                "region": regions[region_code],
                "valid_to": datetime.date.fromisoformat(valid_to) if valid_to else None,
                "source": "Danmarks Statistik, Klassifikation af regioner og kommuner",
            },
        )
        memberships += 1
    return ReferenceLoadResult(municipalities=len(municipalities), regions=len(regions), memberships=memberships)


@transaction.atomic
def shelter_create(
    *, name: str, municipality: Organisation, tilbudsportalen_id: str = "", address: str = ""
) -> Organisation:
    shelter = Organisation(
        kind=OrganisationKind.SHELTER,
        name=name,
        municipality=municipality,
        tilbudsportalen_id=tilbudsportalen_id,
        address=address,
    )
    shelter.full_clean()
    shelter.save()
    return shelter


@transaction.atomic
def organisation_update(*, organisation: Organisation, **fields: object) -> Organisation:
    for name, value in fields.items():
        setattr(organisation, name, value)
    organisation.full_clean()
    organisation.save()
    return organisation


@transaction.atomic
def membership_add(
    *,
    organisation: Organisation,
    email: str,
    function: str,
    first_name: str = "",
    last_name: str = "",
) -> Membership:
    """Attach a person (created without a password if new) to an organisation in a function."""
    email = email.strip().lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is None:
        role = Role.COORDINATOR if function == MembershipFunction.COORDINATOR else Role.ORGANISATION_MEMBER
        user = User.objects.create_user(email=email, first_name=first_name, last_name=last_name, role=role)
    elif function == MembershipFunction.COORDINATOR and user.role == Role.ORGANISATION_MEMBER:
        user.role = Role.COORDINATOR
        user.save(update_fields=["role"])
    membership, _ = Membership.objects.get_or_create(organisation=organisation, user=user, function=function)
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership) -> None:
    membership.delete()

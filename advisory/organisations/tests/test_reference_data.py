"""Reference data: the 98 municipalities and their regions over time, from data/municipalities.csv."""

from __future__ import annotations

import datetime
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from advisory.organisations import selectors
from advisory.organisations.models import Organisation, OrganisationKind, Region, RegionMembership
from advisory.organisations.services import MUNICIPALITIES_CSV, reference_data_load

pytestmark = pytest.mark.django_db

LAST_DAY_OF_FIVE_REGIONS = datetime.date(2026, 12, 31)
FIRST_DAY_OF_OESTDANMARK = datetime.date(2027, 1, 1)


def region_name(municipality_code: str, on: datetime.date) -> str | None:
    region = Organisation.objects.get(municipality_code=municipality_code).region_on(on)
    return region.name if region else None


def counts() -> tuple[int, int, int]:
    return Organisation.objects.count(), Region.objects.count(), RegionMembership.objects.count()


def test_the_csv_is_in_the_repository():
    assert Path(__file__).resolve().parents[3] / "data" / "municipalities.csv" == MUNICIPALITIES_CSV
    assert MUNICIPALITIES_CSV.is_file()


def test_loading_creates_the_98_municipalities_with_four_digit_codes():
    result = reference_data_load()
    assert result.municipalities == 98
    municipalities = Organisation.objects.municipalities()
    assert municipalities.count() == 98
    assert not Organisation.objects.shelters().exists()
    codes = set(municipalities.values_list("municipality_code", flat=True))
    assert all(len(code) == 4 and code.isdigit() for code in codes)
    assert {"0101", "0147", "0400", "0461", "0751", "0851"} <= codes
    assert Organisation.objects.get(municipality_code="0101").name == "København"
    assert Organisation.objects.get(municipality_code="0751").name == "Aarhus"


def test_loading_creates_the_five_regions_and_region_oestdanmark():
    result = reference_data_load()
    assert result.regions == 6
    assert set(Region.objects.values_list("name", flat=True)) == {
        "Region Nordjylland",
        "Region Midtjylland",
        "Region Syddanmark",
        "Region Hovedstaden",
        "Region Sjælland",
        "Region Østdanmark",
    }


def test_every_municipality_lies_in_exactly_one_region_on_any_day():
    reference_data_load()
    for day in (
        datetime.date(2007, 1, 1),
        LAST_DAY_OF_FIVE_REGIONS,
        FIRST_DAY_OF_OESTDANMARK,
        datetime.date(2040, 6, 1),
    ):
        per_region = {
            region.name: Organisation.objects.municipalities().in_region(region, day).count()
            for region in Region.objects.all()
        }
        assert sum(per_region.values()) == 98, (day, per_region)


def test_a_municipality_in_hovedstaden_moves_to_oestdanmark_on_1_january_2027():
    reference_data_load()
    assert region_name("0101", LAST_DAY_OF_FIVE_REGIONS) == "Region Hovedstaden"
    assert region_name("0101", FIRST_DAY_OF_OESTDANMARK) == "Region Østdanmark"
    assert region_name("0400", LAST_DAY_OF_FIVE_REGIONS) == "Region Hovedstaden"  # Bornholm
    assert region_name("0400", FIRST_DAY_OF_OESTDANMARK) == "Region Østdanmark"


def test_a_municipality_in_sjaelland_moves_to_oestdanmark_too():
    reference_data_load()
    assert region_name("0259", LAST_DAY_OF_FIVE_REGIONS) == "Region Sjælland"  # Køge
    assert region_name("0259", FIRST_DAY_OF_OESTDANMARK) == "Region Østdanmark"


def test_municipalities_outside_the_merger_keep_their_region():
    reference_data_load()
    for code, name in (("0751", "Region Midtjylland"), ("0461", "Region Syddanmark"), ("0851", "Region Nordjylland")):
        assert region_name(code, LAST_DAY_OF_FIVE_REGIONS) == name
        assert region_name(code, FIRST_DAY_OF_OESTDANMARK) == name


def test_the_regions_after_the_merger_are_four():
    reference_data_load()
    in_use = {
        region.name
        for region in Region.objects.all()
        if Organisation.objects.municipalities().in_region(region, FIRST_DAY_OF_OESTDANMARK).exists()
    }
    assert in_use == {"Region Nordjylland", "Region Midtjylland", "Region Syddanmark", "Region Østdanmark"}
    assert (
        Organisation.objects.in_region(Region.objects.get(name="Region Hovedstaden"), FIRST_DAY_OF_OESTDANMARK).count()
        == 0
    )


def test_the_organisation_list_shows_the_region_of_the_chosen_day_also_for_shelters(advisor):
    reference_data_load()
    copenhagen = Organisation.objects.get(municipality_code="0101")
    Organisation.objects.create(kind=OrganisationKind.SHELTER, name="Herberget", municipality=copenhagen)
    for day, expected in (
        (LAST_DAY_OF_FIVE_REGIONS, "Region Hovedstaden"),
        (FIRST_DAY_OF_OESTDANMARK, "Region Østdanmark"),
    ):
        rows = {o.name: o.region_name for o in selectors.organisation_list(advisor, q="", on=day)}
        assert rows["København"] == expected
        assert rows["Herberget"] == expected


def test_loading_again_changes_nothing():
    first = reference_data_load()
    before = counts()
    ids = dict(Organisation.objects.values_list("municipality_code", "pk"))
    second = reference_data_load()
    assert second == first
    assert counts() == before == (98, 6, 144)
    assert dict(Organisation.objects.values_list("municipality_code", "pk")) == ids


def test_loading_again_updates_a_renamed_municipality_instead_of_adding_one(tmp_path):
    reference_data_load()
    changed = tmp_path / "municipalities.csv"
    changed.write_text(
        MUNICIPALITIES_CSV.read_text(encoding="utf-8").replace(",Aarhus,", ",Aarhus Kommune,"), encoding="utf-8"
    )
    reference_data_load(path=changed)
    assert counts() == (98, 6, 144)
    assert Organisation.objects.get(municipality_code="0751").name == "Aarhus Kommune"


def test_a_broken_file_loads_nothing(tmp_path):
    broken = tmp_path / "municipalities.csv"
    lines = MUNICIPALITIES_CSV.read_text(encoding="utf-8").splitlines()
    broken.write_text("\n".join([*lines, "0999,Ingen,1081,Region Nordjylland,not-a-date,"]), encoding="utf-8")
    with pytest.raises(ValueError):
        reference_data_load(path=broken)
    assert counts() == (0, 0, 0)


def test_the_management_command_loads_and_reports():
    out = StringIO()
    call_command("load_reference_data", stdout=out)
    assert "98 municipalities" in out.getvalue()
    call_command("load_reference_data", stdout=StringIO())
    assert counts() == (98, 6, 144)

"""Organisation pages: the list (search, filters, htmx fragment, pages), the detail, creating shelters, people."""

from __future__ import annotations

import datetime

import factory
import pytest
from django.core.cache import cache
from django.test import Client
from django.urls import reverse

from advisory.organisations.models import (
    Membership,
    MembershipFunction,
    MembershipInvitation,
    Organisation,
    OrganisationKind,
    Region,
)
from advisory.organisations.models import RegionMembership as RM
from advisory.organisations.services import DUPLICATE_SHELTER_NAME
from advisory.programmes import services as programme_services
from advisory.programmes.models import ProgrammeTemplate
from tests import factories
from tests.helpers import Document, danish, msgid_of, parse_html

pytestmark = pytest.mark.django_db

LIST = reverse("organisations:list")
CREATE = reverse("organisations:shelter_create")
HTMX = {"HTTP_HX_REQUEST": "true"}


def detail(organisation: Organisation) -> str:
    return reverse("organisations:detail", args=[organisation.pk])


def result_names(response) -> list[str]:
    doc = parse_html(response.content)
    return (
        [row.find_all("a")[0].text for row in doc.find_all("tbody")[0].find_all("tr")] if doc.find_all("tbody") else []
    )


def in_region(municipality: Organisation, region: Region) -> None:
    RM.objects.create(municipality=municipality, region=region, valid_from=datetime.date(2007, 1, 1))


@pytest.fixture
def regions(db):
    return {
        "midt": factories.RegionFactory(code="1082", name="Region Midtjylland"),
        "syd": factories.RegionFactory(code="1083", name="Region Syddanmark"),
    }


@pytest.fixture
def landscape(municipality, other_municipality, regions):
    """Aarhus (Midtjylland) with a shelter, Odense (Syddanmark) with a shelter, Silkeborg (Midtjylland)."""
    silkeborg = factories.MunicipalityFactory(name="Silkeborg", municipality_code="0740")
    in_region(municipality, regions["midt"])
    in_region(silkeborg, regions["midt"])
    in_region(other_municipality, regions["syd"])
    return {
        "aarhus": municipality,
        "odense": other_municipality,
        "silkeborg": silkeborg,
        "aarhus_shelter": factories.ShelterFactory(name="Herberget Sct. Nikolaj", municipality=municipality),
        "odense_shelter": factories.ShelterFactory(name="Kirkens Korshær Odense", municipality=other_municipality),
    }


# --- The list -----------------------------------------------------------------------------------------------


def test_the_list_shows_every_organisation_to_an_advisor_sorted_by_name(advisor_client, landscape):
    response = advisor_client.get(LIST)
    assert response.status_code == 200
    assert result_names(response) == [
        "Aarhus",
        "Herberget Sct. Nikolaj",
        "Kirkens Korshær Odense",
        "Odense",
        "Silkeborg",
    ]


def test_the_list_shows_the_region_and_the_municipality_of_a_shelter(advisor_client, landscape):
    doc = parse_html(advisor_client.get(LIST).content)
    rows = {row.find_all("td")[0].text: [cell.text for cell in row.find_all("td")] for row in doc.find_all("tr")[1:]}
    assert rows["Herberget Sct. Nikolaj"][1] == f"{danish('§ 110 shelter')} (Aarhus)"
    assert rows["Herberget Sct. Nikolaj"][3] == "Region Midtjylland"
    assert rows["Odense"][2:] == ["0461", "Region Syddanmark"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("odense", ["Kirkens Korshær Odense", "Odense"]),
        ("HERBERGET", ["Herberget Sct. Nikolaj"]),
        ("074", ["Silkeborg"]),  # the start of a municipality code
        ("Roskilde", []),
    ],
)
def test_the_list_searches_names_and_municipality_codes(advisor_client, landscape, query, expected):
    assert result_names(advisor_client.get(LIST, {"q": query})) == expected


def test_the_list_filters_by_kind(advisor_client, landscape):
    shelters = advisor_client.get(LIST, {"kind": OrganisationKind.SHELTER})
    assert result_names(shelters) == ["Herberget Sct. Nikolaj", "Kirkens Korshær Odense"]
    municipalities = advisor_client.get(LIST, {"kind": OrganisationKind.MUNICIPALITY})
    assert result_names(municipalities) == ["Aarhus", "Odense", "Silkeborg"]


def test_the_list_filters_by_region_with_the_shelters_of_its_municipalities(advisor_client, landscape, regions):
    response = advisor_client.get(LIST, {"region": regions["midt"].pk})
    assert result_names(response) == ["Aarhus", "Herberget Sct. Nikolaj", "Silkeborg"]


def test_the_list_combines_search_kind_and_region(advisor_client, landscape, regions):
    response = advisor_client.get(LIST, {"q": "a", "kind": OrganisationKind.MUNICIPALITY, "region": regions["midt"].pk})
    assert result_names(response) == ["Aarhus"]


def test_the_list_keeps_the_filter_in_its_form(advisor_client, landscape, regions):
    doc = parse_html(advisor_client.get(LIST, {"q": "Aar", "region": regions["syd"].pk}).content)
    assert doc.by_id("id_q").get("value") == "Aar"
    selected = [
        option.get("value") for option in doc.by_id("id_region").find_all("option") if "selected" in option.attrs
    ]
    assert selected == [str(regions["syd"].pk)]


def test_an_unknown_filter_value_shows_everything_rather_than_an_error(advisor_client, landscape):
    response = advisor_client.get(LIST, {"kind": "castle", "region": "999999"})
    assert response.status_code == 200
    assert len(result_names(response)) == 5


def test_the_list_says_so_when_nothing_matches(advisor_client, landscape):
    response = advisor_client.get(LIST, {"q": "Atlantis"})
    assert danish("No organisations match the filter.") in response.content.decode()


def test_an_htmx_request_gets_only_the_results_fragment(advisor_client, landscape):
    response = advisor_client.get(LIST, {"q": "odense"}, **HTMX)
    assert response.status_code == 200
    html = response.content.decode()
    assert "<html" not in html
    assert "<form" not in html
    assert "<h1" not in html
    assert 'id="organisation-results"' not in html  # the fragment goes inside it
    assert result_names(response) == ["Kirkens Korshær Odense", "Odense"]


def test_the_full_page_holds_the_fragment_in_the_htmx_target(advisor_client, landscape):
    doc = parse_html(advisor_client.get(LIST).content)
    form = doc.select_one("form", role="search")
    assert form.get("hx-get") == LIST
    assert form.get("hx-target") == "#organisation-results"
    target = doc.by_id("organisation-results")
    assert target is not None and target.find_all("table")


def test_the_page_and_the_fragment_are_cached_apart(advisor_client, landscape):
    """Browsers must not show a cached fragment as the whole page (e.g. after going back)."""
    for response in (advisor_client.get(LIST), advisor_client.get(LIST, **HTMX)):
        assert "hx-request" in response["Vary"].lower()


def test_a_history_restore_request_gets_the_whole_page(advisor_client, landscape):
    response = advisor_client.get(LIST, {"q": "odense"}, HTTP_HX_HISTORY_RESTORE_REQUEST="true", **HTMX)
    assert "<html" in response.content.decode()


def test_the_list_is_paginated_and_the_links_keep_the_filter(advisor_client, settings):
    settings.PAGE_SIZE = 10
    factories.MunicipalityFactory.create_batch(23, name=factory.Sequence(lambda n: f"Kommune {n:03d}"))
    first = advisor_client.get(LIST, {"q": "Kommune"})
    assert len(result_names(first)) == 10
    doc = parse_html(first.content)
    pagination = doc.select_one("nav", class_="pagination mt-5")
    links = [link.get("href") for link in pagination.find_all("a")]
    assert links == ["?q=Kommune&side=2"]
    assert danish("Page %(number)s of %(total)s", number=1, total=3) in pagination.text

    last = advisor_client.get(LIST, {"q": "Kommune", "side": 3})
    assert len(result_names(last)) == 3
    everything = set()
    for number in (1, 2, 3):
        everything |= set(result_names(advisor_client.get(LIST, {"q": "Kommune", "side": number})))
    assert len(everything) == 23


def test_a_page_number_out_of_range_shows_the_last_page(advisor_client, settings):
    settings.PAGE_SIZE = 10
    factories.MunicipalityFactory.create_batch(12)
    assert len(result_names(advisor_client.get(LIST, {"side": 99}))) == 2
    assert len(result_names(advisor_client.get(LIST, {"side": "x"}))) == 10


# --- Query counts: the same for 3 and for 30 organisations ------------------------------------------------


def _organisations(count: int, region: Region, member=None) -> None:
    """count organisations: municipalities in the region, each with a shelter (so every row has a region)."""
    for _ in range((count + 1) // 2):
        municipality = factories.MunicipalityFactory.create()
        in_region(municipality, region)
        shelter = factories.ShelterFactory(municipality=municipality)
        if member is not None:
            factories.MembershipFactory(organisation=municipality, user=member)
            factories.MembershipFactory(organisation=shelter, user=member)


# As built (the cache empty): one of them reads the data version the results are kept under; shown again from the
# cache, the count and the page's rows are not read (LIST_QUERIES_KEPT).
LIST_QUERIES_ADVISOR = 9
LIST_QUERIES_COORDINATOR = 9
LIST_QUERIES_KEPT = 7
DETAIL_QUERIES = 13  # one of them lists the organisation's programmes, one its invitations waiting for an answer


@pytest.mark.parametrize("count", [3, 30])
def test_the_list_takes_the_same_number_of_queries_for_any_number_of_rows(
    advisor_client, regions, django_assert_num_queries, count
):
    _organisations(count, regions["midt"])
    advisor_client.get(LIST)  # the session is warm
    cache.clear()
    with django_assert_num_queries(LIST_QUERIES_ADVISOR):
        response = advisor_client.get(LIST)
    assert len(result_names(response)) >= min(count, 25)
    with django_assert_num_queries(LIST_QUERIES_KEPT):
        again = advisor_client.get(LIST)
    assert result_names(again) == result_names(response)


@pytest.mark.parametrize("count", [3, 30])
def test_the_filtered_fragment_takes_the_same_number_of_queries_for_any_number_of_rows(
    advisor_client, regions, django_assert_num_queries, count
):
    _organisations(count, regions["midt"])
    advisor_client.get(LIST)
    cache.clear()
    with django_assert_num_queries(LIST_QUERIES_ADVISOR):  # the chosen region instead of all regions
        response = advisor_client.get(LIST, {"region": regions["midt"].pk, "kind": "shelter"}, **HTMX)
    assert len(result_names(response)) == min((count + 1) // 2, 25)


@pytest.mark.parametrize("count", [3, 30])
def test_a_coordinators_list_takes_the_same_number_of_queries_for_any_number_of_rows(
    coordinator, regions, django_assert_num_queries, count
):
    _organisations(count, regions["midt"], member=coordinator)
    client = Client()
    client.force_login(coordinator)
    client.get(LIST)
    cache.clear()
    with django_assert_num_queries(LIST_QUERIES_COORDINATOR):
        response = client.get(LIST)
    assert len(result_names(response)) == min(count + (count % 2) + 1, 25)  # plus Aarhus


@pytest.mark.parametrize("count", [3, 30])
def test_the_detail_page_takes_the_same_number_of_queries_for_any_number_of_people(
    advisor_client, municipality, regions, django_assert_num_queries, count
):
    in_region(municipality, regions["midt"])
    programme_services.templates_load_builtin()
    taskforce = ProgrammeTemplate.objects.get(kind="taskforce").current_version()
    for n in range(count):
        factories.member_of(municipality)
        factories.ShelterFactory(municipality=municipality)
        programme_services.programme_create(
            version=taskforce,
            title=f"Taskforce {n}",
            anchors={"start": datetime.date(2027, 3, 1)},
            organisations=[municipality],
        )
    advisor_client.get(detail(municipality))
    with django_assert_num_queries(DETAIL_QUERIES):
        response = advisor_client.get(detail(municipality))
    assert response.status_code == 200


# --- The detail page ----------------------------------------------------------------------------------------


def test_the_detail_shows_the_people_and_their_functions(advisor_client, municipality, coordinator, regions):
    in_region(municipality, regions["midt"])
    member = factories.member_of(municipality, function=MembershipFunction.STEERING_GROUP)
    response = advisor_client.get(detail(municipality))
    assert response.status_code == 200
    doc = parse_html(response.content)
    assert doc.select_one("h1").text == "Aarhus"
    rows = {row.find_all("td")[1].text: row.find_all("td")[2].text for row in doc.find_all("tbody")[0].find_all("tr")}
    assert rows == {
        coordinator.email: danish("Coordinator"),
        member.email: danish("Steering group"),
    }
    page = response.content.decode()
    assert "Region Midtjylland" in page
    assert "0751" in page


def test_the_detail_of_a_municipality_lists_its_shelters(advisor_client, landscape):
    page = advisor_client.get(detail(landscape["aarhus"])).content.decode()
    assert "Herberget Sct. Nikolaj" in page
    assert detail(landscape["aarhus_shelter"]) in page
    assert "Kirkens Korshær Odense" not in page


def test_the_detail_of_a_shelter_links_to_its_municipality(advisor_client, landscape):
    page = advisor_client.get(detail(landscape["aarhus_shelter"])).content.decode()
    assert detail(landscape["aarhus"]) in page
    assert "Region Midtjylland" in page  # a shelter lies in its municipality's region


def test_an_unknown_organisation_is_not_found(advisor_client):
    assert advisor_client.get(reverse("organisations:detail", args=[987654])).status_code == 404


# --- Creating a shelter -------------------------------------------------------------------------------------


def test_an_advisor_creates_a_shelter(advisor_client, municipality):
    response = advisor_client.post(
        CREATE,
        {
            "name": "  Herberget   Sct. Nikolaj ",
            "municipality": municipality.pk,
            "tilbudsportalen_id": "12345",
            "address": "Nørregade 1, 8000 Aarhus C",
        },
    )
    shelter = Organisation.objects.get(kind=OrganisationKind.SHELTER)
    assert response.status_code == 302
    assert response["Location"] == detail(shelter)
    assert shelter.name == "Herberget Sct. Nikolaj"  # spaces tidied
    assert shelter.municipality == municipality
    assert shelter.tilbudsportalen_id == "12345"
    assert shelter.address == "Nørregade 1, 8000 Aarhus C"
    page = advisor_client.get(response["Location"]).content.decode()
    assert danish("The shelter “%(name)s” has been created.", name=shelter.name) in page


def test_the_create_form_offers_only_municipalities(advisor_client, landscape):
    doc = parse_html(advisor_client.get(CREATE).content)
    options = [option.text for option in doc.by_id("id_municipality").find_all("option")]
    assert options == [danish("Choose a municipality"), "Aarhus", "Odense", "Silkeborg"]


GOOD = {"name": "Herberget", "tilbudsportalen_id": "4711", "address": "Nørregade 1, 8000 Aarhus C"}


def bad_input_cases():
    return [
        pytest.param("name", {"name": ""}, ("This field is required.",), id="empty name"),
        pytest.param("name", {"name": "   "}, ("This field is required.",), id="blank name"),
        pytest.param(
            "municipality",
            {"municipality": "987654"},
            ("Choose a municipality from the list.",),
            id="unknown municipality",
        ),
        pytest.param(
            "municipality",
            {"municipality": "abc"},
            ("Choose a municipality from the list.",),
            id="municipality not a number",
        ),
        pytest.param("municipality", {"municipality": ""}, ("This field is required.",), id="no municipality"),
        pytest.param(
            "name",
            {"name": "x" * 201},
            (
                "Ensure this value has at most %(limit_value)d character (it has %(show_value)d).",
                "Ensure this value has at most %(limit_value)d characters (it has %(show_value)d).",
                {"limit_value": 200, "show_value": 201},
            ),
            id="name too long",
        ),
        pytest.param("name", {"name": "Kirkens Korshær"}, (DUPLICATE_SHELTER_NAME,), id="duplicate name"),
        pytest.param("name", {"name": "kirkens  korshær"}, (DUPLICATE_SHELTER_NAME,), id="duplicate name other case"),
        pytest.param(
            "tilbudsportalen_id",
            {"tilbudsportalen_id": "12-AB"},
            ("The offer id from Tilbudsportalen consists of digits only.",),
            id="tilbudsportalen id not digits",
        ),
    ]


def message(spec: tuple) -> str:
    if len(spec) == 3:
        singular, plural, params = spec
        return danish(singular, plural, params["limit_value"], **params)
    return danish(msgid_of(spec[0]))


@pytest.mark.parametrize(("field", "bad", "expected"), bad_input_cases())
def test_bad_input_is_refused_in_danish_keeping_what_was_typed(advisor_client, municipality, field, bad, expected):
    factories.ShelterFactory(name="Kirkens Korshær", municipality=municipality)
    before = Organisation.objects.count()
    data = {**GOOD, "municipality": str(municipality.pk), **bad}
    response = advisor_client.post(CREATE, data)

    assert response.status_code == 200
    assert Organisation.objects.count() == before
    doc = parse_html(response.content)
    text = message(expected)
    error = doc.by_id(f"id_{field}-error")
    assert error is not None, f"no error shown at {field}"
    assert text in error.text
    summary = doc.select_one("div", data_error_summary="")
    assert text in summary.text
    assert doc.by_id(f"id_{field}").get("aria-invalid") == "true"
    assert_kept(doc, data, but=field)


def assert_kept(doc: Document, data: dict[str, str], but: str) -> None:
    """Every field shows exactly what was typed; the chosen municipality stays chosen unless it does not exist."""
    for name in ("name", "tilbudsportalen_id", "address"):
        field = doc.by_id(f"id_{name}")
        assert field is not None, name
        assert (field.get("value") or "") == data[name], name
    municipality = doc.by_id("id_municipality")
    assert municipality is not None
    selected = [option.get("value") for option in municipality.find_all("option") if "selected" in option.attrs]
    if but != "municipality":
        assert selected == [data["municipality"]]


def test_the_same_name_is_allowed_in_another_municipality(advisor_client, municipality, other_municipality):
    factories.ShelterFactory(name="Kirkens Korshær", municipality=other_municipality)
    response = advisor_client.post(CREATE, {"name": "Kirkens Korshær", "municipality": municipality.pk})
    assert response.status_code == 302
    assert Organisation.objects.filter(name="Kirkens Korshær").count() == 2


def test_a_shelter_keeps_its_own_name_when_edited(advisor_client, municipality):
    shelter = factories.ShelterFactory(name="Kirkens Korshær", municipality=municipality)
    response = advisor_client.post(
        reverse("organisations:edit", args=[shelter.pk]),
        {"name": "Kirkens Korshær", "municipality": municipality.pk, "address": "Ny adresse 2"},
    )
    assert response.status_code == 302
    shelter.refresh_from_db()
    assert shelter.address == "Ny adresse 2"


def test_a_coordinator_cannot_create_shelters(coordinator_client, municipality):
    assert coordinator_client.get(CREATE).status_code == 403
    response = coordinator_client.post(CREATE, {"name": "Snigende boform", "municipality": municipality.pk})
    assert response.status_code == 403
    assert not Organisation.objects.shelters().exists()
    assert reverse("organisations:shelter_create") not in coordinator_client.get(LIST).content.decode()


def test_a_taskforce_member_cannot_create_shelters(taskforce_member, municipality):
    client = Client()
    client.force_login(taskforce_member)
    assert client.post(CREATE, {"name": "Boform", "municipality": municipality.pk}).status_code == 403
    assert not Organisation.objects.shelters().exists()


# --- Coordinators see their own organisation only --------------------------------------------------------


def test_a_coordinator_lists_only_their_own_organisation(coordinator_client, landscape):
    assert result_names(coordinator_client.get(LIST)) == ["Aarhus"]
    assert result_names(coordinator_client.get(LIST, {"q": "Odense"}, **HTMX)) == []


def test_a_coordinator_gets_404_for_another_organisations_page(coordinator_client, landscape):
    assert coordinator_client.get(detail(landscape["aarhus"])).status_code == 200
    assert coordinator_client.get(detail(landscape["odense"])).status_code == 404
    assert coordinator_client.get(detail(landscape["odense_shelter"])).status_code == 404
    assert coordinator_client.get(reverse("organisations:edit", args=[landscape["odense"].pk])).status_code == 404


def test_a_coordinator_does_not_see_the_shelters_of_their_municipality_they_are_not_part_of(
    coordinator_client, landscape
):
    page = coordinator_client.get(detail(landscape["aarhus"])).content.decode()
    assert "Herberget Sct. Nikolaj" not in page


def test_a_coordinator_cannot_edit_their_municipality(coordinator_client, municipality):
    url = reverse("organisations:edit", args=[municipality.pk])
    assert coordinator_client.post(url, {"address": "Rådhuspladsen 2"}).status_code == 403
    municipality.refresh_from_db()
    assert municipality.address == ""


def test_a_coordinator_invites_a_person_to_their_own_organisation(coordinator_client, municipality):
    url = reverse("organisations:membership_add", args=[municipality.pk])
    response = coordinator_client.post(
        url,
        {
            "email": "Ny.Kollega@Aarhus.dk",
            "first_name": "Nanna",
            "last_name": "Nielsen",
            "function": MembershipFunction.IMPLEMENTATION_TEAM,
        },
    )
    assert response.status_code == 302
    assert response["Location"] == detail(municipality)
    invitation = MembershipInvitation.objects.get(email="ny.kollega@aarhus.dk")
    assert invitation.organisation == municipality
    assert invitation.function == MembershipFunction.IMPLEMENTATION_TEAM
    assert not Membership.objects.filter(user__email="ny.kollega@aarhus.dk").exists()  # only once accepted
    page = coordinator_client.get(detail(municipality)).content.decode()
    assert "ny.kollega@aarhus.dk" in page


def test_an_advisor_adds_a_person_at_once(advisor_client, municipality):
    url = reverse("organisations:membership_add", args=[municipality.pk])
    response = advisor_client.post(url, {"email": "Ny.Kollega@Aarhus.dk", "function": MembershipFunction.MEMBER})
    assert response.status_code == 302
    membership = Membership.objects.get(user__email="ny.kollega@aarhus.dk")
    assert membership.organisation == municipality
    assert not membership.user.has_usable_password()


def test_a_coordinator_cannot_add_a_person_to_another_organisation(coordinator_client, other_municipality):
    url = reverse("organisations:membership_add", args=[other_municipality.pk])
    assert coordinator_client.get(url).status_code == 404
    response = coordinator_client.post(url, {"email": "indtraenger@example.dk", "function": "member"})
    assert response.status_code == 404
    assert not Membership.objects.filter(user__email="indtraenger@example.dk").exists()


def test_a_member_who_is_not_coordinator_cannot_add_people(municipality):
    member = factories.member_of(municipality)
    client = Client()
    client.force_login(member)
    url = reverse("organisations:membership_add", args=[municipality.pk])
    assert client.post(url, {"email": "x@example.dk", "function": "member"}).status_code == 403
    assert not Membership.objects.filter(user__email="x@example.dk").exists()


def test_adding_a_person_with_bad_input_is_refused_in_danish(coordinator_client, municipality):
    url = reverse("organisations:membership_add", args=[municipality.pk])
    response = coordinator_client.post(url, {"email": "ikke-en-adresse", "first_name": "Nanna", "function": "boss"})
    assert response.status_code == 200
    doc = parse_html(response.content)
    assert danish("Enter a valid email address.") in doc.by_id("id_email-error").text
    assert doc.by_id("id_function-error") is not None
    assert doc.by_id("id_first_name").get("value") == "Nanna"
    assert Membership.objects.filter(organisation=municipality).count() == 1


def test_the_anonymous_visitor_is_sent_to_log_in_from_every_organisation_page(client, municipality):
    for url in (LIST, CREATE, detail(municipality)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("account_login"))


def test_the_kept_list_shows_a_change_at_once(advisor_client, regions):
    _organisations(4, regions["midt"])
    before = result_names(advisor_client.get(LIST))
    first = Organisation.objects.filter(kind="municipality").order_by("name").first()
    Organisation.objects.filter(pk=first.pk).update(name="Aaa Omdøbt Kommune")  # past the services
    after = result_names(advisor_client.get(LIST))
    assert "Aaa Omdøbt Kommune" in after and "Aaa Omdøbt Kommune" not in before

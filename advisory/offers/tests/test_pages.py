import datetime
import re

import pytest
import time_machine
from django.urls import reverse

from advisory.intake.models import IntakeRound
from advisory.offers import services
from advisory.offers.models import ContactPerson, OfferText
from advisory.programmes import services as programme_services
from advisory.programmes.models import ProgrammeTemplate
from advisory.requests.models import Season, TaskforceRequest
from tests import factories

pytestmark = pytest.mark.django_db
TODAY = datetime.date(2027, 3, 10)


@pytest.fixture
def templates():
    programme_services.templates_load_builtin()


def text_of(response) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", response.content.decode()))


def _round(theme: str, opens: datetime.date, closes: datetime.date, **extra) -> IntakeRound:
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    assert version is not None
    return IntakeRound.objects.create(
        season="Forår",
        theme=theme,
        opens_on=opens,
        closes_on=closes,
        template_version=version,
        **extra,
    )


@time_machine.travel(datetime.datetime(2027, 3, 10, 9, 0), tick=False)
def test_anonymous_front_door_shows_the_offers_and_log_in(client, templates):
    response = client.get("/")
    assert response.status_code == 200
    page = text_of(response)
    assert "Rådgivningsforløb på hjemløshedsområdet" in page and "Log ind" in page
    for title in ("Gruppebaserede rådgivningsforløb", "Individuelle rådgivningsforløb", "Taskforce-forløb"):
        assert title in page
    assert page.count("Gratis") >= 3
    html = response.content.decode()
    for url in (
        reverse("intake:public_list"),
        reverse("requests:interest_create"),
        reverse("requests:request_create"),
        reverse("account_login"),
        reverse("offers:detail", args=["taskforce"]),
    ):
        assert f'href="{url}"' in html


def test_logged_in_people_keep_their_start_page(client, coordinator):
    client.force_login(coordinator)
    response = client.get("/")
    assert response.status_code == 200
    assert "core/start_organisation.html" in [t.name for t in response.templates]
    assert client.post("/").status_code in (200, 302)  # as before: the start view answers


def test_anonymous_post_to_the_front_door_is_refused(client):
    assert client.post("/").status_code == 405


@time_machine.travel(datetime.datetime(2027, 3, 10, 9, 0), tick=False)
def test_group_page_open_and_announced_rounds_past_themes_timeline_roles_and_contacts(client, templates, advisor):
    open_round = _round(
        "Boligsocialt samarbejde", TODAY - datetime.timedelta(days=3), TODAY + datetime.timedelta(days=20)
    )
    _round(
        "Unge i hjemløshed",
        datetime.date(2027, 8, 1),
        datetime.date(2027, 8, 31),
        announce_from=datetime.date(2027, 3, 1),
        expected_start=datetime.date(2027, 10, 1),
    )
    _round(
        "Ikke udmeldt endnu",
        datetime.date(2027, 9, 1),
        datetime.date(2027, 9, 30),
        announce_from=datetime.date(2027, 6, 1),
    )
    _round("Housing First i praksis", datetime.date(2026, 8, 1), datetime.date(2026, 8, 31))
    services.contact_create(
        by=advisor, kind="group", name="Christina Skøtt-Christensen", email="c@example.dk", phone="33 33 33 33"
    )

    response = client.get(reverse("offers:detail", args=["gruppeforloeb"]))
    assert response.status_code == 200
    page = text_of(response)
    html = response.content.decode()
    assert f'href="{reverse("intake:register", args=[open_round.pk])}"' in html
    assert "Unge i hjemløshed" in page and "Tilmeldingen åbner den 1. august 2027" in page
    assert "Forventet opstart" in page and "oktober 2027" in page
    assert "Ikke udmeldt endnu" not in page
    assert "Temaer i tidligere runder" in page and "Housing First i praksis" in page
    assert "Kommuner og § 110-boformer" in page and "Gratis" in page
    for phase in ("Forberede", "Forandre", "Forankre"):
        assert phase in page
    assert "<svg" in html and "Tidslinje for planen" in page and "Opstartsmøde" in page
    assert "Kommunens / § 110-boformens rolle og opgaver" in page
    assert (
        "Christina Skøtt-Christensen" in page and 'href="tel:33333333"' in html and 'href="mailto:c@example.dk"' in html
    )


@time_machine.travel(datetime.datetime(2027, 3, 10, 9, 0), tick=False)
def test_taskforce_page_lists_seasons_with_free_places_only(client, templates, municipality):
    spring = Season.objects.create(year=2027, half="spring", capacity=1)
    Season.objects.create(year=2027, half="autumn", capacity=2)
    TaskforceRequest.objects.create(
        organisation=municipality,
        contact_name="K",
        contact_email="k@example.dk",
        needs="n",
        expectations="e",
        status="allocated",
        season=spring,
    )
    page = text_of(client.get(reverse("offers:detail", args=["taskforce"])))
    assert "Efterår 2027: 2 ledige pladser" in page
    assert "Forår 2027" not in page
    assert "Kommuner." in page and "Ankestyrelsen" in page and "forplejning" in page


@time_machine.travel(datetime.datetime(2027, 3, 10, 9, 0), tick=False)
def test_individual_page_is_open_all_year(client, templates):
    response = client.get(reverse("offers:detail", args=["individuelt-forloeb"]))
    page = text_of(response)
    assert "hele året rundt" in page
    assert f'href="{reverse("requests:interest_create")}"' in response.content.decode()
    assert "Samarbejdsaftale" in page or "samarbejdsaftale" in page


def test_unknown_offer_is_404(client):
    assert client.get("/tilbud/findes-ikke/").status_code == 404


def test_english_pages_show_the_english_text(client, templates):
    client.cookies["django_language"] = "en"
    page = text_of(client.get(reverse("offers:detail", args=["gruppeforloeb"]), HTTP_ACCEPT_LANGUAGE="en"))
    assert "Through group-based advisory programmes" in page and "Free of charge" in page


def test_stored_text_replaces_the_default_and_is_escaped(client, templates, advisor):
    url = reverse("offers:detail", args=["individuelt-forloeb"])
    assert "individuelt tilrettelagt støtte" in text_of(client.get(url))
    services.offer_text_save(
        by=advisor, kind="individual", language="da", summary="Ny kort tekst", body="<b>Fed?</b>\n\n- ét punkt"
    )
    response = client.get(url)
    html = response.content.decode()
    assert "Ny kort tekst" in html and "&lt;b&gt;Fed?&lt;/b&gt;" in html and "<li>ét punkt</li>" in html
    assert "individuelt tilrettelagt støtte" not in text_of(response)


def test_cached_pages_ask_the_database_less_and_follow_every_edit(
    client, templates, advisor, django_assert_max_num_queries
):
    url = reverse("offers:detail", args=["taskforce"])
    client.get(url)
    with django_assert_max_num_queries(6):  # the session-less page: the content's fingerprint only
        client.get(url)
    contact = services.contact_create(
        by=advisor, kind="taskforce", name="Karina Amtkjær Schrøder", email="k@example.dk"
    )
    assert "Karina Amtkjær Schrøder" in text_of(client.get(url))
    services.contact_update(by=advisor, contact=contact, title="Specialkonsulent")
    assert "Specialkonsulent" in text_of(client.get(url))
    services.contact_delete(by=advisor, contact=contact)
    assert "Karina" not in text_of(client.get(url))


def test_a_round_opening_tomorrow_gets_its_button_tomorrow(client, templates):
    with time_machine.travel(datetime.datetime(2027, 3, 10, 9, 0), tick=False):
        coming = _round("Bostøtte", datetime.date(2027, 3, 11), datetime.date(2027, 4, 1))
        register = f'href="{reverse("intake:register", args=[coming.pk])}"'
        assert register not in client.get(reverse("offers:detail", args=["gruppeforloeb"])).content.decode()
    with time_machine.travel(datetime.datetime(2027, 3, 11, 9, 0), tick=False):
        assert register in client.get(reverse("offers:detail", args=["gruppeforloeb"])).content.decode()


def test_advisor_previews_then_saves_a_text(client, templates, advisor):
    client.force_login(advisor)
    url = reverse("offers:text_edit", args=["taskforce", "en"])
    response = client.get(url)
    assert response.status_code == 200 and "Two taskforce programmes start" in response.content.decode()
    data = {"summary": "Short", "body": "First.\n\n- one\n- <two>", "action": "preview"}
    response = client.post(url, data)
    html = response.content.decode()
    assert "Forhåndsvisning (ikke gemt endnu)" in html and "<li>&lt;two&gt;</li>" in html
    assert not OfferText.objects.exists()
    response = client.post(url, {**data, "action": "save"})
    assert response.status_code == 302
    stored = OfferText.objects.get(kind="taskforce", language="en")
    assert stored.body == data["body"] and stored.updated_by == advisor


def test_a_too_long_text_comes_back_with_a_message(client, templates, advisor):
    client.force_login(advisor)
    response = client.post(
        reverse("offers:text_edit", args=["gruppeforloeb", "da"]),
        {"summary": "x", "body": "y" * 12_001, "action": "save"},
    )
    assert response.status_code == 200 and "12000" in response.content.decode().replace(".", "")
    assert not OfferText.objects.exists()


def test_coordinators_and_taskforce_members_do_not_edit(client, coordinator, taskforce_member):
    for person in (coordinator, taskforce_member):
        client.force_login(person)
        assert client.get(reverse("offers:text_edit", args=["taskforce", "da"])).status_code == 403
        assert (
            client.post(
                reverse("offers:contacts", args=["taskforce"]), {"name": "X", "email": "x@example.dk"}
            ).status_code
            == 403
        )
    assert not ContactPerson.objects.exists()


def test_advisor_keeps_contact_people(client, advisor):
    client.force_login(advisor)
    url = reverse("offers:contacts", args=["individuelt-forloeb"])
    response = client.post(url, {"name": "Uden kontakt", "position": 1})
    assert response.status_code == 200 and "Angiv et telefonnummer eller en e-mailadresse" in response.content.decode()
    assert client.post(url, {"name": "Christina", "email": "c@example.dk", "position": 1}).status_code == 302
    contact = ContactPerson.objects.get(kind="individual")
    edit = reverse("offers:contact_edit", args=[contact.pk])
    assert (
        client.post(edit, {"name": "Christina S.", "phone": "12 34 56 78", "email": "", "position": 2}).status_code
        == 302
    )
    contact.refresh_from_db()
    assert (contact.name, contact.phone, contact.email) == ("Christina S.", "12 34 56 78", "")
    assert client.post(edit, {"action": "delete"}).status_code == 302
    assert not ContactPerson.objects.exists()


def test_at_most_ten_contact_people_per_offer(advisor):
    for n in range(10):
        services.contact_create(by=advisor, kind="group", name=f"P{n}", email=f"p{n}@example.dk")
    with pytest.raises(Exception, match="højst 10"):
        services.contact_create(by=advisor, kind="group", name="P10", email="p10@example.dk")


def test_public_forms_say_what_is_stored_and_for_how_long(client, templates, settings):
    settings.RETENTION = {
        **settings.RETENTION,
        "requests_closed": 730,
        "requests_contacts": 1095,
        "outbox_messages": 180,
    }
    page = text_of(client.get(reverse("requests:interest_create")))
    assert "Hvad vi gemmer, hvorfor og hvor længe" in page
    assert "slettes den 2 år efter afgørelsen" in page and "3 år efter afgørelsen" in page and "6 måneder" in page
    page = text_of(client.get(reverse("requests:request_create")))
    assert "Hvad vi gemmer, hvorfor og hvor længe" in page
    round_ = _round(
        "Tema", datetime.date.today() - datetime.timedelta(days=1), datetime.date.today() + datetime.timedelta(days=5)
    )
    page = text_of(client.get(reverse("intake:register", args=[round_.pk])))
    assert "Hvad vi gemmer, hvorfor og hvor længe" in page and "tovholderens navn" in page


@time_machine.travel(datetime.datetime(2027, 3, 10, 9, 0), tick=False)
def test_interest_receipt_says_by_when_an_advisor_answers(client, templates):
    shelter = factories.ShelterFactory(name="Herberget")
    response = client.post(
        reverse("requests:interest_create"),
        {
            "organisation": shelter.pk,
            "contact_name": "Hanne",
            "contact_email": "hanne@example.dk",
            "needs": "Boliger",
            "expectations": "Sparring",
        },
    )
    page = text_of(response)
    # 10 working days after Wednesday 10 March 2027 (no holidays in between): Wednesday 24 March.
    assert "kontakter Hanne senest onsdag 24. marts 2027" in page


def test_registration_receipt_names_the_expected_start(client, templates):
    today = datetime.date.today()
    round_ = _round(
        "Tema",
        today - datetime.timedelta(days=1),
        today + datetime.timedelta(days=5),
        expected_start=today + datetime.timedelta(days=60),
    )
    municipality = factories.make_municipality()
    response = client.post(
        reverse("intake:register", args=[round_.pk]),
        {
            "organisation": municipality.pk,
            "coordinator_name": "Tove",
            "coordinator_email": "tove@example.dk",
            "motivation": "M",
            "development_point": "D",
            "expected_participants": 4,
        },
    )
    assert "forventes at starte i" in text_of(response)

"""The organisation page's "Programmes", the section the programmes app adds to it."""

from __future__ import annotations

import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from advisory.organisations.models import Organisation
from advisory.programmes import services
from advisory.programmes.models import Programme, ProgrammeTemplate
from tests import factories
from tests.helpers import danish, parse_html


def _group(title: str, *organisations: Organisation) -> Programme:
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    assert version is not None
    return services.programme_create(
        version=version,
        title=title,
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=organisations,
    )


@pytest.fixture
def programmes(municipality, other_municipality):
    services.templates_load_builtin()
    own = _group("Aarhus og venner", municipality, factories.MunicipalityFactory(), factories.MunicipalityFactory())
    other = _group("Uden Aarhus", other_municipality, factories.MunicipalityFactory(), factories.MunicipalityFactory())
    return own, other


def _programme_links(client: Client, organisation: Organisation) -> list[str]:
    page = parse_html(client.get(reverse("organisations:detail", args=[organisation.pk])).content)
    return [link.text for link in page.find_all("a") if re.fullmatch(r"/forloeb/\d+/", link.attrs.get("href", ""))]


def test_the_organisation_page_lists_the_programmes_it_takes_part_in(
    programmes, municipality, advisor_client, coordinator_client
):
    assert _programme_links(advisor_client, municipality) == ["Aarhus og venner"]
    assert _programme_links(coordinator_client, municipality) == ["Aarhus og venner"]


def test_an_organisation_without_programmes_says_so(programmes, advisor_client):
    lonely = factories.MunicipalityFactory()
    page = advisor_client.get(reverse("organisations:detail", args=[lonely.pk])).content.decode()
    assert danish("Programmes") in page
    assert danish("No programmes yet.") in page


def test_the_section_reads_its_programmes_in_one_query(programmes, municipality, advisor_client):
    url = reverse("organisations:detail", args=[municipality.pk])
    advisor_client.get(url)  # sessions, caches
    with CaptureQueriesContext(connection) as queries:
        advisor_client.get(url)
    assert sum('"programmes_programme"' in q["sql"] for q in queries.captured_queries) == 1

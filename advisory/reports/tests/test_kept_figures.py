"""The year's figures are counted once and kept (the default cache, 10 minutes): the page, the files and the API
read the kept figures and say when they were counted; agency staff count them again on demand (?opdater=1), at most
once per ``RECOUNT_INTERVAL``; each scope (all kinds, the taskforce part) is kept apart."""

from __future__ import annotations

import datetime
import io
import re
from typing import Any

import pytest
from django.test import Client
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from advisory.programmes.models import TrialAction, TrialActionStatus
from advisory.reports import figures

pytestmark = pytest.mark.django_db

PAGE = "/overblik/statistik/2027/"
COUNTED = re.compile(r"Opgjort \d{1,2}\. [a-zæøå]+ \d{4} kl\. \d{2}:\d{2}")


def _client(user: Any) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _completed(client: Client) -> int:
    return client.get(PAGE).context["figures"].trial_actions_completed


def _one_more_completed(year_2027: Any, municipality: Any) -> None:
    TrialAction.objects.create(
        programme=year_2027.group,
        organisation=municipality,
        development_point="Mere",
        plan="Plan",
        starts_on=datetime.date(2027, 6, 1),
        ends_on=datetime.date(2027, 7, 1),
        status=TrialActionStatus.COMPLETED,
    )


def test_the_kept_figures_are_shown_until_counted_again(year_2027, advisor, municipality):
    client = _client(advisor)
    assert _completed(client) == 2
    _one_more_completed(year_2027, municipality)
    assert _completed(client) == 2  # kept
    response = client.get(PAGE + "?opdater=1")
    assert response.status_code == 302 and response["Location"] == PAGE
    assert _completed(client) == 3  # counted again
    _one_more_completed(year_2027, municipality)
    client.get(PAGE + "?opdater=1")
    assert _completed(client) == 3  # a second recount within RECOUNT_INTERVAL takes the kept figures
    assert figures.cached_year_figures(2027, figures.kinds_for(advisor)).trial_actions_completed == 3
    assert figures.year_figures(2027, figures.kinds_for(advisor)).trial_actions_completed == 4


def test_the_page_and_the_files_say_when_the_figures_were_counted(year_2027, advisor):
    client = _client(advisor)
    response = client.get(PAGE)
    counted_at = response.context["figures"].counted_at
    html = response.content.decode()
    shown = COUNTED.search(html)
    assert shown, "the page says when the figures were counted"
    local = timezone.localtime(counted_at)
    assert shown.group(0).endswith(f"kl. {local:%H:%M}") and f" {local.year} " in shown.group(0)
    assert 'href="?opdater=1"' in html and "Opgør tallene igen nu" in html
    book = load_workbook(io.BytesIO(b"".join(client.get(PAGE + "xlsx/").streaming_content)), read_only=True)
    for sheet in book.worksheets:
        last = [r for r in sheet.iter_rows(values_only=True) if r and r[0]][-1]
        assert last[0] == shown.group(0)  # the same kept figures as the page
    pdf = PdfReader(io.BytesIO(b"".join(client.get(PAGE + "pdf/").streaming_content)))
    text = " ".join(" ".join(page.extract_text() for page in pdf.pages).split())
    assert shown.group(0) in text
    api = client.get("/api/overview/statistics/2027").json()
    answered = datetime.datetime.fromisoformat(api["counted_at"])
    assert abs(answered - counted_at) < datetime.timedelta(milliseconds=1)  # the API writes milliseconds


def test_each_scope_is_kept_apart(year_2027, advisor, taskforce_member):
    assert _client(advisor).get(PAGE).context["figures"].kinds == ("group", "individual", "taskforce")
    taskforce = _client(taskforce_member)
    assert taskforce.get(PAGE).context["figures"].kinds == ("taskforce",)
    assert taskforce.get("/api/overview/statistics/2027").json()["kinds"] == ["taskforce"]


def test_organisation_people_cannot_count_again(year_2027, coordinator):
    assert _client(coordinator).get(PAGE + "?opdater=1").status_code == 404

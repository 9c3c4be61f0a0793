"""The overview's pages and the year's figures lead to each other (tabs on the overview, the breadcrumb back)."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

pytestmark = pytest.mark.django_db


def test_the_overview_s_tabs_lead_to_the_year_s_figures_and_back(advisor: Any) -> None:
    client = Client()
    client.force_login(advisor)
    portfolio = client.get("/overblik/").content.decode()
    assert 'href="/overblik/statistik/"' in portfolio and "Årets tal" in portfolio
    figures = client.get("/overblik/statistik/2026/").content.decode()
    assert 'href="/overblik/"' in figures and "Overblik" in figures

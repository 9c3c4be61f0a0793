"""Ratings before and after: the page's forms, the chart's figures, the API, access."""

from __future__ import annotations

import datetime
import json

import pytest
from django.template import Context, Template
from django.test import Client, RequestFactory
from django.urls import reverse

from advisory.development import ratings
from advisory.development.models import PrerequisiteRating
from tests.helpers import danish, parse_html

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _rate(programme, prerequisite, moment, score):
    return ratings.rating_save(
        by=programme.advisors.first(),
        programme=programme,
        prerequisite=prerequisite,
        moment=moment,
        score=score,
        justification="Fra afdækningen",
        rated_on=datetime.date(2027, 5, 1),
    )


def test_rows_follow_the_kind(individual, taskforce):
    assert [r.prerequisite.value for r in ratings.rating_rows(individual)] == ["housing", "support", "organisation"]
    assert len(ratings.rating_rows(taskforce)) == 4


def test_chart_values(individual):
    _rate(individual, "housing", "before", 2)
    _rate(individual, "housing", "after", 4)
    _rate(individual, "support", "before", 3)
    chart = ratings.chart(individual)
    housing, support, organisation = chart["bars"]
    assert (housing["before"], housing["after"], housing["row"].change) == (2, 4, 2)
    assert housing["after_width"] == 2 * housing["before_width"] == round(ratings.BAR_MAX * 4 / 5)
    assert (support["before"], support["after"], support["row"].change) == (3, None, None)
    assert organisation["before"] is None


def test_chart_tag_renders_svg_and_table(individual, advisor):
    _rate(individual, "housing", "before", 2)
    _rate(individual, "housing", "after", 5)
    request = RequestFactory().get("/")
    request.user = advisor
    html = Template("{% load agreement_tags %}{% ratings_chart programme %}{% agreement_summary programme %}").render(
        Context({"programme": individual, "request": request})
    )
    document = parse_html(html)
    rects = list(document.find_all("rect"))
    assert [(r.get("data-moment"), r.get("data-score")) for r in rects] == [("before", "2"), ("after", "5")]
    table = document.by_id(f"ratings-table-{individual.pk}")
    assert "+3" in table.text
    assert 'style="' not in html
    assert reverse("development:agreement", args=[individual.pk]) in html


def test_tags_render_nothing_for_a_group_programme(group):
    html = Template("{% load agreement_tags %}{% ratings_chart programme %}{% agreement_summary programme %}").render(
        Context({"programme": group})
    )
    assert html.strip() == ""


def test_rating_form_on_the_page(individual, advisor):
    client = _client(advisor)
    page = client.get(reverse("development:ratings", args=[individual.pk]))
    assert page.status_code == 200 and b"housing-before-score" in page.content
    url = reverse("development:rating_edit", args=[individual.pk, "housing", "before"])
    bad = client.post(url, {"housing-before-justification": "Boliger mangler", "housing-before-rated_on": "2027-05-01"})
    assert bad.status_code == 200
    assert danish("Choose a score from 1 to 5.") in bad.content.decode()
    assert "Boliger mangler" in bad.content.decode()
    good = client.post(
        url,
        {
            "housing-before-score": "2",
            "housing-before-justification": "Boliger mangler",
            "housing-before-rated_on": "2027-05-01",
        },
    )
    assert good.status_code == 302
    rating = PrerequisiteRating.objects.get(programme=individual)
    assert (rating.score, rating.moment, rating.rated_by) == (2, "before", advisor)
    # a theme the kind does not have, or a moment that does not exist
    assert (
        client.get(reverse("development:rating_edit", args=[individual.pk, "case_handling", "before"])).status_code
        == 404
    )
    assert client.get(reverse("development:rating_edit", args=[individual.pk, "housing", "later"])).status_code == 404


def test_access(individual, group, coordinator, stranger, advisor):
    url = reverse("development:ratings", args=[individual.pk])
    page = _client(coordinator).get(url)
    assert page.status_code == 200 and b"housing-before-score" not in page.content
    assert _client(stranger).get(url).status_code == 404
    assert _client(advisor).get(reverse("development:ratings", args=[group.pk])).status_code == 404
    edit = reverse("development:rating_edit", args=[individual.pk, "housing", "before"])
    assert _client(coordinator).post(edit, {}).status_code == 403


def test_api(individual, advisor, coordinator):
    client = _client(advisor)
    url = f"/api/programmes/{individual.pk}/ratings"
    body = {
        "prerequisite": "housing",
        "moment": "after",
        "score": 4,
        "justification": "Bedre",
        "rated_on": "2028-08-01",
    }
    response = client.put(url, json.dumps(body), content_type="application/json")
    assert response.status_code == 200
    assert response.json()[0]["after"] == 4
    bad = client.put(
        url, json.dumps({**body, "score": 9, "prerequisite": "case_handling"}), content_type="application/json"
    )
    assert bad.status_code == 400
    assert set(bad.json()["errors"]) == {"score", "prerequisite"}
    assert bad.json()["errors"]["score"] == [danish("Choose a score from 1 to 5.")]
    assert _client(coordinator).get(url).status_code == 200
    assert _client(coordinator).put(url, json.dumps(body), content_type="application/json").status_code == 403

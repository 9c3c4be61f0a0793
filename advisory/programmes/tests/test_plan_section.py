"""The programme page's plan section (timeline, phases, plan table) is cached by the version of what it shows: a
second view renders nothing again, any change of an activity shows at once, the CSRF token is each user's own,
and one who may not change the plan never gets the cached menus of one who may."""

from __future__ import annotations

import datetime
import re
from typing import Any
from unittest import mock

import pytest
from django.core.cache import cache
from django.test import Client

from advisory.programmes import services
from advisory.programmes.models import Programme
from advisory.programmes.templatetags import plan_section

pytestmark = pytest.mark.django_db


def _token(html: str) -> str:
    found = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html)
    assert found, "no CSRF token in the page"
    return found.group(1)


def _without_tokens(html: str) -> str:
    return re.sub(r'(csrfmiddlewaretoken" value="|X-CSRFToken": ")[^"]+', r"\1", html)


def test_the_plan_section_is_rendered_once_per_version_and_a_change_shows_at_once(
    group: Programme, advisor: Any, advisor_client: Client
) -> None:
    cache.clear()
    url = f"/forloeb/{group.pk}/"
    with mock.patch.object(plan_section, "get_template", wraps=plan_section.get_template) as rendered:
        first = advisor_client.get(url).content.decode()
        second = advisor_client.get(url).content.decode()
        assert rendered.call_count == 1  # the second view served the section from the cache
        assert _without_tokens(first) == _without_tokens(second)  # (the CSRF token is masked anew each time)
        assert plan_section.CSRF_PLACEHOLDER not in first
        assert 'id="activity-kickoff"' in first and "row-menu" in first

        kickoff = group.activities.get(key="kickoff")
        services.activity_update(activity=kickoff, pinned=True, by=advisor)
        third = advisor_client.get(url).content.decode()
        assert rendered.call_count == 2  # a new version: rendered again
        row = third.split('id="activity-kickoff"', 1)[1].split("</tr>", 1)[0]
        assert "Fastlåst" in row or "Pinned" in row

        new_day = kickoff.starts_on + datetime.timedelta(days=7)
        services.reflow_apply(group, {"kickoff": new_day}, by=advisor)
        fourth = advisor_client.get(url).content.decode()
        assert f'value="{new_day.isoformat()}"' in fourth.split('id="activity-kickoff"', 1)[1].split("</tr>", 1)[0]


def test_each_user_gets_their_own_csrf_token_and_only_runners_get_the_menus(
    group: Programme, advisor: Any, advisor_client: Client, coordinator_client: Client
) -> None:
    cache.clear()
    url = f"/forloeb/{group.pk}/"
    other = Client()
    other.force_login(advisor)
    mine, theirs = advisor_client.get(url).content.decode(), other.get(url).content.decode()
    assert _token(mine) != _token(theirs)  # the same cached section, each session's token
    assert advisor_client.cookies["csrftoken"].value and other.cookies["csrftoken"].value
    coordinator_page = coordinator_client.get(url).content.decode()
    assert "row-menu" not in coordinator_page  # not the runners' cached section
    assert 'id="activity-kickoff"' in coordinator_page

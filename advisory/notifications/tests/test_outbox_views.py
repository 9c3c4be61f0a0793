"""The outbox page and API: advisors see what was sent and what failed, and send a failed mail again."""

from __future__ import annotations

import datetime

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from advisory.notifications.models import OutboxMessage, OutboxStatus
from tests.helpers import parse_html

pytestmark = pytest.mark.django_db

OUTBOX = reverse("notifications:outbox")
HTMX = {"HTTP_HX_REQUEST": "true"}


def message(n: int, status: str = OutboxStatus.SENT, **fields: object) -> OutboxMessage:
    defaults: dict[str, object] = {
        "to": f"person{n}@aarhus.dk",
        "subject": f"Påmindelse {n}",
        "text_body": "Tekst",
        "idempotency_key": f"reminder:{n}",
        "status": status,
        "attempts": 1,
        "next_attempt_at": None,
    }
    if status == OutboxStatus.SENT:
        defaults["sent_at"] = timezone.now()
    return OutboxMessage.objects.create(**{**defaults, **fields})


def rows(response) -> list[str]:
    doc = parse_html(response.content)
    return (
        [row.find_all("td")[2].text for row in doc.find_all("tbody")[0].find_all("tr")] if doc.find_all("tbody") else []
    )


def test_advisors_see_what_was_sent_and_what_failed(advisor_client):
    message(1)
    message(2, OutboxStatus.FAILED, last_error="ConnectionRefusedError: [Errno 111] Connection refused")

    response = advisor_client.get(OUTBOX)

    assert response.status_code == 200
    page = parse_html(response.content)
    assert page.find_all("h1")[0].text == "Udgående e-mails"
    text = page.by_id("outbox-results").text
    assert "Påmindelse 1" in text and "Sendt" in text
    assert "Påmindelse 2" in text and "Fejlet, prøves ikke igen" in text and "Connection refused" in text
    assert len(page.find_all("button", type="submit")) >= 2  # filter + one "send again"


@pytest.mark.parametrize("client_fixture", ["coordinator_client", "stranger_client"])
def test_organisation_people_may_not_see_the_outbox(client_fixture, request):
    assert request.getfixturevalue(client_fixture).get(OUTBOX).status_code == 403


def test_taskforce_members_may_not_see_the_outbox(taskforce_member):
    client = Client()
    client.force_login(taskforce_member)
    assert client.get(OUTBOX).status_code == 403


def test_the_outbox_filters_by_status_and_answers_htmx_with_the_results_only(advisor_client):
    message(1)
    message(2, OutboxStatus.FAILED, next_attempt_at=timezone.now() + datetime.timedelta(minutes=4))
    message(3, OutboxStatus.FAILED)

    assert rows(advisor_client.get(OUTBOX, {"status": "failed"})) == ["Påmindelse 3", "Påmindelse 2"]
    assert rows(advisor_client.get(OUTBOX, {"status": "gave_up"})) == ["Påmindelse 3"]
    assert rows(advisor_client.get(OUTBOX, {"q": "person1@"})) == ["Påmindelse 1"]
    fragment = advisor_client.get(OUTBOX, {"status": "sent"}, **HTMX)
    assert b"<h1" not in fragment.content
    assert rows(fragment) == ["Påmindelse 1"]


def test_the_outbox_pages_through_many_messages(advisor_client, settings):
    settings.PAGE_SIZE = 5
    for n in range(12):
        message(n)
    assert len(rows(advisor_client.get(OUTBOX))) == 5
    assert len(rows(advisor_client.get(OUTBOX, {"side": 3}))) == 2


@pytest.mark.parametrize("count", [3, 30])
def test_the_outbox_page_makes_the_same_number_of_queries_for_3_and_30_messages(
    advisor_client, django_assert_num_queries, count
):
    for n in range(count):
        message(n, OutboxStatus.FAILED if n % 2 else OutboxStatus.SENT)
    advisor_client.get(OUTBOX)  # the session's first load
    with django_assert_num_queries(8):  # session, user, count, scheduler jobs, page, session save (3)
        advisor_client.get(OUTBOX)


def test_send_again_sends_a_failed_message_and_keeps_the_filter(advisor_client):
    failed = message(1, OutboxStatus.FAILED)

    response = advisor_client.post(
        reverse("notifications:outbox_retry", args=[failed.pk]), {"next": f"{OUTBOX}?status=failed"}
    )

    assert response.status_code == 302
    assert response["Location"] == f"{OUTBOX}?status=failed"
    failed.refresh_from_db()
    assert failed.status == OutboxStatus.SENT
    assert failed.attempts == 2


def test_send_again_goes_nowhere_else(advisor_client):
    failed = message(1, OutboxStatus.FAILED)
    response = advisor_client.post(
        reverse("notifications:outbox_retry", args=[failed.pk]), {"next": "https://evil.example.com/"}
    )
    assert response["Location"] == OUTBOX


def test_send_again_on_a_sent_message_says_it_cannot(advisor_client):
    sent = message(1)
    response = advisor_client.post(reverse("notifications:outbox_retry", args=[sent.pk]), follow=True)
    assert "Kun en e-mail, der er fejlet, kan sendes igen." in response.content.decode()


def test_the_start_page_tells_advisors_about_failed_mail(advisor_client, coordinator_client):
    message(1)
    message(2, OutboxStatus.FAILED)

    section = parse_html(advisor_client.get(reverse("core:start")).content).by_id("start-outbox")
    assert section is not None
    assert "1 e-mail er fejlet" in advisor_client.get(reverse("core:start")).content.decode()
    assert parse_html(coordinator_client.get(reverse("core:start")).content).by_id("start-outbox") is None


# --- API -------------------------------------------------------------------------------------------------------


def test_the_api_lists_the_outbox_with_a_status_filter(advisor_client):
    message(1)
    failed = message(2, OutboxStatus.FAILED, last_error="SMTPServerDisconnected")

    body = advisor_client.get("/api/outbox", {"status": "failed"}).json()

    assert body["count"] == 1
    [item] = body["items"]
    assert item["id"] == failed.pk
    assert item["status"] == "failed"
    assert item["gave_up"] is True
    assert item["key"] == "reminder:2"
    assert item["last_error"] == "SMTPServerDisconnected"
    assert item["calendar_method"] is None


def test_the_api_refuses_organisation_people(coordinator_client):
    assert coordinator_client.get("/api/outbox").status_code == 403


def test_the_api_retries_a_failed_message_and_refuses_a_sent_one(advisor_client):
    failed = message(1, OutboxStatus.FAILED)
    sent = message(2)

    response = advisor_client.post(f"/api/outbox/{failed.pk}/retry")
    assert response.status_code == 200
    assert response.json()["status"] == "sent"

    refused = advisor_client.post(f"/api/outbox/{sent.pk}/retry")
    assert refused.status_code == 409
    assert refused.json()["detail"] == "Kun en e-mail, der er fejlet, kan sendes igen."


@pytest.mark.parametrize("count", [3, 30])
def test_the_api_list_makes_the_same_number_of_queries_for_3_and_30_messages(
    advisor_client, django_assert_num_queries, count
):
    for n in range(count):
        message(n)
    advisor_client.get("/api/outbox")
    with django_assert_num_queries(7):  # session, user, count, page, session save (3)
        advisor_client.get("/api/outbox")

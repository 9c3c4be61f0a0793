"""A real SMTP server on loopback (aiosmtpd) that the platform sends to, and that can be down; a group programme."""

from __future__ import annotations

import datetime
import email
import email.policy
import socket
import threading
from collections.abc import Iterator
from email.message import EmailMessage

import pytest
from aiosmtpd.controller import Controller

from advisory.programmes import services
from advisory.programmes.models import Programme, ProgrammeTemplate
from tests import factories


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class _Collector:
    def __init__(self) -> None:
        self.received: list[tuple[list[str], bytes]] = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):
        with self.lock:
            self.received.append((list(envelope.rcpt_tos), envelope.content))
        return "250 Message accepted for delivery"


class SmtpServer:
    """An SMTP server on 127.0.0.1:<port>; down until ``start()``, and again after ``stop()``."""

    def __init__(self, port: int) -> None:
        self.port = port
        self.handler = _Collector()
        self._controller: Controller | None = None

    def start(self) -> SmtpServer:
        self._controller = Controller(self.handler, hostname="127.0.0.1", port=self.port)
        self._controller.start()
        return self

    def stop(self) -> None:
        if self._controller is not None:
            self._controller.stop()
            self._controller = None

    @property
    def messages(self) -> list[EmailMessage]:
        with self.handler.lock:
            raw = [content for _recipients, content in self.handler.received]
        return [email.message_from_bytes(content, policy=email.policy.default) for content in raw]

    @property
    def recipients(self) -> list[str]:
        with self.handler.lock:
            return [address for recipients, _content in self.handler.received for address in recipients]

    def keys(self) -> list[str]:
        """The outbox key of every message received, in order (one per delivery)."""
        return [str(message["X-Outbox-Key"]) for message in self.messages]


@pytest.fixture
def smtp(settings) -> Iterator[SmtpServer]:
    """The platform configured to send to a loopback SMTP server that is not started yet (connection refused)."""
    server = SmtpServer(free_port())
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.port
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_TIMEOUT = 5
    yield server
    server.stop()


@pytest.fixture
def smtp_up(smtp: SmtpServer) -> SmtpServer:
    return smtp.start()


@pytest.fixture
def group(db, advisor, municipality, coordinator) -> Programme:
    """A group programme whose plan starts on 11 January 2027, with the municipality (and its coordinator) and two
    more (a group has 3 to 6 organisations: the template's rule, which programme_create checks)."""
    services.templates_load_builtin()
    version = ProgrammeTemplate.objects.get(kind="group").current_version()
    assert version is not None
    return services.programme_create(
        version=version,
        title="Gruppeforløb",
        anchors={"acceptance": datetime.date(2027, 1, 11)},
        organisations=[municipality, factories.MunicipalityFactory.create(), factories.MunicipalityFactory.create()],
        advisors=[advisor],
    )

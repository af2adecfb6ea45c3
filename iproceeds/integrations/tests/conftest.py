"""A real HTTP server on 127.0.0.1 (port 0) in a thread, answering with scripted statuses."""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest


@dataclass
class Received:
    """One request the server got: its headers and exact body."""

    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """The server's address, what it received, and the statuses it answers next (then 200)."""

    url: str
    received: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)


def _handler(receiver: Receiver) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def do_POST(self) -> None:
            body = self.rfile.read(int(self.headers.get("Content-Length", "0")))
            receiver.received.append(Received(self.path, dict(self.headers.items()), body))
            status = receiver.statuses.pop(0) if receiver.statuses else 200
            self.send_response(status)
            self.send_header("Content-Length", "2")
            self.end_headers()
            self.wfile.write(b"ok")

        def log_message(self, format: str, *args: object) -> None:
            return

    return Handler


def start_server(port: int = 0) -> tuple[ThreadingHTTPServer, Receiver]:
    """Serve on 127.0.0.1 (a free port unless given) in a daemon thread."""
    receiver = Receiver(url="")
    server = ThreadingHTTPServer(("127.0.0.1", port), _handler(receiver))
    receiver.url = f"http://127.0.0.1:{server.server_address[1]}/hooks/iproceeds"
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, receiver


@pytest.fixture
def receiver():
    """A live receiving organisation's webhook server."""
    server, receiver = start_server()
    yield receiver
    server.shutdown()
    server.server_close()


@pytest.fixture(autouse=True)
def local_http_allowed(settings):
    """Tests talk plain HTTP to 127.0.0.1, as debug mode allows."""
    settings.WEBHOOK_ALLOW_HTTP_LOCALHOST = True
    settings.WEBHOOK_BACKOFF_SECONDS = 30
    settings.WEBHOOK_MAX_ATTEMPTS = 8


# The cooperation fixtures (shipped catalogue, bound Parties), for requests that emit webhooks.
from iproceeds.cooperation.tests.conftest import bc29, bound, catalogue, third_officer  # noqa: E402, F401


@pytest.fixture
def sent(officer, bc29, bound, foreign_authority):  # noqa: F811 - fixtures by name
    """A BC29 sent from Belgrade to Tirana (before any endpoint exists: nothing emitted)."""
    from iproceeds.cooperation.services.requests import request_create_draft, request_submit
    from iproceeds.cooperation.tests.factories import bc29_values

    draft = request_create_draft(
        actor=officer, request_type=bc29, requested_party=foreign_authority.party,
        requested_authority=foreign_authority, urgency="normal", values=bc29_values(),
    )  # fmt: skip
    return request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)

"""Middleware that gives every request an id and records where it came from."""

from __future__ import annotations

import uuid
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from iproceeds.core import context


def client_ip(request: HttpRequest) -> str | None:
    """The peer address; behind a proxy the deployment sets REMOTE_ADDR correctly."""
    return request.META.get("REMOTE_ADDR") or None


class RequestContextMiddleware:
    """Assign a request id and publish it with the client IP for audit records."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = str(uuid.uuid4())
        ctx = context.RequestContext(
            request_id=request_id,
            ip=client_ip(request),
            user_agent=request.META.get("HTTP_USER_AGENT", "")[:300],
        )
        token = context.activate(ctx)
        request.request_id = request_id  # type: ignore[attr-defined]
        try:
            response = self.get_response(request)
        finally:
            context.deactivate(token)
        response["X-Request-ID"] = request_id
        return response

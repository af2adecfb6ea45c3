"""The actor, IP and request id of the work in progress, for audit and logging."""

from __future__ import annotations

import uuid
from contextvars import ContextVar
from dataclasses import dataclass


@dataclass(frozen=True)
class RequestContext:
    """Who does what from where: set by the middleware, read by audit."""

    request_id: str
    ip: str | None = None
    user_agent: str = ""


_current: ContextVar[RequestContext | None] = ContextVar("iproceeds_request_context", default=None)


def current() -> RequestContext:
    """Return the context of the running request, or a fresh one for commands and tasks."""
    ctx = _current.get()
    if ctx is None:
        ctx = RequestContext(request_id=f"job-{uuid.uuid4()}")
        _current.set(ctx)
    return ctx


def activate(ctx: RequestContext) -> object:
    """Install a context; returns the token to restore the previous one."""
    return _current.set(ctx)


def deactivate(token: object) -> None:
    """Restore the context that was active before `activate`."""
    _current.reset(token)  # type: ignore[arg-type]

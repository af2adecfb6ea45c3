"""Signing webhook bodies, and the recipe a receiver uses to verify them.

Every delivery carries ``X-Iproceeds-Signature: t=<unix seconds>,v1=<hex>`` where
``<hex> = HMAC-SHA256(key=secret, msg=f"{t}.{body}")`` over the exact bytes of the body. To verify:

1. split the header on "," and "=" to get ``t`` and every ``v1`` (there may be several during a
   secret rotation on the receiver's side);
2. compute ``hmac.new(secret.encode(), f"{t}.".encode() + raw_body, hashlib.sha256).hexdigest()``;
3. accept when it equals one ``v1`` under ``hmac.compare_digest`` and ``|now - t|`` is at most five
   minutes (this refuses replays of an old delivery);
4. use ``X-Iproceeds-Delivery`` (the same on every retry) to ignore a delivery already processed.

`verify_signature` below is that recipe in Python.
"""

from __future__ import annotations

import hashlib
import hmac
import time

HEADER = "X-Iproceeds-Signature"
TOLERANCE_SECONDS = 300


def signature(secret: str, timestamp: int, body: bytes) -> str:
    """The hex HMAC-SHA256 of "<timestamp>.<body>" under the endpoint's secret."""
    return hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()


def signature_header(secret: str, body: bytes, timestamp: int | None = None) -> str:
    """The value of the signature header for a body sent now (or at the given time)."""
    t = int(time.time()) if timestamp is None else timestamp
    return f"t={t},v1={signature(secret, t, body)}"


def verify_signature(
    secret: str, header: str, body: bytes, *, now: float | None = None, tolerance: int = TOLERANCE_SECONDS
) -> bool:
    """True when the header signs this body with this secret and is recent enough (the receiver's check)."""
    try:
        items = [item.split("=", 1) for item in header.split(",")]
        timestamp = int(next(value for key, value in items if key.strip() == "t"))
        candidates = [value.strip() for key, value in items if key.strip() == "v1"]
    except (ValueError, StopIteration):
        return False
    if abs((time.time() if now is None else now) - timestamp) > tolerance:
        return False
    expected = signature(secret, timestamp, body)
    return any(hmac.compare_digest(expected, candidate) for candidate in candidates)

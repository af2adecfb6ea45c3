"""Making and reading token strings: `ipk_<prefix>_<secret>`, hashed with SHA-256."""

import hashlib
import re
import secrets
import string

TOKEN_PREFIX = "ipk_"
_PREFIX_ALPHABET = string.ascii_lowercase + string.digits
_SHAPE = re.compile(r"^ipk_([a-z0-9]{10})_([A-Za-z0-9_-]{20,100})$")


def generate() -> tuple[str, str]:
    """A new (prefix, full token); the 32 random bytes make a plain SHA-256 safe to store."""
    prefix = "".join(secrets.choice(_PREFIX_ALPHABET) for _ in range(10))
    return prefix, f"{TOKEN_PREFIX}{prefix}_{secrets.token_urlsafe(32)}"


def hash_token(token: str) -> str:
    """The stored form of a token."""
    return hashlib.sha256(token.encode()).hexdigest()


def parse_prefix(token: str) -> str | None:
    """The lookup prefix of a well-formed token, None for anything else."""
    match = _SHAPE.match(token)
    return match.group(1) if match else None

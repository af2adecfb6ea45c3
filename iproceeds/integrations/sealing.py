"""Webhook signing secrets at rest: sealed with the attachment keys (AES-256-GCM, keys outside the
database), so a copy of the database does not let anyone sign notices as the platform."""

from __future__ import annotations

import base64

from iproceeds.cooperation import crypto

PREFIX = "sealed:v1:"
KEY_ID_CHARS = 8


def _aad(authority_id: int) -> bytes:
    return f"integrations.webhook_endpoint:{authority_id}".encode()


def seal_secret(secret: str, *, authority_id: int) -> str:
    """The secret as stored: prefix, key id, then nonce and ciphertext in base64."""
    sealed = crypto.encrypt(secret.encode(), aad=_aad(authority_id))
    return PREFIX + sealed.key_id + base64.b64encode(sealed.nonce + sealed.ciphertext).decode("ascii")


def is_sealed(stored: str) -> bool:
    """True for a value written by seal_secret()."""
    return stored.startswith(PREFIX)


def open_secret(stored: str, *, authority_id: int) -> str:
    """The secret back; AttachmentDecryptionError for anything not sealed for this organisation."""
    if not is_sealed(stored):
        raise crypto.AttachmentDecryptionError("The signing secret is not sealed.")
    body = stored[len(PREFIX) :]
    raw = base64.b64decode(body[KEY_ID_CHARS:])
    nonce, ciphertext = raw[: crypto.NONCE_BYTES], raw[crypto.NONCE_BYTES :]
    plain = crypto.decrypt(
        key_id=body[:KEY_ID_CHARS], nonce=nonce, ciphertext=ciphertext, aad=_aad(authority_id)
    )
    return plain.decode()

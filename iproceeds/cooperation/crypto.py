"""Encryption of attachments at rest: AES-256-GCM with keys kept outside the database, rotated by key id."""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from Crypto.Cipher import AES
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

NONCE_BYTES = 12
TAG_BYTES = 16


class AttachmentDecryptionError(Exception):
    """The stored ciphertext cannot be decrypted: unknown key id, wrong key, or tampered data."""


@dataclass(frozen=True)
class Sealed:
    """Ciphertext (with its 16-byte GCM tag appended), the nonce and the id of the key used."""

    key_id: str
    nonce: bytes
    ciphertext: bytes


def key_id_of(key: bytes) -> str:
    """The public name of a key: the first 8 hex digits of its SHA-256."""
    return hashlib.sha256(key).hexdigest()[:8]


def _decode(text: str) -> bytes:
    try:
        key = base64.b64decode(text.strip(), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured("An attachment key is not valid base64.") from exc
    if len(key) != 32:
        raise ImproperlyConfigured("An attachment key must be 32 bytes (AES-256), base64-encoded.")
    return key


def _key_file_lines() -> list[str]:
    """The keys of the key file; in debug mode the file is created with a fresh key on first use."""
    path = Path(settings.COOPERATION_ATTACHMENT_KEY_FILE)
    if not path.exists():
        if not settings.DEBUG:
            raise ImproperlyConfigured(
                "No attachment key: set IPROCEEDS_ATTACHMENT_KEY or IPROCEEDS_ATTACHMENT_KEY_FILE."
            )
        path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(descriptor, "w") as handle:
            handle.write(base64.b64encode(secrets.token_bytes(32)).decode() + "\n")
    return [line for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]


def keys() -> dict[str, bytes]:
    """All usable keys by id, the current (encrypting) key first; older ones only decrypt."""
    texts = list(settings.COOPERATION_ATTACHMENT_KEYS) or _key_file_lines()
    decoded = [_decode(text) for text in texts]
    if not decoded:
        raise ImproperlyConfigured("The attachment key list is empty.")
    return {key_id_of(key): key for key in decoded}


def encrypt(plaintext: bytes, *, aad: bytes) -> Sealed:
    """Encrypt with the current key; `aad` binds the ciphertext to its record."""
    key_id, key = next(iter(keys().items()))
    nonce = secrets.token_bytes(NONCE_BYTES)
    cipher = AES.new(key, AES.MODE_GCM, nonce=nonce)
    cipher.update(aad)
    ciphertext, tag = cipher.encrypt_and_digest(plaintext)
    return Sealed(key_id=key_id, nonce=nonce, ciphertext=ciphertext + tag)


def decrypt(*, key_id: str, nonce: bytes, ciphertext: bytes, aad: bytes) -> bytes:
    """Decrypt with the key whose id matches; any mismatch or tampering raises AttachmentDecryptionError."""
    key = keys().get(key_id)
    if key is None:
        raise AttachmentDecryptionError(f"No attachment key with id {key_id!r} is configured.")
    if len(ciphertext) < TAG_BYTES:
        raise AttachmentDecryptionError("The stored ciphertext is truncated.")
    cipher = AES.new(key, AES.MODE_GCM, nonce=bytes(nonce))
    cipher.update(aad)
    body, tag = bytes(ciphertext[:-TAG_BYTES]), bytes(ciphertext[-TAG_BYTES:])
    try:
        return cipher.decrypt_and_verify(body, tag)
    except ValueError as exc:
        raise AttachmentDecryptionError("The attachment failed its integrity check (MAC).") from exc

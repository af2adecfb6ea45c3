"""Statement files at rest: sealed with the attachment keys (AES-256-GCM, keys outside the database).

A sealed blob is MAGIC, the key id, the nonce and the ciphertext with its tag, in one binary column;
the associated data binds it to its case and file hash, and the SHA-256 of what comes out is checked
against the recorded one, so a swapped, altered or foreign blob is refused rather than traced.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from iproceeds.cooperation import crypto

MAGIC = b"IPS1"
KEY_ID_BYTES = 8


def aad_for(kind: str, *, case_id: int, sha256: str) -> bytes:
    """What a blob is bound to: the kind of record, its case and the file's SHA-256."""
    return f"investigations.{kind}:{case_id}:{sha256}".encode()


def seal(data: bytes, *, aad: bytes) -> bytes:
    """The file encrypted with the current key, as one self-describing blob."""
    sealed = crypto.encrypt(data, aad=aad)
    return MAGIC + sealed.key_id.encode("ascii") + sealed.nonce + sealed.ciphertext


def is_sealed(blob: bytes) -> bool:
    """True for a blob written by seal()."""
    return blob.startswith(MAGIC)


def unseal(blob: bytes, *, aad: bytes, sha256: str, file_name: str) -> bytes:
    """The file back, refused with the file's name when it is not sealed, fails its check or its hash."""
    start = len(MAGIC)
    body = start + KEY_ID_BYTES + crypto.NONCE_BYTES
    message = _("The stored file %(name)s failed its integrity check: it is not used.")
    if not is_sealed(blob) or len(blob) < body:
        raise ValidationError({"file": message % {"name": file_name}})
    try:
        data = crypto.decrypt(
            key_id=blob[start : start + KEY_ID_BYTES].decode("ascii"),
            nonce=blob[start + KEY_ID_BYTES : body],
            ciphertext=blob[body:],
            aad=aad,
        )
    except (crypto.AttachmentDecryptionError, UnicodeDecodeError) as exc:
        raise ValidationError({"file": message % {"name": file_name}}) from exc
    if hashlib.sha256(data).hexdigest() != sha256:
        raise ValidationError({"file": message % {"name": file_name}})
    return data

"""Checksums of blockchain addresses: base58check and bech32/bech32m (BIP 173/350), EIP-55."""

from __future__ import annotations

import hashlib
import re

from Crypto.Hash import keccak
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_B58 = "123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz"
_BECH32 = "qpzry9x8gf2tvdw0s3jn54khce6mua7l"
BECH32_CONST, BECH32M_CONST = 1, 0x2BC830A3


def base58check_decode(text: str) -> bytes | None:
    """The payload (version byte included) of a base58check string, or None if its checksum fails."""
    number = 0
    for char in text:
        if char not in _B58:
            return None
        number = number * 58 + _B58.index(char)
    body = number.to_bytes((number.bit_length() + 7) // 8, "big")
    raw = b"\x00" * (len(text) - len(text.lstrip("1"))) + body
    if len(raw) < 5:
        return None
    payload, checksum = raw[:-4], raw[-4:]
    return payload if hashlib.sha256(hashlib.sha256(payload).digest()).digest()[:4] == checksum else None


def _polymod(values: list[int]) -> int:
    generator = [0x3B6A57B2, 0x26508E6D, 0x1EA119FA, 0x3D4233DD, 0x2A1462B3]
    chk = 1
    for value in values:
        top = chk >> 25
        chk = (chk & 0x1FFFFFF) << 5 ^ value
        for i in range(5):
            chk ^= generator[i] if ((top >> i) & 1) else 0
    return chk


def _hrp_expand(hrp: str) -> list[int]:
    return [ord(x) >> 5 for x in hrp] + [0] + [ord(x) & 31 for x in hrp]


def bech32_decode(text: str) -> tuple[str, list[int], int] | None:
    """(human-readable part, data without checksum, checksum constant) or None when malformed."""
    if text.lower() != text and text.upper() != text:
        return None
    text = text.lower()
    pos = text.rfind("1")
    if pos < 1 or pos + 7 > len(text) or len(text) > 90 or any(c not in _BECH32 for c in text[pos + 1 :]):
        return None
    hrp, data = text[:pos], [_BECH32.find(c) for c in text[pos + 1 :]]
    const = _polymod(_hrp_expand(hrp) + data)
    if const not in (BECH32_CONST, BECH32M_CONST):
        return None
    return hrp, data[:-6], const


def convert_bits(data: list[int], from_bits: int, to_bits: int) -> list[int] | None:
    """Regroup 5-bit words into bytes without padding (BIP 173), None when the padding is wrong."""
    acc, bits, out, maxv = 0, 0, [], (1 << to_bits) - 1
    for value in data:
        acc = (acc << from_bits) | value
        bits += from_bits
        while bits >= to_bits:
            bits -= to_bits
            out.append((acc >> bits) & maxv)
    if bits >= from_bits or ((acc << (to_bits - bits)) & maxv):
        return None
    return out


def keccak256(data: bytes) -> bytes:
    """Keccak-256 as Ethereum uses it (not the NIST SHA3-256 padding)."""
    return keccak.new(digest_bits=256, data=data).digest()


def eip55(hex40: str) -> str:
    """The EIP-55 mixed-case checksum form of a 40-hex-digit address (with 0x)."""
    lower = hex40.lower()
    digest = keccak256(lower.encode("ascii")).hex()
    return "0x" + "".join(c.upper() if int(digest[i], 16) >= 8 else c for i, c in enumerate(lower))


def _refuse(message: str, code: str, **params: object) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


# --- checks used by the identifier fields ---

_BTC_VERSIONS = {0x00: "p2pkh", 0x05: "p2sh"}


def normalise_bitcoin(text: str) -> str:
    """A mainnet bitcoin address (legacy base58check or segwit bech32/bech32m) with a valid checksum."""
    value = text.strip()
    if value[:3].lower() == "bc1":
        return _segwit(value)
    if not re.fullmatch(r"[13][1-9A-HJ-NP-Za-km-z]{25,34}", value):
        raise _refuse(_("“%(value)s” is not a bitcoin address."), "invalid_bitcoin", value=text)
    payload = base58check_decode(value)
    if payload is None:
        raise _refuse(
            _("The bitcoin address checksum is wrong: check for a mistyped character."), "btc_checksum"
        )
    if len(payload) != 21 or payload[0] not in _BTC_VERSIONS:
        raise _refuse(_("“%(value)s” is not a bitcoin address."), "invalid_bitcoin", value=text)
    return value


def _segwit(value: str) -> str:
    decoded = bech32_decode(value)
    if decoded is None:
        raise _refuse(
            _("The bitcoin address checksum is wrong: check for a mistyped character."), "btc_checksum"
        )
    hrp, data, const = decoded
    program = convert_bits(data[1:], 5, 8) if data else None
    version = data[0] if data else -1
    bad_program = (
        program is None or not 2 <= len(program) <= 40 or (version == 0 and len(program) not in (20, 32))
    )
    # Version 0 uses the bech32 checksum, later versions bech32m (BIP 350).
    if hrp != "bc" or not 0 <= version <= 16 or bad_program or (const == BECH32_CONST) != (version == 0):
        raise _refuse(_("“%(value)s” is not a bitcoin address."), "invalid_bitcoin", value=value)
    return value.lower()


def normalise_ethereum(text: str) -> str:
    """An ethereum address in EIP-55 checksum form; a mixed-case input must carry a correct checksum."""
    value = text.strip()
    if not re.fullmatch(r"0[xX][0-9a-fA-F]{40}", value):
        raise _refuse(_("An ethereum address is 0x followed by 40 hexadecimal digits."), "invalid_ethereum")
    digits = value[2:]
    checksummed = eip55(digits)
    if digits not in (digits.lower(), digits.upper()) and "0x" + digits != checksummed:
        raise _refuse(
            _("The ethereum address checksum (its capital letters) is wrong: check for a mistyped letter."),
            "eth_checksum",
        )
    return checksummed

"""Identifiers right the first time: pure checks that normalise a value or say what is wrong with it."""

from __future__ import annotations

import ipaddress
import re
from datetime import UTC, datetime
from decimal import Decimal
from typing import Any
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _
from moneytrace.money import CURRENCY_EXPONENTS
from schwifty import BIC, IBAN
from schwifty import exceptions as iban_errors

from iproceeds.cooperation.chain_addresses import normalise_bitcoin, normalise_ethereum

__all__ = ["normalise_bitcoin", "normalise_ethereum"]  # re-exported: every identifier check lives here


def _refuse(message: str, code: str, **params: Any) -> ValidationError:
    return ValidationError(message, code=code, params=params or None)


# --- time ---------------------------------------------------------------------------------------

_ZONE_SUFFIX = re.compile(r"^(?P<local>.+?)\s+(?P<zone>[A-Za-z_]+(?:/[A-Za-z0-9_+\-]+)+|UTC)$")


def _zone(name: str) -> ZoneInfo:
    try:
        return ZoneInfo(name)
    except (ZoneInfoNotFoundError, ValueError):
        raise _refuse(_("“%(zone)s” is not a known time zone."), "unknown_timezone", zone=name) from None


def normalise_timezone(name: str) -> str:
    """An IANA time zone name such as Europe/Belgrade."""
    _zone(name.strip())
    return name.strip()


def _localise(naive: datetime, zone_name: str) -> datetime:
    """Attach a zone to a wall-clock time, refusing times that DST makes ambiguous or impossible."""
    zone = _zone(zone_name)
    first, second = naive.replace(tzinfo=zone, fold=0), naive.replace(tzinfo=zone, fold=1)
    if first.utcoffset() != second.utcoffset():
        raise _refuse(
            _("This time occurs twice or not at all in %(zone)s (clock change); give the UTC offset."),
            "ambiguous_time",
            zone=zone_name,
        )
    return first


def normalise_timestamp(value: str | datetime, zone: str = "") -> datetime:
    """An aware datetime in UTC from ISO text with an offset, a trailing zone name, or a given zone."""
    if isinstance(value, datetime):
        parsed: datetime = value
    else:
        text = value.strip()
        match = _ZONE_SUFFIX.match(text)
        if match:
            text, zone = match["local"], match["zone"]
        try:
            parsed = datetime.fromisoformat(text.replace(" ", "T", 1))
        except ValueError:
            raise _refuse(
                _("“%(value)s” is not a date and time such as 2026-10-02T03:14:00+02:00."),
                "invalid_timestamp",
                value=value,
            ) from None
    if parsed.tzinfo is None or parsed.utcoffset() is None:
        if not zone:
            raise _refuse(_("This timestamp has no time zone."), "no_timezone")
        parsed = _localise(parsed, zone)
    return parsed.astimezone(UTC)


def iso_utc(moment: datetime) -> str:
    """The storage form of a moment: ISO 8601 in UTC with a Z."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


# --- network ------------------------------------------------------------------------------------

_NOT_PUBLIC = [
    ipaddress.ip_network(n)
    for n in ("10.0.0.0/8", "172.16.0.0/12", "192.168.0.0/16", "100.64.0.0/10", "fc00::/7")
]


def normalise_ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address:
    """An IP address a provider can see on the internet (private and local ranges are refused)."""
    try:
        address = ipaddress.ip_address(text.strip().strip("[]"))
    except ValueError:
        raise _refuse(_("“%(value)s” is not an IPv4 or IPv6 address."), "invalid_ip", value=text) from None
    local = address.is_loopback or address.is_link_local or address.is_multicast or address.is_unspecified
    if local or any(address in net for net in _NOT_PUBLIC if net.version == address.version):
        raise _refuse(
            _("%(value)s is a private or local address: no provider can identify it; give the public one."),
            "not_public_ip",
            value=str(address),
        )
    return address


def normalise_port(value: str | int | None, *, required: bool) -> int | None:
    """A TCP/UDP source port 1–65535."""
    if value in (None, ""):
        if required:
            raise _refuse(
                _("An IPv4 address needs its source port: behind NAT many users share one address."),
                "port_required",
            )
        return None
    text = str(value).strip()
    if not text.isdigit() or not 1 <= int(text) <= 65535:
        raise _refuse(_("The port must be a number from 1 to 65535."), "invalid_port")
    return int(text)


def normalise_ip_identifier(address: str, port: str | int | None, timestamp: str, zone: str = "") -> dict:
    """IP address, source port (required for IPv4) and a time-zoned timestamp, stored in UTC."""
    if not str(timestamp or "").strip():
        raise _refuse(_("Give the date, time and time zone at which the address was used."), "no_timestamp")
    ip = normalise_ip(address)
    return {
        "address": ip.compressed,
        "version": ip.version,
        "port": normalise_port(port, required=ip.version == 4),
        "timestamp": iso_utc(normalise_timestamp(timestamp, zone)),
    }


_IP_LINE = re.compile(r"^\[?(?P<address>[0-9A-Fa-f:.]+?)\]?(?::(?P<port>\d+))?$")


def parse_ip_line(line: str) -> dict:
    """“address port timestamp” or “address:port timestamp” ([v6]:port for IPv6) on one line."""
    parts = line.split(None, 1)
    if len(parts) < 2:
        raise _refuse(
            _("Give the address, the source port and the timestamp with its time zone."), "no_timestamp"
        )
    first, rest = parts
    match = _IP_LINE.match(first) if first.count(":") <= 1 or first.startswith("[") else None
    address, port = (match["address"], match["port"]) if match else (first, None)
    if port is None:
        head = rest.split(None, 1)
        if head[0].isdigit() and len(head) == 2:
            port, rest = head[0], head[1]
    return normalise_ip_identifier(address, port, rest)


def normalise_mac(text: str) -> str:
    """A MAC address in lower-case colon form (aa:bb:cc:dd:ee:ff)."""
    digits = re.sub(r"[\s:.\-]", "", text).lower()
    if not re.fullmatch(r"[0-9a-f]{12}", digits):
        raise _refuse(_("A MAC address has 12 hexadecimal digits, e.g. 00:1a:2b:3c:4d:5e."), "invalid_mac")
    return ":".join(digits[i : i + 2] for i in range(0, 12, 2))


_LABEL = re.compile(r"^(?!-)[a-z0-9-]{1,63}(?<!-)$")


def normalise_domain(text: str) -> str:
    """A domain name in its ASCII (IDNA, “xn--”) form, lower case, without a trailing dot."""
    name = text.strip().rstrip(".").lower()
    try:
        ascii_name = name.encode("idna").decode("ascii")
    except UnicodeError:
        raise _refuse(_("“%(value)s” is not a valid domain name."), "invalid_domain", value=text) from None
    labels = ascii_name.split(".")
    if len(labels) < 2 or len(ascii_name) > 253 or not all(_LABEL.match(label) for label in labels):
        raise _refuse(_("“%(value)s” is not a valid domain name."), "invalid_domain", value=text)
    if labels[-1].isdigit():
        raise _refuse(_("“%(value)s” is an IP address, not a domain name."), "invalid_domain", value=text)
    return ascii_name


def normalise_url(text: str) -> str:
    """An http(s) URL whose host is a valid (IDNA-encoded) domain or a public IP address."""
    url = text.strip()
    match = re.match(r"^(?P<scheme>https?)://(?P<host>[^/:?#]+)(?P<rest>.*)$", url, re.IGNORECASE)
    if not match:
        raise _refuse(_("A URL starts with http:// or https:// followed by a host name."), "invalid_url")
    host = match["host"]
    try:
        host = normalise_ip(host).compressed
    except ValidationError:
        host = normalise_domain(host)
    normalised = f"{match['scheme'].lower()}://{host}{match['rest']}"
    try:
        URLValidator(schemes=["http", "https"])(normalised)
    except ValidationError:
        raise _refuse(_("“%(value)s” is not a valid URL."), "invalid_url", value=text) from None
    return normalised


# --- people and accounts -----------------------------------------------------------------------


def normalise_phone(text: str) -> str:
    """A phone number in E.164 form (it must carry its country code)."""
    try:
        number = phonenumbers.parse(text, None)
    except phonenumbers.NumberParseException:
        number = None
    if number is None:
        raise _refuse(
            _("“%(value)s” is not a phone number with its country code, e.g. +381 11 555 0100."),
            "invalid_phone",
            value=text,
        )
    if not phonenumbers.is_valid_number(number):
        raise _refuse(_("“%(value)s” is not a valid number in its country."), "invalid_phone", value=text)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def normalise_email(text: str) -> str:
    """An e-mail address with its domain in lower-case ASCII form."""
    local, _sep, domain = text.strip().rpartition("@")
    if not local or not domain:
        raise _refuse(_("“%(value)s” is not an e-mail address."), "invalid_email", value=text)
    address = f"{local}@{normalise_domain(domain)}"
    try:
        EmailValidator()(address)
    except ValidationError:
        raise _refuse(_("“%(value)s” is not an e-mail address."), "invalid_email", value=text) from None
    return address


def luhn_ok(digits: str) -> bool:
    """True when the last digit is the Luhn check digit of the others."""
    total = 0
    for i, char in enumerate(reversed(digits)):
        d = int(char) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


def normalise_imei(text: str) -> str:
    """A 15-digit IMEI whose last digit is its Luhn check digit."""
    digits = re.sub(r"[\s\-/]", "", text)
    if not re.fullmatch(r"\d{15}", digits):
        raise _refuse(_("An IMEI has 15 digits (the last is a check digit)."), "invalid_imei")
    if not luhn_ok(digits):
        raise _refuse(_("The IMEI check digit is wrong: check for a mistyped digit."), "imei_checksum")
    return digits


def normalise_account(username: str, service: str) -> dict:
    """A user name or account identifier together with the service it belongs to."""
    username, service = username.strip(), service.strip()
    if not username:
        raise _refuse(_("Give the user name or account identifier."), "no_username")
    if not service:
        raise _refuse(_("Give the service the account belongs to (e.g. its domain)."), "no_service")
    return {"username": username, "service": service}


def parse_account_line(line: str) -> dict:
    """“user name @ service” on one line (spaces around the @ separate it from an e-mail user name)."""
    username, sep, service = line.rpartition(" @ ")
    if not sep:
        raise _refuse(_("Write the account as “user name @ service”."), "no_service")
    return normalise_account(username, service)


# --- money ---------------------------------------------------------------------------------------

_IBAN_ERRORS = {
    iban_errors.InvalidChecksumDigits: (_("The IBAN check digits are wrong."), "iban_checksum"),
    iban_errors.InvalidLength: (_("This IBAN has the wrong length for its country."), "iban_length"),
    iban_errors.InvalidCountryCode: (
        _("This IBAN does not start with a known country code."),
        "iban_country",
    ),
    iban_errors.InvalidStructure: (_("This IBAN does not have its country's format."), "iban_format"),
}


def _schwifty_error(exc: Exception, table: dict, default: tuple) -> ValidationError:
    for cls, (message, code) in table.items():
        if isinstance(exc, cls):
            return _refuse(str(message), code)
    return _refuse(str(default[0]), default[1])


def normalise_iban(text: str) -> str:
    """An IBAN in compact upper-case form, with its check digits verified."""
    try:
        return IBAN(text).compact
    except iban_errors.SchwiftyException as exc:
        raise _schwifty_error(exc, _IBAN_ERRORS, (_("This is not a valid IBAN."), "invalid_iban")) from None


_BIC_ERRORS = {
    iban_errors.InvalidLength: (_("A BIC has 8 or 11 characters."), "bic_length"),
    iban_errors.InvalidCountryCode: (_("This BIC does not contain a known country code."), "bic_country"),
    iban_errors.InvalidStructure: (
        _("A BIC is 4 letters, a country code, 2 and optionally 3 more characters."),
        "bic_format",
    ),
}


def normalise_bic(text: str) -> str:
    """A BIC (SWIFT code) in compact upper-case form."""
    try:
        return str(BIC(text.strip().replace(" ", "")).compact)
    except iban_errors.SchwiftyException as exc:
        raise _schwifty_error(exc, _BIC_ERRORS, (_("This is not a valid BIC."), "invalid_bic")) from None


def normalise_amount(amount: str | Decimal, currency: str) -> dict:
    """A positive amount with an ISO 4217 (or listed crypto-asset) code and no more decimals than it has."""
    code = currency.strip().upper()
    if code not in CURRENCY_EXPONENTS:
        raise _refuse(
            _("“%(value)s” is not a known currency code such as EUR."), "invalid_currency", value=currency
        )
    text = str(amount).strip().replace(" ", "")
    if not re.fullmatch(r"\d+(\.\d+)?", text):
        raise _refuse(_("“%(value)s” is not an amount such as 1250.50."), "invalid_amount", value=amount)
    value = Decimal(text)
    if value <= 0:
        raise _refuse(_("The amount must be greater than zero."), "invalid_amount")
    places = CURRENCY_EXPONENTS[code]
    if places == 0 and value != value.to_integral_value():
        raise _refuse(_("%(currency)s has no decimal places."), "too_many_decimals", currency=code)
    if value != value.quantize(Decimal(1).scaleb(-places), rounding="ROUND_DOWN"):
        raise _refuse(
            _("%(currency)s has at most %(places)s decimal places."), "too_many_decimals",
            currency=code, places=places,
        )  # fmt: skip
    return {"amount": str(value), "currency": code}


def parse_amount_line(line: str) -> dict:
    """“1250.50 EUR” or “EUR 1250.50” on one line."""
    parts = line.split()
    if len(parts) != 2:
        raise _refuse(_("Write the amount with its currency, e.g. 1250.50 EUR."), "invalid_amount")
    first, second = parts
    return normalise_amount(second, first) if first.isalpha() else normalise_amount(first, second)

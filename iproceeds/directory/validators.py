"""Field checks shared by the directory's models and import: time zones, phones, languages."""

from __future__ import annotations

import functools
import re
from zoneinfo import available_timezones

import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

_LANGUAGE = re.compile(r"^[a-z]{2,3}(-[a-z0-9]{2,8})?$")
_REQUEST_TYPE = re.compile(r"^[A-Z][A-Z0-9_]{1,39}$")


@functools.cache
def _known_zones() -> frozenset[str]:
    # Listing the zones reads the tz database from disk; once per process is enough.
    return frozenset(available_timezones())


def validate_timezone(value: str) -> None:
    """Refuse a time zone name that the IANA database does not know."""
    if value not in _known_zones():
        raise ValidationError(_("“%(value)s” is not a known time zone."), params={"value": value})


def normalise_phone(value: str, region: str | None = None) -> str:
    """Return the number in E.164 form, or refuse it when it is not a valid phone number."""
    if not value.strip():
        return ""
    default = region.upper() if region and len(region) == 2 else None
    try:
        number = phonenumbers.parse(value, default)
    except phonenumbers.NumberParseException:
        number = None
    if number is None or not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _(
                "“%(value)s” is not a valid phone number; "
                "write it with the country code, e.g. +381 11 555 0100."
            ),
            params={"value": value},
            code="invalid_phone",
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def display_phone(value: str) -> str:
    """An E.164 number in the international format people read and dial."""
    if not value:
        return ""
    number = phonenumbers.parse(value, None)
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.INTERNATIONAL)


def normalise_languages(value: str) -> str:
    """Return a comma-separated list of language codes ("sr, en"), or refuse an unknown shape."""
    codes = [c.strip().lower() for c in re.split(r"[,;\s]+", value or "") if c.strip()]
    bad = [c for c in codes if not _LANGUAGE.match(c)]
    if bad:
        raise ValidationError(
            _("“%(value)s” is not a language code such as “sr”, “mk” or “en”."),
            params={"value": bad[0]},
            code="invalid_language",
        )
    return ", ".join(dict.fromkeys(codes))


def validate_request_type(value: str) -> None:
    """Refuse a request-type code that is not of the catalogue's shape (e.g. BC29_PRESERVATION)."""
    if not _REQUEST_TYPE.match(value or ""):
        raise ValidationError(
            _("“%(value)s” is not a request-type code such as BC29_PRESERVATION."),
            params={"value": value},
            code="invalid_request_type",
        )

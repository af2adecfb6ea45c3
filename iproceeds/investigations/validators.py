"""Validation of money (ISO 4217 currency, exact minor units), IBAN and BIC."""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from moneytrace.money import CURRENCY_EXPONENTS, parse_amount
from schwifty import BIC, IBAN
from schwifty.exceptions import SchwiftyException

# moneytrace also knows crypto assets; losses and asset values are kept in ISO 4217 currencies.
_CRYPTO = {"BTC", "BCH", "LTC", "DOGE", "ETH", "USDT", "USDC", "XMR", "XRP", "TRX", "SOL", "ADA", "DAI"}
ISO_CURRENCIES = sorted(code for code in CURRENCY_EXPONENTS if code not in _CRYPTO)


def validate_currency(value: str) -> None:
    """Refuse a code that is not an ISO 4217 currency."""
    if value not in ISO_CURRENCIES:
        raise ValidationError(
            _("%(code)s is not an ISO 4217 currency code (for example EUR, RSD)."),
            code="currency",
            params={"code": value or "''"},
        )


def to_minor(amount: Decimal, currency: str) -> int:
    """An exact Decimal amount in integer minor units; refused when it has too many decimals."""
    validate_currency(currency)
    try:
        return parse_amount(str(amount), currency)
    except ValueError:
        raise ValidationError(
            _("The amount has more decimals than %(code)s allows."),
            code="decimals",
            params={"code": currency},
        ) from None


def normalise_iban(value: str) -> str:
    """The IBAN in its compact form, or a ValidationError saying what is wrong."""
    try:
        return IBAN(value).compact
    except SchwiftyException as exc:
        raise ValidationError(_("Not a valid IBAN: %(why)s"), code="iban", params={"why": str(exc)}) from None


def normalise_bic(value: str) -> str:
    """The BIC in its compact form, or a ValidationError saying what is wrong."""
    try:
        return BIC(value).compact
    except SchwiftyException as exc:
        raise ValidationError(_("Not a valid BIC: %(why)s"), code="bic", params={"why": str(exc)}) from None

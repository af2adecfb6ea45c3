"""Exact money: currency exponents and conversion between decimal strings and integer minor units."""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

# ISO 4217 minor-unit exponents (currencies whose exponent is not 2 are listed explicitly below),
# plus common crypto assets at their on-chain precision.
_TWO_DECIMALS = (  # noqa: SIM905 - a compact table reads better than 140 quoted codes
    "AED AFN ALL AMD ANG AOA ARS AUD AWG AZN BAM BBD BDT BGN BMD BND BOB BRL BSD BTN BWP BYN BZD CAD CDF "
    "CHF CNY COP CRC CUP CVE CZK DKK DOP DZD EGP ERN ETB EUR FJD FKP GBP GEL GHS GIP GMD GTQ GYD HKD HNL "
    "HTG HUF IDR ILS INR IRR JMD KES KGS KHR KPW KYD KZT LAK LBP LKR LRD LSL MAD MDL MGA MKD MMK MNT MOP "
    "MRU MUR MVR MWK MXN MYR MZN NAD NGN NIO NOK NPR NZD PAB PEN PGK PHP PKR PLN QAR RON RSD RUB SAR SBD "
    "SCR SDG SEK SGD SHP SLE SOS SRD SSP STN SVC SYP SZL THB TJS TMT TOP TRY TTD TWD TZS UAH USD UYU UZS "
    "VES WST XCD YER ZAR ZMW ZWG "
).split()

CURRENCY_EXPONENTS: dict[str, int] = {
    **dict.fromkeys(_TWO_DECIMALS, 2),
    # zero-decimal ISO 4217 currencies
    **dict.fromkeys("BIF CLP DJF GNF ISK JPY KMF KRW PYG RWF UGX UYI VND VUV XAF XOF XPF".split(), 0),  # noqa: SIM905
    # three-decimal ISO 4217 currencies
    **dict.fromkeys("BHD IQD JOD KWD LYD OMR TND".split(), 3),  # noqa: SIM905
    "CLF": 4,
    "UYW": 4,
    # crypto assets (smallest on-chain unit)
    "BTC": 8,
    "BCH": 8,
    "LTC": 8,
    "DOGE": 8,
    "ETH": 18,
    "USDT": 6,
    "USDC": 6,
    "XMR": 12,
    "XRP": 6,
    "TRX": 6,
    "SOL": 9,
    "ADA": 6,
    "DAI": 18,
}


def exponent(currency: str) -> int:
    """Number of decimals of `currency`'s minor unit; unknown currency -> ValueError naming it."""
    try:
        return CURRENCY_EXPONENTS[currency.upper()]
    except KeyError:
        raise ValueError(f"unknown currency {currency!r}") from None


def parse_amount(text: str, currency: str) -> int:
    """Decimal string ("1200.00", "-5.5") -> integer minor units of `currency`, exactly."""
    exp = exponent(currency)
    cleaned = text.strip()
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        raise ValueError(f"not a decimal amount: {text!r}") from None
    if not value.is_finite() or "e" in cleaned.lower():
        raise ValueError(f"not a decimal amount: {text!r}")
    scaled = value.scaleb(exp)
    if scaled != scaled.to_integral_value():
        raise ValueError(f"{text!r} has more than {exp} decimals, the precision of {currency.upper()}")
    return int(scaled)


def format_amount(minor: int, currency: str) -> str:
    """Integer minor units -> decimal string with exactly the currency's number of decimals."""
    exp = exponent(currency)
    sign = "-" if minor < 0 else ""
    digits = str(abs(minor))
    if exp == 0:
        return sign + digits
    digits = digits.rjust(exp + 1, "0")
    return f"{sign}{digits[:-exp]}.{digits[-exp:]}"

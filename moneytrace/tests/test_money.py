import pytest
from moneytrace.money import CURRENCY_EXPONENTS, exponent, format_amount, parse_amount


def test_exponents_of_common_currencies():
    assert exponent("EUR") == 2
    assert exponent("jpy") == 0
    assert exponent("KWD") == 3
    assert exponent("BTC") == 8
    assert exponent("ETH") == 18
    assert CURRENCY_EXPONENTS["USDT"] == 6


def test_unknown_currency_is_named():
    with pytest.raises(ValueError, match="'XXZ'"):
        exponent("XXZ")


@pytest.mark.parametrize(
    ("text", "currency", "minor"),
    [
        ("1200.00", "EUR", 120000),
        ("-5.5", "EUR", -550),
        ("0.1", "EUR", 10),
        ("7", "JPY", 7),
        ("0.00000001", "BTC", 1),
        (" 12.345 ", "KWD", 12345),
        ("1.000000000000000001", "ETH", 1_000_000_000_000_000_001),
    ],
)
def test_parse_amount_is_exact(text, currency, minor):
    assert parse_amount(text, currency) == minor


def test_parse_amount_refuses_too_many_decimals():
    with pytest.raises(ValueError, match="more than 2 decimals"):
        parse_amount("1.001", "EUR")


@pytest.mark.parametrize("text", ["abc", "", "1e3", "NaN", "Infinity"])
def test_parse_amount_refuses_non_decimals(text):
    with pytest.raises(ValueError, match="not a decimal amount"):
        parse_amount(text, "EUR")


@pytest.mark.parametrize(
    ("minor", "currency", "text"),
    [
        (120000, "EUR", "1200.00"),
        (-550, "EUR", "-5.50"),
        (5, "EUR", "0.05"),
        (7, "JPY", "7"),
        (1, "BTC", "0.00000001"),
    ],
)
def test_format_amount(minor, currency, text):
    assert format_amount(minor, currency) == text
    assert parse_amount(text, currency) == minor

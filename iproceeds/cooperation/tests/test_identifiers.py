"""Identifier checks: real-format, valid but invented values pass normalised; each mistake is named."""

from datetime import UTC, datetime

import pytest
from django.core.exceptions import ValidationError

from iproceeds.cooperation import identifiers as ids
from iproceeds.cooperation.chain_addresses import _BECH32, BECH32_CONST, BECH32M_CONST, _hrp_expand, _polymod


def _refused(func, *args):
    """The message and code of the refusal."""
    with pytest.raises(ValidationError) as exc:
        func(*args)
    return exc.value.messages[0], exc.value.error_list[0].code


def _bech32(hrp, version, program, const=None):
    """Encode a segwit address (BIP 173/350) so the tests can invent valid ones."""
    acc, bits, data = 0, 0, [version]
    for byte in program:
        acc, bits = (acc << 8) | byte, bits + 8
        while bits >= 5:
            bits -= 5
            data.append((acc >> bits) & 31)
    if bits:
        data.append((acc << (5 - bits)) & 31)
    const = const if const is not None else (BECH32_CONST if version == 0 else BECH32M_CONST)
    mod = _polymod(_hrp_expand(hrp) + data + [0] * 6) ^ const
    return hrp + "1" + "".join(_BECH32[c] for c in data + [(mod >> 5 * (5 - i)) & 31 for i in range(6)])


# --- timestamps and IP addresses --------------------------------------------------------------


def test_a_timestamp_with_an_offset_is_stored_in_utc():
    assert ids.normalise_timestamp("2026-10-02T03:14:00+02:00") == datetime(2026, 10, 2, 1, 14, tzinfo=UTC)


def test_a_timestamp_with_a_zone_name_is_stored_in_utc():
    assert ids.normalise_timestamp("2026-10-02 03:14:00 Europe/Belgrade") == datetime(
        2026, 10, 2, 1, 14, tzinfo=UTC
    )
    assert ids.normalise_timestamp("2026-01-15 03:14", "Europe/Istanbul") == datetime(
        2026, 1, 15, 0, 14, tzinfo=UTC
    )


def test_a_timestamp_without_a_time_zone_is_refused():
    assert _refused(ids.normalise_timestamp, "2026-10-02T03:14:00") == (
        "This timestamp has no time zone.",
        "no_timezone",
    )


def test_a_wall_clock_time_that_daylight_saving_repeats_is_refused():
    # given 02:30 on the night clocks go back in Belgrade (it happens twice)
    message, code = _refused(ids.normalise_timestamp, "2026-10-25 02:30:00 Europe/Belgrade")
    assert code == "ambiguous_time"
    assert "Europe/Belgrade" in message


def test_an_unknown_zone_and_a_non_date_are_named():
    assert _refused(ids.normalise_timestamp, "2026-10-02 03:14", "Europe/Atlantis")[1] == "unknown_timezone"
    assert _refused(ids.normalise_timestamp, "yesterday night")[1] == "invalid_timestamp"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("203.0.113.7 51234 2026-10-02T03:14:00+02:00", ("203.0.113.7", 4, 51234, "2026-10-02T01:14:00Z")),
        (
            "203.0.113.7:51234 2026-10-02 03:14:00 Europe/Belgrade",
            ("203.0.113.7", 4, 51234, "2026-10-02T01:14:00Z"),
        ),
        ("[2001:DB8:0:0::7]:443 2026-10-02T03:14:00Z", ("2001:db8::7", 6, 443, "2026-10-02T03:14:00Z")),
        ("2001:db8::7 2026-10-02T03:14:00Z", ("2001:db8::7", 6, None, "2026-10-02T03:14:00Z")),
    ],
)
def test_ip_lines_are_parsed_and_normalised(line, expected):
    value = ids.parse_ip_line(line)
    assert (value["address"], value["version"], value["port"], value["timestamp"]) == expected


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (("203.0.113.7", "", "2026-10-02T03:14:00Z"), "port_required"),
        (("203.0.113.7", "70000", "2026-10-02T03:14:00Z"), "invalid_port"),
        (("203.0.113.7", "51234", "2026-10-02T03:14:00"), "no_timezone"),
        (("203.0.113.7", "51234", ""), "no_timestamp"),
        (("203.0.113.300", "51234", "2026-10-02T03:14:00Z"), "invalid_ip"),
        (("10.20.30.40", "51234", "2026-10-02T03:14:00Z"), "not_public_ip"),
        (("100.64.1.1", "51234", "2026-10-02T03:14:00Z"), "not_public_ip"),
        (("127.0.0.1", "51234", "2026-10-02T03:14:00Z"), "not_public_ip"),
        (("fd00::1", "", "2026-10-02T03:14:00Z"), "not_public_ip"),
    ],
)
def test_ip_identifier_mistakes_are_named(args, code):
    assert _refused(ids.normalise_ip_identifier, *args)[1] == code


def test_the_port_message_says_why_it_is_needed():
    message, _code = _refused(ids.normalise_ip_identifier, "198.51.100.23", "", "2026-10-02T03:14:00Z")
    assert message == "An IPv4 address needs its source port: behind NAT many users share one address."


# --- network names and devices ------------------------------------------------------------------


def test_mac_addresses_in_every_common_notation_become_colon_form():
    for text in ("00:1A:2B:3C:4D:5E", "00-1a-2b-3c-4d-5e", "001a.2b3c.4d5e", "001A2B3C4D5E"):
        assert ids.normalise_mac(text) == "00:1a:2b:3c:4d:5e"
    assert _refused(ids.normalise_mac, "00:1a:2b:3c:4d")[1] == "invalid_mac"


def test_domains_are_stored_in_idna_form():
    assert ids.normalise_domain("Bücher-Demo.example.") == "xn--bcher-demo-9db.example"
    assert ids.normalise_domain("demo-shop.example.invalid") == "demo-shop.example.invalid"
    for bad in ("localhost", "-demo.example", "demo..example", "203.0.113.7", "a" * 64 + ".example"):
        assert _refused(ids.normalise_domain, bad)[1] == "invalid_domain", bad


def test_urls_keep_their_path_and_get_an_idna_host():
    assert ids.normalise_url("HTTPS://Bücher.example/shop?id=7") == "https://xn--bcher-kva.example/shop?id=7"
    assert ids.normalise_url("http://203.0.113.7:8080/x") == "http://203.0.113.7:8080/x"
    assert _refused(ids.normalise_url, "ftp://demo.example/file")[1] == "invalid_url"
    assert _refused(ids.normalise_url, "demo.example/page")[1] == "invalid_url"


def test_imei_check_digit():
    assert ids.normalise_imei("35-209900-176148-1") == "352099001761481"
    assert _refused(ids.normalise_imei, "352099001761482") == (
        "The IMEI check digit is wrong: check for a mistyped digit.", "imei_checksum"
    )  # fmt: skip
    assert _refused(ids.normalise_imei, "35209900176148")[1] == "invalid_imei"


def test_phone_numbers_become_e164():
    assert ids.normalise_phone("+381 64 555 0123") == "+381645550123"
    assert _refused(ids.normalise_phone, "064 555 0123")[1] == "invalid_phone"
    assert _refused(ids.normalise_phone, "+381 1")[1] == "invalid_phone"


def test_email_addresses_get_a_lower_case_ascii_domain():
    assert ids.normalise_email("Demo.Officer@Example.INVALID") == "Demo.Officer@example.invalid"
    assert ids.normalise_email("demo@bücher.example") == "demo@xn--bcher-kva.example"
    assert _refused(ids.normalise_email, "demo.example.invalid")[1] == "invalid_email"


def test_accounts_need_both_user_name_and_service():
    assert ids.parse_account_line("demo@user @ chat.example") == {
        "username": "demo@user",
        "service": "chat.example",
    }
    assert _refused(ids.normalise_account, "demo_user", " ")[1] == "no_service"
    assert _refused(ids.normalise_account, "", "chat.example")[1] == "no_username"
    assert _refused(ids.parse_account_line, "demo_user")[1] == "no_service"


# --- money ---------------------------------------------------------------------------------------


def test_ibans_are_checked_and_compacted():
    # documentation-style IBANs (valid check digits, invented accounts)
    assert ids.normalise_iban("GB82 WEST 1234 5698 7654 32") == "GB82WEST12345698765432"
    assert ids.normalise_iban("de89 3704 0044 0532 0130 00") == "DE89370400440532013000"
    assert _refused(ids.normalise_iban, "DE88370400440532013000") == (
        "The IBAN check digits are wrong.",
        "iban_checksum",
    )
    assert _refused(ids.normalise_iban, "DE8937040044053201300")[1] == "iban_length"
    assert _refused(ids.normalise_iban, "QQ89370400440532013000")[1] == "iban_country"


def test_bics_are_checked():
    assert ids.normalise_bic("DEMO AL TR") == "DEMOALTR"
    assert ids.normalise_bic("DEMORSBGXXX") == "DEMORSBGXXX"
    assert _refused(ids.normalise_bic, "DEMORS") == ("A BIC has 8 or 11 characters.", "bic_length")
    assert _refused(ids.normalise_bic, "DEMOQQBG")[1] == "bic_country"


def test_amounts_are_decimal_text_with_a_known_currency():
    assert ids.normalise_amount("1250.50", "eur") == {"amount": "1250.50", "currency": "EUR"}
    assert ids.parse_amount_line("RSD 120000") == {"amount": "120000", "currency": "RSD"}
    assert ids.parse_amount_line("0.00250000 BTC") == {"amount": "0.00250000", "currency": "BTC"}
    assert _refused(ids.normalise_amount, "10.005", "EUR") == (
        "EUR has at most 2 decimal places.",
        "too_many_decimals",
    )
    assert _refused(ids.normalise_amount, "1.5", "JPY") == ("JPY has no decimal places.", "too_many_decimals")
    assert _refused(ids.normalise_amount, "0", "EUR")[1] == "invalid_amount"
    assert _refused(ids.normalise_amount, "1e3", "EUR")[1] == "invalid_amount"
    assert _refused(ids.normalise_amount, "12", "EURO")[1] == "invalid_currency"


# --- blockchain ----------------------------------------------------------------------------------


def test_legacy_bitcoin_addresses_are_checked():
    assert ids.normalise_bitcoin("1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2") == "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2"
    assert ids.normalise_bitcoin("3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy") == "3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy"
    assert _refused(ids.normalise_bitcoin, "1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN3")[1] == "btc_checksum"
    assert _refused(ids.normalise_bitcoin, "0BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2")[1] == "invalid_bitcoin"


def test_segwit_addresses_need_the_checksum_of_their_version():
    program = bytes(range(20))
    v0 = _bech32("bc", 0, program)
    taproot = _bech32("bc", 1, bytes(range(32)))
    assert ids.normalise_bitcoin(v0.upper()) == v0
    assert ids.normalise_bitcoin(taproot) == taproot
    assert (
        ids.normalise_bitcoin("bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4")
        == "bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4"
    )
    # a version 0 address with the bech32m checksum, a testnet address, a typo, mixed case
    assert _refused(ids.normalise_bitcoin, _bech32("bc", 0, program, BECH32M_CONST))[1] == "invalid_bitcoin"
    assert _refused(ids.normalise_bitcoin, _bech32("tb", 0, program))[1] == "invalid_bitcoin"
    assert _refused(ids.normalise_bitcoin, v0[:-1] + ("q" if v0[-1] != "q" else "p"))[1] == "btc_checksum"
    assert _refused(ids.normalise_bitcoin, v0[:6] + v0[6:].upper())[1] == "btc_checksum"


def test_ethereum_addresses_get_their_eip55_checksum():
    # the EIP-55 specification's own examples
    examples = [
        "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed",
        "0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359",
        "0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB",
        "0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb",
    ]
    for address in examples:
        assert ids.normalise_ethereum(address) == address
        assert ids.normalise_ethereum(address.lower()) == address
    assert _refused(ids.normalise_ethereum, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD") == (
        "The ethereum address checksum (its capital letters) is wrong: check for a mistyped letter.",
        "eth_checksum",
    )
    assert (
        _refused(ids.normalise_ethereum, "0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeA")[1] == "invalid_ethereum"
    )

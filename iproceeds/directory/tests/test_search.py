"""One search box: case, diacritics and script do not matter; providers found by what they own."""

import pytest

from iproceeds.directory import services
from iproceeds.directory.models import Contact, Party, ProviderIdentifier
from iproceeds.directory.permissions import SYSTEM
from iproceeds.directory.selectors import directory_search
from iproceeds.directory.tests.factories import AuthorityFactory, ServiceProviderFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def directory(db):
    """Serbia and North Macedonia with contacts written in Latin and Cyrillic."""
    serbia = services.entry_create(
        actor=SYSTEM,
        instance=Party(code="RS", name="Serbia", name_local="Србија", aliases="Srbija; Sırbistan"),
    )
    services.entry_create(
        actor=SYSTEM,
        instance=Party(
            code="MK", name="North Macedonia", name_local="Северна Македонија", aliases="Severna Makedonija"
        ),
    )
    belgrade = AuthorityFactory(party=serbia, name="Demo Cybercrime Unit Belgrade")
    skopje = AuthorityFactory(
        party=Party.objects.get(code="MK"), name="Demo 24/7 Skopje", timezone="Europe/Skopje"
    )
    for authority, name in [
        (belgrade, "Demo Marko Petrović"),
        (belgrade, "Демо Јована Ђорђевић"),
        (skopje, "Демо Ѓорѓи Ќосевски"),
        (skopje, "Демо Ѕвезда Џафери"),
    ]:
        services.entry_create(
            actor=SYSTEM, instance=Contact(authority=authority, name=name, email="d@example.invalid")
        )


def _contact_names(user, query):
    return sorted(c.name for c in directory_search(user=user, query=query).contacts)


@pytest.mark.parametrize("query", ["Petrović", "petrovic", "PETROVIC", "Петровић", "петровић"])
def test_petrovic_is_found_in_any_script(query, directory, foreign_officer):
    assert _contact_names(foreign_officer, query) == ["Demo Marko Petrović"]


@pytest.mark.parametrize("query", ["Đorđević", "Djordjevic", "Dordevic", "Ђорђевић", "jovana djordjevic"])
def test_serbian_cyrillic_dj_is_found_both_ways(query, directory, foreign_officer):
    assert _contact_names(foreign_officer, query) == ["Демо Јована Ђорђевић"]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("Ѓорѓи", "Демо Ѓорѓи Ќосевски"),
        ("Gjorgji Kjosevski", "Демо Ѓорѓи Ќосевски"),
        ("Gorgi Kosevski", "Демо Ѓорѓи Ќосевски"),
        ("Ќосевски", "Демо Ѓорѓи Ќосевски"),
        ("Ѕвезда", "Демо Ѕвезда Џафери"),
        ("Dzvezda Dzaferi", "Демо Ѕвезда Џафери"),
        ("Џафери", "Демо Ѕвезда Џафери"),
    ],
)
def test_macedonian_cyrillic_letters(query, expected, directory, foreign_officer):
    assert _contact_names(foreign_officer, query) == ([expected] if expected else [])


@pytest.mark.parametrize("query", ["Srbija", "Србија", "serbia", "SIRBISTAN", "RS"])
def test_party_found_by_local_names(query, directory, foreign_officer):
    assert [p.code for p in directory_search(user=foreign_officer, query=query).parties] == ["RS"]


def test_north_macedonia_in_cyrillic(directory, foreign_officer):
    assert [p.code for p in directory_search(user=foreign_officer, query="Северна Македонија").parties] == [
        "MK"
    ]


def test_one_letter_finds_nothing(directory, foreign_officer):
    assert directory_search(user=foreign_officer, query="p").total == 0


@pytest.mark.parametrize("query", ["198.51.100.77", "mail.demo-hosting.example", "AS64500", "as64500"])
def test_provider_found_by_identifier(query, foreign_officer):
    provider = ServiceProviderFactory(name="Demo Hosting")
    for kind, value in [
        ("ip_range", "198.51.100.0/24"),
        ("domain", "demo-hosting.example"),
        ("asn", "AS64500"),
    ]:
        services.entry_create(
            actor=SYSTEM, instance=ProviderIdentifier(provider=provider, kind=kind, value=value)
        )
    assert directory_search(user=foreign_officer, query=query).providers == [provider]


def test_address_outside_the_range_finds_no_provider(foreign_officer):
    provider = ServiceProviderFactory(name="Demo Hosting")
    services.entry_create(
        actor=SYSTEM, instance=ProviderIdentifier(provider=provider, kind="ip_range", value="198.51.100.0/24")
    )
    assert directory_search(user=foreign_officer, query="198.51.101.1").providers == []

"""Reading the directory: access helpers, search across scripts, stale entries."""

from __future__ import annotations

import ipaddress
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from django.db.models import Q, QuerySet
from django.http import Http404

from iproceeds.directory import text
from iproceeds.directory.freshness import stale_before
from iproceeds.directory.models import Authority, Contact, Party, ProviderIdentifier, ServiceProvider
from iproceeds.directory.models.provider import ip_bounds
from iproceeds.directory.permissions import can_read_directory

SEARCH_LIMIT = 50


def _require_reader(user: Any) -> None:
    if not can_read_directory(user):
        raise Http404


def parties_for_user(*, user: Any) -> QuerySet[Party]:
    """Every Party, for any signed-in user."""
    _require_reader(user)
    return Party.objects.all()


def get_party_for_user(*, user: Any, code: str) -> Party:
    """One Party by code; the same 404 for an absent Party and a reader without access."""
    _require_reader(user)
    party = Party.objects.filter(code=code.upper()).first()
    if party is None:
        raise Http404
    return party


def get_authority_for_user(*, user: Any, pk: int) -> Authority:
    """One authority with its Party."""
    _require_reader(user)
    authority = Authority.objects.select_related("party").filter(pk=pk).first()
    if authority is None:
        raise Http404
    return authority


def get_contact_for_user(*, user: Any, pk: int) -> Contact:
    """One contact with its authority and Party."""
    _require_reader(user)
    contact = Contact.objects.select_related("authority__party").filter(pk=pk).first()
    if contact is None:
        raise Http404
    return contact


def providers_for_user(*, user: Any) -> QuerySet[ServiceProvider]:
    """Every service provider and registrar, for any signed-in user."""
    _require_reader(user)
    return ServiceProvider.objects.all()


def get_provider_for_user(*, user: Any, pk: int) -> ServiceProvider:
    """One service provider or registrar."""
    _require_reader(user)
    provider = ServiceProvider.objects.filter(pk=pk).first()
    if provider is None:
        raise Http404
    return provider


@dataclass
class SearchResults:
    """What one search box entry found, by kind."""

    query: str
    parties: list[Party] = field(default_factory=list)
    authorities: list[Authority] = field(default_factory=list)
    contacts: list[Contact] = field(default_factory=list)
    providers: list[ServiceProvider] = field(default_factory=list)

    @property
    def total(self) -> int:
        """How many entries were found."""
        return len(self.parties) + len(self.authorities) + len(self.contacts) + len(self.providers)


def _matching[M: (Party, Authority, Contact, ServiceProvider)](qs: QuerySet[M], terms: list[str]) -> list[M]:
    for term in terms:
        qs = qs.filter(search_key__contains=term)
    return list(qs[:SEARCH_LIMIT])


def _identifier_filter(query: str) -> Q | None:
    """Match a provider identifier: an address inside a range, a domain or its parents, an AS number."""
    value = query.strip().lower().rstrip(".")
    try:
        address = ipaddress.ip_address(value)
    except ValueError:
        address = None
    if address is not None:
        start, _end = ip_bounds(ipaddress.ip_network(address))
        return Q(kind="ip_range", ip_version=address.version, range_start__lte=start, range_end__gte=start)
    if value.upper().startswith("AS") and value[2:].isdigit():
        return Q(kind="asn", value=f"AS{int(value[2:])}")
    if "." in value and " " not in value:
        labels = value.split(".")
        parents = [".".join(labels[i:]) for i in range(len(labels) - 1)]
        return Q(kind="domain", value__in=parents)
    return None


def providers_by_identifier(query: str) -> list[ServiceProvider]:
    """Providers owning the IP address, domain (or a parent domain) or AS number in the query."""
    condition = _identifier_filter(query)
    if condition is None:
        return []
    ids = ProviderIdentifier.objects.filter(condition).values("provider_id")
    return list(ServiceProvider.objects.filter(pk__in=ids))


def directory_search(*, user: Any, query: str) -> SearchResults:
    """One search box over Parties, authorities, contacts and providers, across scripts and diacritics."""
    _require_reader(user)
    terms = text.query_terms(query)
    results = SearchResults(query=query)
    if not terms or len("".join(terms)) < 2:
        return results
    results.parties = _matching(Party.objects.all(), terms)
    results.authorities = _matching(Authority.objects.select_related("party"), terms)
    results.contacts = _matching(
        Contact.objects.filter(is_active=True).select_related("authority__party"), terms
    )
    by_name = _matching(ServiceProvider.objects.all(), terms)
    results.providers = by_name + [p for p in providers_by_identifier(query) if p not in by_name]
    return results


@dataclass
class StaleEntries:
    """Entries whose confirmation is missing or older than the confirmation period."""

    authorities: list[Authority]
    contacts: list[Contact]
    providers: list[ServiceProvider]

    @property
    def total(self) -> int:
        """How many entries are stale."""
        return len(self.authorities) + len(self.contacts) + len(self.providers)


def stale_entries(*, user: Any, now: datetime, party: Party | None = None) -> StaleEntries:
    """Stale or unconfirmed entries, oldest confirmation first, optionally for one Party."""
    _require_reader(user)
    due = Q(last_confirmed_at__isnull=True) | Q(last_confirmed_at__lt=stale_before(now))
    authorities = Authority.objects.filter(due).select_related("party")
    contacts = Contact.objects.filter(due, is_active=True).select_related("authority__party")
    if party is not None:
        authorities, contacts = authorities.filter(party=party), contacts.filter(authority__party=party)
    providers = ServiceProvider.objects.filter(due) if party is None else ServiceProvider.objects.none()
    order = ("last_confirmed_at",)
    return StaleEntries(
        list(authorities.order_by(*order, "name")),
        list(contacts.order_by(*order, "name")),
        list(providers.order_by(*order, "name")),
    )

"""Reading the directory: index, search, Party, authority, provider and staleness pages."""

from __future__ import annotations

from zoneinfo import ZoneInfo

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from iproceeds.directory import selectors
from iproceeds.directory.choices import Instrument, SettingKey
from iproceeds.directory.duty import duty_status, whom_to_contact
from iproceeds.directory.models import Party
from iproceeds.directory.permissions import can_edit


def _viewer_now(request: HttpRequest) -> object:
    zone = getattr(request.user, "timezone", "") or "UTC"
    return timezone.now().astimezone(ZoneInfo(zone))


@login_required
def index(request: HttpRequest) -> HttpResponse:
    """The directory's start: the search box and every Party, iPROCEEDS participants first."""
    parties = selectors.parties_for_user(user=request.user).order_by("-is_iproceeds", "name")
    return render(request, "directory/index.html", {"parties": parties})


@login_required
def search(request: HttpRequest) -> HttpResponse:
    """One search box over Parties, authorities, contacts and providers."""
    query = request.GET.get("q", "").strip()[:200]
    results = selectors.directory_search(user=request.user, query=query)
    return render(request, "directory/search.html", {"query": query, "results": results})


def _instruments(party: Party) -> list[tuple[str, object, object]]:
    by_code = {s.instrument: s for s in party.instruments.all()}
    return [(code, label, by_code.get(code)) for code, label in Instrument.choices]


def _settings(party: Party) -> list[tuple[str, object, object]]:
    by_key = {s.key: s for s in party.party_settings.all()}
    return [(key, label, by_key.get(key)) for key, label in SettingKey.choices]


def _party_request_types(party: Party) -> list[str]:
    codes = party.authorities.values_list("competences__request_type", flat=True)
    return sorted({c for c in codes if c})


@login_required
def party_detail(request: HttpRequest, code: str) -> HttpResponse:
    """A Party: who to contact now, instruments, reservations, languages, authorities."""
    party = selectors.get_party_for_user(user=request.user, code=code)
    request_type = request.GET.get("request_type", "")
    authorities = list(party.authorities.prefetch_related("competences"))
    context = {
        "party": party,
        "request_types": _party_request_types(party),
        "request_type": request_type,
        "answer": whom_to_contact(user=request.user, party=party, request_type=request_type)
        if request_type
        else None,
        "duty": [duty_status(authority=a) for a in authorities],
        "instruments": _instruments(party),
        "declarations": list(party.declarations.all()),
        "settings": _settings(party),
        "viewer_now": _viewer_now(request),
        "can_edit": can_edit(request.user, party),
    }
    return render(request, "directory/party_detail.html", context)


@login_required
def authority_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """An authority: duty now, competences, contacts, weekly roster and one-off changes."""
    authority = selectors.get_authority_for_user(user=request.user, pk=pk)
    now = timezone.now()
    context = {
        "authority": authority,
        "status": duty_status(authority=authority, at=now),
        "competences": authority.competences.all(),
        "contacts": authority.contacts.filter(is_active=True),
        "shifts": authority.shifts.select_related("contact"),
        "overrides": authority.overrides.filter(ends_at__gt=now).select_related("contact"),
        "viewer_now": _viewer_now(request),
        "can_edit": can_edit(request.user, authority),
        "now": now,
    }
    return render(request, "directory/authority_detail.html", context)


@login_required
def provider_list(request: HttpRequest) -> HttpResponse:
    """Every service provider and registrar."""
    providers = selectors.providers_for_user(user=request.user)
    return render(request, "directory/provider_list.html", {"providers": providers})


@login_required
def provider_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A provider: law-enforcement contacts, retention periods, legal process, identifiers."""
    provider = selectors.get_provider_for_user(user=request.user, pk=pk)
    context = {
        "provider": provider,
        "retentions": provider.retentions.all(),
        "identifiers": provider.identifiers.all(),
        "can_edit": can_edit(request.user, provider),
        "now": timezone.now(),
    }
    return render(request, "directory/provider_detail.html", context)


@login_required
def stale(request: HttpRequest) -> HttpResponse:
    """Entries whose confirmation is missing or older than the confirmation period."""
    code = request.GET.get("party", "")
    party = selectors.get_party_for_user(user=request.user, code=code) if code else None
    entries = selectors.stale_entries(user=request.user, now=timezone.now(), party=party)
    return render(request, "directory/stale.html", {"entries": entries, "party": party})

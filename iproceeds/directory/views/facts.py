"""Changing a Party's sourced facts from its page: instruments, declarations, settings (via the services)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from iproceeds.directory import selectors, services
from iproceeds.directory.choices import Instrument, SettingKey
from iproceeds.directory.forms import DeclarationForm, InstrumentStatusForm, SettingForm
from iproceeds.directory.models import InstrumentStatus, Party, PartyDeclaration, PartySetting
from iproceeds.directory.permissions import can_edit
from iproceeds.directory.views.changes import _refusal_to_form


def _party_for_editor(request: HttpRequest, code: str) -> Party:
    party = selectors.get_party_for_user(user=request.user, code=code)
    if not can_edit(request.user, party):
        raise PermissionDenied
    return party


def _save(
    request: HttpRequest, form: forms.ModelForm, current: models.Model | None, new: models.Model
) -> bool:
    """Create `new` or update `current` with the form's data; a refusal goes onto the form."""
    data = {name: form.cleaned_data[name] for name in form.fields}
    try:
        if current is None:
            for name, value in data.items():
                setattr(new, name, value)
            services.entry_create(actor=request.user, instance=new)
        else:
            services.entry_update(actor=request.user, instance=current, changes=data)
    except ValidationError as exc:
        _refusal_to_form(form, exc)
        return False
    messages.success(request, _("Saved: %(entry)s.") % {"entry": current or new})
    return True


def _fact_page(
    request: HttpRequest, form: forms.ModelForm, current: models.Model | None, new: models.Model, title: str
) -> HttpResponse:
    party: Party = new.party  # type: ignore[attr-defined]
    if request.method == "POST" and form.is_valid() and _save(request, form, current, new):
        return redirect("directory:party_detail", code=party.code)
    context = {"form": form, "title": title, "party": party}
    return render(request, "directory/party_form.html", context, status=400 if form.errors else 200)


def _copy[M: models.Model](current: M | None, new: M) -> M:
    """The instance the form may change: a fresh copy, so the service still sees the stored values."""
    return type(new)._default_manager.get(pk=current.pk) if current is not None else new


@login_required
def instrument_edit(request: HttpRequest, code: str, instrument: str) -> HttpResponse:
    """Record or change where a Party stands with one treaty."""
    party = _party_for_editor(request, code)
    if instrument not in Instrument.values:
        raise Http404
    current = party.instruments.filter(instrument=instrument).first()
    new = InstrumentStatus(party=party, instrument=instrument)
    form = InstrumentStatusForm(request.POST or None, instance=_copy(current, new))
    title = _("Status of %(instrument)s") % {"instrument": Instrument(instrument).label}
    return _fact_page(request, form, current, new, title)


@login_required
def setting_edit(request: HttpRequest, code: str, key: str) -> HttpResponse:
    """Record or change one setting of a Party (languages, transmission, domestic periods)."""
    party = _party_for_editor(request, code)
    if key not in SettingKey.values:
        raise Http404
    current = party.party_settings.filter(key=key).first()
    new = PartySetting(party=party, key=key)
    form = SettingForm(request.POST or None, instance=_copy(current, new))
    return _fact_page(request, form, current, new, str(SettingKey(key).label))


@login_required
def declaration_add(request: HttpRequest, code: str) -> HttpResponse:
    """Record a reservation or declaration of a Party."""
    party = _party_for_editor(request, code)
    new = PartyDeclaration(party=party)
    form = DeclarationForm(request.POST or None, instance=PartyDeclaration(party=party))
    return _fact_page(request, form, None, new, _("Add a reservation or declaration"))


@login_required
def declaration_edit(request: HttpRequest, code: str, pk: int) -> HttpResponse:
    """Change a reservation or declaration of a Party."""
    party = _party_for_editor(request, code)
    current = party.declarations.filter(pk=pk).first()
    if current is None:
        raise Http404
    form = DeclarationForm(request.POST or None, instance=_copy(current, current))
    return _fact_page(request, form, current, current, _("Change a reservation or declaration"))

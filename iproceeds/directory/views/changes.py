"""Changing the directory from its pages: confirm, edit contacts, maintain rosters (through the services)."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iproceeds.directory import selectors, services
from iproceeds.directory.forms import ContactForm, OverrideForm, ShiftForm
from iproceeds.directory.models import Authority, Contact
from iproceeds.directory.permissions import can_edit

_GETTERS = {
    "authority": selectors.get_authority_for_user,
    "contact": selectors.get_contact_for_user,
    "provider": selectors.get_provider_for_user,
}


def _back(request: HttpRequest) -> str:
    target = request.POST.get("next", "")
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return target
    return reverse("directory:stale")


@login_required
@require_POST
def entry_confirm(request: HttpRequest, kind: str, pk: int) -> HttpResponse:
    """Confirm that an authority, contact or provider is current; a refusal says why."""
    entry = _GETTERS[kind](user=request.user, pk=pk)
    try:
        services.entry_confirm(actor=request.user, instance=entry)
    except PermissionDenied as exc:
        messages.error(request, str(exc) or _("You may not confirm this entry."))
        return HttpResponseRedirect(_back(request))
    messages.success(request, _("Confirmed: %(entry)s.") % {"entry": entry})
    return HttpResponseRedirect(_back(request))


def _refusal_to_form(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a service's refusal on the form, on the named field when the form has it."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.message_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _authority_for_editor(request: HttpRequest, pk: int) -> Authority:
    authority = selectors.get_authority_for_user(user=request.user, pk=pk)
    if not can_edit(request.user, authority):
        raise PermissionDenied
    return authority


def _form_page(request: HttpRequest, form: forms.BaseForm, title: str, authority: Authority) -> HttpResponse:
    context = {"form": form, "title": title, "authority": authority}
    return render(request, "directory/form.html", context, status=400 if form.errors else 200)


@login_required
def contact_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Change a contact of one's own Party (the secretariat: any contact)."""
    contact = selectors.get_contact_for_user(user=request.user, pk=pk)
    authority = _authority_for_editor(request, contact.authority_id)
    form = ContactForm(request.POST or None, instance=Contact.objects.get(pk=contact.pk))
    if request.method == "POST" and form.is_valid():
        changes = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.entry_update(actor=request.user, instance=contact, changes=changes)
        except ValidationError as exc:
            _refusal_to_form(form, exc)
        else:
            messages.success(request, _("Saved: %(entry)s.") % {"entry": contact})
            return redirect("directory:authority_detail", pk=authority.pk)
    return _form_page(request, form, _("Change contact"), authority)


@login_required
def contact_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a contact to an authority of one's own Party."""
    authority = _authority_for_editor(request, pk)
    form = ContactForm(request.POST or None, instance=Contact(authority=authority))
    if request.method == "POST" and form.is_valid():
        fields = {name: form.cleaned_data[name] for name in form.fields}
        try:
            services.entry_create(actor=request.user, instance=Contact(authority=authority, **fields))
        except ValidationError as exc:
            _refusal_to_form(form, exc)
        else:
            return redirect("directory:authority_detail", pk=authority.pk)
    return _form_page(request, form, _("Add a contact"), authority)


def _roster_add(
    request: HttpRequest, pk: int, form_class: type, create: Callable[..., object], title: str
) -> HttpResponse:
    """Shared flow of the roster forms: edit permission, one service call, refusals onto the form."""
    authority = _authority_for_editor(request, pk)
    form = form_class(request.POST or None, authority=authority)
    if request.method == "POST" and form.is_valid():
        try:
            create(actor=request.user, **form.cleaned_data)
        except ValidationError as exc:
            _refusal_to_form(form, exc)
        else:
            return redirect("directory:authority_detail", pk=authority.pk)
    return _form_page(request, form, title, authority)


@login_required
def shift_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Add a weekly shift to an authority's roster; overlaps and empty shifts are refused."""
    return _roster_add(request, pk, ShiftForm, services.shift_create, _("Add a weekly shift"))


@login_required
def override_add(request: HttpRequest, pk: int) -> HttpResponse:
    """Put someone on duty for a one-off period (local time of the authority)."""
    return _roster_add(request, pk, OverrideForm, services.override_create, _("Add a one-off change"))


@login_required
@require_POST
def roster_entry_delete(request: HttpRequest, pk: int, kind: str, entry_pk: int) -> HttpResponse:
    """Remove a weekly shift or a one-off change from an authority's roster."""
    authority = selectors.get_authority_for_user(user=request.user, pk=pk)
    entries = authority.shifts if kind == "shift" else authority.overrides
    entry = entries.filter(pk=entry_pk).first()
    if entry is None:
        raise Http404
    services.entry_delete(actor=request.user, instance=entry)
    return redirect("directory:authority_detail", pk=authority.pk)

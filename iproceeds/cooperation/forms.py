"""Forms built from the catalogue: the request header and its content, section by section."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iproceeds.cooperation import eligibility
from iproceeds.cooperation.choices import FieldKind, Prefill, Urgency
from iproceeds.cooperation.i18n import localised
from iproceeds.cooperation.identifier_fields import (
    COMPOSITES,
    SIMPLE,
    IdentifierField,
    IsoDateField,
    LinesField,
)
from iproceeds.cooperation.models import Field, RequestType, Section
from iproceeds.cooperation.values import catalogue_fields, field_name
from iproceeds.directory.models import Authority, Party


def _choice_field(field: Field, **common: Any) -> forms.Field:
    options = [(o["value"], localised(o["labels"])) for o in field.choices]
    return forms.ChoiceField(choices=[("", "—"), *options], widget=forms.RadioSelect, **common)


def form_field(field: Field) -> forms.Field:
    """The Django form field of one catalogue field, labelled in the active language.

    Required-ness is left to the service (values_clean) so a draft can be saved half-written; the
    label marks which fields a submission will need.
    """
    common: dict[str, Any] = {"label": field.label, "help_text": field.help_text, "required": False}
    if field.repeatable:
        return LinesField(kind=field.kind, **common)
    if field.kind in COMPOSITES:
        return COMPOSITES[field.kind](**common)
    if field.kind in SIMPLE:
        return IdentifierField(kind=field.kind, **common)
    if field.kind == FieldKind.CHOICE:
        return _choice_field(field, **common)
    if field.kind == FieldKind.BOOLEAN:
        return forms.BooleanField(**common)
    if field.kind == FieldKind.DATE:
        return IsoDateField(**common)
    if field.kind == FieldKind.LONG_TEXT:
        return forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), **common)
    return forms.CharField(max_length=500, **common)


@dataclass
class FieldView:
    """One field for the template: grouped inputs (several inputs, radio buttons) get a fieldset."""

    field: Field
    bound: forms.BoundField
    is_group: bool
    required_on_submit: bool


@dataclass
class SectionView:
    """A section of a bound content form, for the template."""

    section: Section
    fields: list[FieldView]


def _describe(bound: forms.BoundField) -> None:
    """Point assistive technology at the help text and the errors of a field."""
    ids = [f"{bound.auto_id}_help"] if bound.help_text else []
    if bound.errors:
        ids.append(f"{bound.auto_id}_errors")
        bound.field.widget.attrs["aria-invalid"] = "true"
    if ids:
        bound.field.widget.attrs["aria-describedby"] = " ".join(ids)


class ContentForm(forms.Form):
    """The content of a request, one form field per catalogue field, grouped by section."""

    def __init__(self, *args: Any, request_type: RequestType, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.request_type = request_type
        self.layout: list[tuple[Section, list[Field]]] = []
        for section, field in catalogue_fields(request_type):
            if not self.layout or self.layout[-1][0].pk != section.pk:
                self.layout.append((section, []))
            self.layout[-1][1].append(field)
            self.fields[field_name(section, field)] = form_field(field)

    def sections(self) -> list[SectionView]:
        """Sections in template order with their bound fields."""
        views = []
        for section, fields in self.layout:
            items = []
            for field in fields:
                bound = self[field_name(section, field)]
                _describe(bound)
                group = field.kind in COMPOSITES or field.kind == FieldKind.CHOICE
                items.append(FieldView(field, bound, group and not field.repeatable,
                                       field.required or bool(field.required_when)))  # fmt: skip
            views.append(SectionView(section, items))
        return views

    def values(self) -> dict[str, dict[str, Any]]:
        """The cleaned content nested as {section: {field: value}}, empty answers left out."""
        nested: dict[str, dict[str, Any]] = {}
        for section, fields in self.layout:
            for field in fields:
                value = self.cleaned_data.get(field_name(section, field))
                if value not in (None, "", [], False):
                    nested.setdefault(section.key, {})[field.key] = value
        return nested


def content_initial(values: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """Stored content as form initial data."""
    return {f"{section}__{key}": value for section, fields in values.items() for key, value in fields.items()}


def _office_hours(authority: Authority) -> str:
    if not authority.has_office_hours:
        return ""
    opens, closes = authority.office_opens, authority.office_closes
    assert opens is not None
    assert closes is not None
    return f"{opens:%H:%M}–{closes:%H:%M} ({authority.timezone})"


def prefill_value(source: str, user: Any) -> Any:
    """The value a prefill source gives for this user (their authority from the directory, their profile)."""
    authority: Authority = user.authority
    sources: dict[str, Any] = {
        Prefill.TODAY: lambda: timezone.localdate().isoformat(),
        Prefill.AUTHORITY_NAME: lambda: authority.name,
        Prefill.AUTHORITY_ADDRESS: lambda: authority.address,
        Prefill.AUTHORITY_PHONE: lambda: authority.phone_247,
        Prefill.AUTHORITY_EMAIL: lambda: authority.email,
        Prefill.AUTHORITY_TIMEZONE: lambda: authority.timezone,
        Prefill.AUTHORITY_HOURS: lambda: _office_hours(authority),
        Prefill.USER_NAME: lambda: user.get_full_name() or user.get_username(),
        Prefill.USER_EMAIL: lambda: user.email,
    }
    getter = sources.get(source)
    return getter() if getter else ""


def prefilled_values(request_type: RequestType, user: Any) -> dict[str, dict[str, Any]]:
    """A new draft's content: the requesting side filled from the directory and the user's profile."""
    values: dict[str, dict[str, Any]] = {}
    for section, field in catalogue_fields(request_type):
        if field.prefill:
            value = prefill_value(field.prefill, user)
            if value:
                values.setdefault(section.key, {})[field.key] = value
    return values


class AuthorityChoiceField(forms.ModelChoiceField):
    """Authorities labelled with their Party's code."""

    def label_from_instance(self, obj: Any) -> str:
        """“RS · Demo Cybercrime Unit Belgrade”."""
        return f"{obj.party.code} · {obj.name}"


class HeaderForm(forms.Form):
    """Who receives the request and how urgent it is."""

    requested_party = forms.ModelChoiceField(queryset=Party.objects.none(), label=_("Requested Party"))
    requested_authority = AuthorityChoiceField(
        queryset=Authority.objects.none(),
        label=_("Requested authority"),
        required=False,
        help_text=_("Required before sending."),
    )
    urgency = forms.ChoiceField(label=_("Urgency"), choices=[])

    def __init__(self, *args: Any, request_type: RequestType, user: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        parties = eligibility.parties_bound(instrument=request_type.instrument).exclude(
            pk=user.authority.party_id
        )
        party_field = self.fields["requested_party"]
        authority_field = self.fields["requested_authority"]
        urgency_field = self.fields["urgency"]
        assert isinstance(party_field, forms.ModelChoiceField)
        assert isinstance(authority_field, forms.ModelChoiceField)
        assert isinstance(urgency_field, forms.ChoiceField)
        party_field.queryset = parties.order_by("name")
        authority_field.queryset = Authority.objects.filter(party__in=parties).select_related("party")
        urgency_field.choices = [
            (u, label) for u, label in Urgency.choices if u in request_type.urgency_options
        ]

"""Authorities of a Party, what they receive, and the people who answer."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from iproceeds.directory.choices import AuthorityType, Channel, request_type_label
from iproceeds.directory.models.base import Confirmable, OfficeHours
from iproceeds.directory.models.party import Party
from iproceeds.directory.validators import (
    normalise_languages,
    normalise_phone,
    validate_request_type,
    validate_timezone,
)


def _clean_phones(obj: models.Model, fields: list[str], region: str) -> None:
    """Normalise phone fields to E.164, naming every field that is not a valid number."""
    errors: dict[str, list[str]] = {}
    for field in fields:
        try:
            setattr(obj, field, normalise_phone(getattr(obj, field) or "", region))
        except ValidationError as exc:
            errors[field] = exc.messages
    if errors:
        raise ValidationError(errors)


def _clean_languages(obj: models.Model) -> None:
    try:
        obj.languages = normalise_languages(obj.languages)  # type: ignore[attr-defined]
    except ValidationError as exc:
        raise ValidationError({"languages": exc.messages}) from exc


class Authority(Confirmable, OfficeHours):
    """A body of a Party: the organisation every user belongs to."""

    party = models.ForeignKey(
        Party, on_delete=models.PROTECT, related_name="authorities", verbose_name=_("Party")
    )
    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(_("name in the local language"), max_length=200, blank=True)
    authority_type = models.CharField(_("type"), max_length=20, choices=AuthorityType.choices)
    timezone = models.CharField(_("time zone"), max_length=64, default="UTC", validators=[validate_timezone])
    phone_247 = models.CharField(_("24/7 line"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.CharField(_("languages"), max_length=100, blank=True)
    address = models.TextField(_("address"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["party__name", "name"]
        verbose_name = _("authority")
        verbose_name_plural = _("authorities")
        constraints = [
            models.UniqueConstraint(fields=["party", "name"], name="authority_unique_name_per_party")
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.party.code})"

    def clean(self) -> None:
        """Phones in E.164, known language codes, coherent office hours."""
        region = self.party.code if self.party_id else ""
        _clean_phones(self, ["phone_247"], region)
        _clean_languages(self)
        self.clean_office_hours()


class Competence(models.Model):
    """A type of request an authority receives, and through which channel."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="competences")
    request_type = models.CharField(_("request type"), max_length=40, validators=[validate_request_type])
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices, default=Channel.ANY)
    notes = models.CharField(_("notes"), max_length=300, blank=True)

    class Meta:
        ordering = ["authority", "request_type", "channel"]
        verbose_name = _("competence")
        verbose_name_plural = _("competences")
        constraints = [
            models.UniqueConstraint(
                fields=["authority", "request_type", "channel"], name="competence_unique_per_authority"
            )
        ]

    def __str__(self) -> str:
        return f"{self.authority_id} {self.request_type} {self.channel}"

    @property
    def label(self) -> str:
        """The request type's human label."""
        return request_type_label(self.request_type)


class Contact(Confirmable, OfficeHours):
    """A person (or desk) at an authority, with office hours in the authority's time zone."""

    authority = models.ForeignKey(Authority, on_delete=models.CASCADE, related_name="contacts")
    name = models.CharField(_("name"), max_length=200)
    name_local = models.CharField(_("name in the local script"), max_length=200, blank=True)
    function = models.CharField(_("function"), max_length=200, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    mobile = models.CharField(_("mobile phone"), max_length=20, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    languages = models.CharField(_("languages spoken"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    is_demo = models.BooleanField(_("demo data"), default=False)

    class Meta:
        ordering = ["authority", "name"]
        verbose_name = _("contact")
        verbose_name_plural = _("contacts")
        constraints = [
            models.UniqueConstraint(fields=["authority", "name"], name="contact_unique_name_per_authority")
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        """Phones in E.164, known language codes, coherent office hours, a way to reach them."""
        region = self.authority.party.code if self.authority_id else ""
        _clean_phones(self, ["phone", "mobile"], region)
        _clean_languages(self)
        self.clean_office_hours()
        if not (self.phone or self.mobile or self.email):
            raise ValidationError({"phone": _("Give at least a phone, a mobile phone or an e-mail address.")})

    def hours_source(self) -> OfficeHours:
        """The contact's own office hours, or the authority's when the contact has none."""
        return self if self.has_office_hours else self.authority

"""The request catalogue as data: request types, their sections, fields and timers."""

from __future__ import annotations

import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from iproceeds.cooperation.choices import FieldKind, Prefill, StartEvent, TimerKind, Urgency
from iproceeds.cooperation.i18n import localised, validate_complete_labels, validate_partial_labels
from iproceeds.directory.choices import Channel, Confidence, DeclarationEffect, Instrument
from iproceeds.directory.validators import validate_request_type


def _validate_choice_list(value: object, allowed: set[str], message: str) -> None:
    if not isinstance(value, list) or any(item not in allowed for item in value):
        raise ValidationError(message)


def validate_urgency_options(value: object) -> None:
    """A non-empty list of known urgency codes."""
    _validate_choice_list(
        value, set(Urgency.values), str(_("Use the urgency codes normal, urgent, emergency."))
    )
    if not value:
        raise ValidationError(_("Give at least one urgency option."))


def validate_refusal_effects(value: object) -> None:
    """A list of declaration effects that let the requested Party refuse this type."""
    _validate_choice_list(value, set(DeclarationEffect.values), str(_("Unknown declaration effect.")))


class RequestType(models.Model):
    """One row of the catalogue: a legal basis for a request (e.g. BC29_PRESERVATION)."""

    code = models.CharField(_("code"), max_length=40, unique=True, validators=[validate_request_type])
    instrument = models.CharField(_("instrument"), max_length=10, choices=Instrument.choices)
    article = models.CharField(_("article"), max_length=60)
    channel = models.CharField(_("channel"), max_length=20, choices=Channel.choices)
    urgency_options = models.JSONField(_("urgency options"), validators=[validate_urgency_options])
    refusal_effects = models.JSONField(
        _("reservations that allow refusal"),
        default=list,
        blank=True,
        validators=[validate_refusal_effects],
        help_text=_("Declaration effects under which the requested Party may refuse this type."),
    )
    labels = models.JSONField(_("name"), validators=[validate_complete_labels])
    description = models.JSONField(
        _("description"), default=dict, blank=True, validators=[validate_partial_labels]
    )
    order = models.PositiveIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)
    # A new random value whenever the type's sections, fields or timers change: processes keep the
    # catalogue of a type per version (catalogue_cache), so every worker sees a change at once. Random,
    # not a counter: a change rolled back never hands its version to a later, different change.
    catalogue_version = models.UUIDField(_("catalogue version"), default=uuid.uuid4, editable=False)

    class Meta:
        ordering = ["order", "code"]
        verbose_name = _("request type")
        verbose_name_plural = _("request types")

    def __str__(self) -> str:
        return self.code

    @property
    def label(self) -> str:
        """The name in the active language."""
        return localised(self.labels)


class Section(models.Model):
    """An ordered section of a request type's form (T-CY template order)."""

    request_type = models.ForeignKey(RequestType, on_delete=models.CASCADE, related_name="sections")
    key = models.SlugField(_("key"), max_length=40)
    order = models.PositiveIntegerField(_("order"))
    labels = models.JSONField(_("title"), validators=[validate_complete_labels])
    help = models.JSONField(_("help text"), default=dict, blank=True, validators=[validate_partial_labels])

    class Meta:
        ordering = ["request_type", "order"]
        verbose_name = _("section")
        verbose_name_plural = _("sections")
        constraints = [
            models.UniqueConstraint(fields=["request_type", "key"], name="section_unique_key_per_type")
        ]

    def __str__(self) -> str:
        return f"{self.request_type_id}:{self.key}"

    @property
    def label(self) -> str:
        """The title in the active language."""
        return localised(self.labels)


class Field(models.Model):
    """A field of a section: its kind, whether it is required, labels and help in every language."""

    section = models.ForeignKey(Section, on_delete=models.CASCADE, related_name="fields")
    key = models.SlugField(_("key"), max_length=60)
    order = models.PositiveIntegerField(_("order"))
    kind = models.CharField(_("kind"), max_length=20, choices=FieldKind.choices)
    required = models.BooleanField(_("required"), default=False)
    repeatable = models.BooleanField(
        _("several values"), default=False, help_text=_("One value per line (identifiers).")
    )
    prefill = models.CharField(
        _("filled from"), max_length=40, choices=Prefill.choices, blank=True, default=""
    )
    choices = models.JSONField(
        _("choices"), default=list, blank=True, help_text=_("For choice fields: [{value, labels}].")
    )
    required_when = models.JSONField(
        _("required when"),
        default=dict,
        blank=True,
        help_text=_("{field: “section.key” or “urgency”, values: [...]}: required only for those answers."),
    )
    labels = models.JSONField(_("label"), validators=[validate_complete_labels])
    help = models.JSONField(_("help text"), default=dict, blank=True, validators=[validate_partial_labels])

    class Meta:
        ordering = ["section", "order"]
        verbose_name = _("field")
        verbose_name_plural = _("fields")
        constraints = [
            models.UniqueConstraint(fields=["section", "key"], name="field_unique_key_per_section")
        ]

    def __str__(self) -> str:
        return f"{self.section_id}:{self.key}"

    @property
    def label(self) -> str:
        """The label in the active language."""
        return localised(self.labels)

    @property
    def help_text(self) -> str:
        """The help text in the active language (English when not translated)."""
        return localised(self.help)

    def clean(self) -> None:
        """Choice fields list their options, each labelled in every language; others list none."""
        condition = self.required_when
        if condition and (not isinstance(condition, dict) or set(condition) != {"field", "values"}):
            raise ValidationError({"required_when": _("Give the field it depends on and the values.")})
        if self.kind == FieldKind.CHOICE:
            if not self.choices or not isinstance(self.choices, list):
                raise ValidationError({"choices": _("A choice field needs at least one option.")})
            for option in self.choices:
                if not isinstance(option, dict) or not option.get("value"):
                    raise ValidationError({"choices": _("Each option needs a value and labels.")})
                validate_complete_labels(option.get("labels"))
        elif self.choices:
            raise ValidationError({"choices": _("Only choice fields have options.")})


class Timer(models.Model):
    """A deadline the software computes for a request type, with its legal source and confidence."""

    request_type = models.ForeignKey(RequestType, on_delete=models.CASCADE, related_name="timers")
    key = models.SlugField(_("key"), max_length=40)
    kind = models.CharField(_("kind"), max_length=20, choices=TimerKind.choices)
    days = models.PositiveIntegerField(_("days"), default=0)
    hours = models.PositiveIntegerField(_("hours"), default=0)
    start_event = models.CharField(_("counted from"), max_length=20, choices=StartEvent.choices)
    applies_to = models.JSONField(
        _("urgencies it applies to"), default=list, blank=True, help_text=_("Empty: every urgency.")
    )
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices)
    source = models.CharField(_("source"), max_length=200)
    labels = models.JSONField(_("reason"), validators=[validate_complete_labels])
    # Set when someone changes the value in the application: reloading the catalogue keeps it.
    overridden = models.BooleanField(_("changed locally"), default=False)

    class Meta:
        ordering = ["request_type", "key"]
        verbose_name = _("timer")
        verbose_name_plural = _("timers")
        constraints = [
            models.UniqueConstraint(fields=["request_type", "key"], name="timer_unique_key_per_type")
        ]

    def __str__(self) -> str:
        return f"{self.request_type_id}:{self.key}"

    @property
    def to_verify(self) -> bool:
        """True when the value is unconfirmed and must be shown as "to verify"."""
        return self.confidence == Confidence.UNCONFIRMED

    @property
    def label(self) -> str:
        """The reason in the active language."""
        return localised(self.labels)

    def clean(self) -> None:
        """A timer lasts some time, and applies to known urgencies."""
        if self.days == 0 and self.hours == 0:
            raise ValidationError({"days": _("Give a number of days or hours.")})
        if not isinstance(self.applies_to, list) or set(self.applies_to) - set(Urgency.values):
            raise ValidationError({"applies_to": _("Use the urgency codes normal, urgent, emergency.")})
        validate_urgency_options(self.applies_to or [Urgency.NORMAL])

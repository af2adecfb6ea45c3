"""The form for registering a webhook endpoint."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iproceeds.integrations.choices import ALL_EVENTS, webhook_event_choices


class WebhookEndpointForm(forms.Form):
    """Address, description and the events to receive."""

    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("An https:// address of your organisation's system."),
    )
    description = forms.CharField(label=_("Description"), max_length=200, required=False)
    events = forms.MultipleChoiceField(
        label=_("Events"), widget=forms.CheckboxSelectMultiple, initial=[ALL_EVENTS]
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["events"].choices = webhook_event_choices()  # type: ignore[attr-defined]

"""The form for creating an API token."""

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iproceeds.api import scopes


class TokenCreateForm(forms.Form):
    """Name, scopes and expiry date of a new token."""

    name = forms.CharField(label=_("Name"), max_length=100, help_text=_("What or who will use it."))
    scopes = forms.MultipleChoiceField(label=_("Scopes"), widget=forms.CheckboxSelectMultiple)
    expires_on = forms.DateField(
        label=_("Expires on"),
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=_("At most one year from today."),
    )

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["scopes"].choices = list(scopes.all_scopes().items())  # type: ignore[attr-defined]
        self.fields["expires_on"].initial = timezone.localdate() + timedelta(days=90)

    def expires_at(self, tz_name: str) -> datetime | None:
        """The end of the chosen day in the user's time zone."""
        day: date | None = self.cleaned_data.get("expires_on")
        if day is None:
            return None
        return datetime.combine(day, time(23, 59, 59), tzinfo=ZoneInfo(tz_name or "UTC"))

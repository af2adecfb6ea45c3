"""Forms of the directory pages."""

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from iproceeds.directory.choices import Weekday
from iproceeds.directory.models import (
    Authority,
    Contact,
    InstrumentStatus,
    PartyDeclaration,
    PartySetting,
)

MAX_UPLOAD_BYTES = 5 * 1024 * 1024


class ImportForm(forms.Form):
    """Upload a CSV or XLSX table of authorities or contacts."""

    kind = forms.ChoiceField(
        label=_("What the file holds"),
        choices=[("authorities", _("Authorities")), ("contacts", _("Contacts"))],
    )
    file = forms.FileField(label=_("CSV or Excel (.xlsx) file"))

    def clean_file(self) -> object:
        """Refuse files that are too large or of another type."""
        upload = self.cleaned_data["file"]
        if upload.size > MAX_UPLOAD_BYTES:
            raise forms.ValidationError(_("The file is larger than 5 MB."))
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError(_("Upload a .csv or .xlsx file."))
        return upload


class ContactForm(forms.ModelForm):
    """A contact's details; phones in any common form, stored in E.164."""

    class Meta:
        model = Contact
        fields = [
            "name", "name_local", "function", "phone", "mobile", "email", "languages",
            "office_days", "office_opens", "office_closes", "is_active",
        ]  # fmt: skip
        widgets = {
            "office_opens": forms.TimeInput(attrs={"type": "time"}),
            "office_closes": forms.TimeInput(attrs={"type": "time"}),
        }


class ShiftForm(forms.Form):
    """A weekly shift in the authority's local time; an end at or before the start is the next day."""

    contact: forms.ModelChoiceField[Contact] = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.none()
    )
    weekday = forms.TypedChoiceField(label=_("Day"), coerce=int, choices=[])
    starts = forms.TimeField(label=_("Starts"), widget=forms.TimeInput(attrs={"type": "time"}))
    ends = forms.TimeField(label=_("Ends"), widget=forms.TimeInput(attrs={"type": "time"}))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=200)

    def __init__(self, *args: object, authority: Authority, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["contact"].queryset = authority.contacts.filter(is_active=True)  # type: ignore[attr-defined]
        self.fields["weekday"].choices = Weekday.choices  # type: ignore[attr-defined]


class OverrideForm(forms.Form):
    """A one-off duty period in the authority's local time (the page states the zone)."""

    contact: forms.ModelChoiceField[Contact] = forms.ModelChoiceField(
        label=_("Contact"), queryset=Contact.objects.none()
    )
    starts_at = forms.CharField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = forms.CharField(label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"}))
    notes = forms.CharField(label=_("Notes"), required=False, max_length=200)

    def __init__(self, *args: object, authority: Authority, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["contact"].queryset = authority.contacts.filter(is_active=True)  # type: ignore[attr-defined]

    def _local(self, name: str) -> object:
        from datetime import datetime

        try:
            return datetime.fromisoformat(self.cleaned_data[name])
        except ValueError as exc:
            raise forms.ValidationError(_("Enter a date and time such as 2027-03-28 22:00.")) from exc

    def clean_starts_at(self) -> object:
        """The local (naive) start; the service places it in the authority's zone."""
        return self._local("starts_at")

    def clean_ends_at(self) -> object:
        """The local (naive) end."""
        return self._local("ends_at")


_DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
_SOURCED = ["source", "as_of", "confidence"]


class SourcedFactForm(forms.ModelForm):
    """A sourced fact: the source and the "as of" date are required, the date not in the future."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]
        self.fields["as_of"].widget = _DATE

    def clean_as_of(self) -> object:
        """Refuse an "as of" date after today: a fact cannot be known before it happens."""
        as_of = self.cleaned_data["as_of"]
        if as_of and as_of > timezone.localdate():
            raise forms.ValidationError(_("The “as of” date cannot be in the future."))
        return as_of


class InstrumentStatusForm(SourcedFactForm):
    """Where a Party stands with one treaty, with the dates that support it."""

    class Meta:
        model = InstrumentStatus
        fields = ["status", "signed_on", "ratified_on", "in_force_on", "notes", *_SOURCED]
        widgets = {"signed_on": _DATE, "ratified_on": _DATE, "in_force_on": _DATE}


class DeclarationForm(SourcedFactForm):
    """A reservation or declaration of a Party."""

    class Meta:
        model = PartyDeclaration
        fields = ["instrument", "article", "kind", "effect", "summary", *_SOURCED]


class SettingForm(SourcedFactForm):
    """The value of one Party setting; the setting's own rules check the value."""

    class Meta:
        model = PartySetting
        fields = ["value", *_SOURCED]

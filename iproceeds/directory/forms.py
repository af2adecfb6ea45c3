"""Forms of the directory pages."""

from django import forms
from django.utils.translation import gettext_lazy as _

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

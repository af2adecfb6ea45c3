"""The message form of a request's conversation: text and any number of files."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iproceeds.cooperation.filetypes import allowed_extensions


class MultipleFileInput(forms.ClearableFileInput):
    """A file input that accepts several files."""

    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Any number of files (none included); the service checks each one."""

    widget = MultipleFileInput

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        """Every uploaded file, unchecked: size and type are the service's business."""
        if not data:
            return []
        return list(data) if isinstance(data, list | tuple) else [data]


class MessageForm(forms.Form):
    """A message to the other side of the request."""

    body = forms.CharField(label=_("Message"), required=False, widget=forms.Textarea(attrs={"rows": 4}))
    attachments = MultipleFileField(label=_("Attach files"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["attachments"].widget.attrs["accept"] = ",".join(allowed_extensions())

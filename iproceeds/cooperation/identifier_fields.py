"""Django form fields for every catalogue field kind; each cleans to a JSON-ready, normalised value."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from iproceeds.cooperation import identifiers as ids
from iproceeds.cooperation.choices import FieldKind

# One-value checks of the simple kinds: text in, normalised text out.
SIMPLE: dict[str, Callable[[str], str]] = {
    FieldKind.PHONE: ids.normalise_phone,
    FieldKind.EMAIL: ids.normalise_email,
    FieldKind.IMEI: ids.normalise_imei,
    FieldKind.MAC: ids.normalise_mac,
    FieldKind.DOMAIN: ids.normalise_domain,
    FieldKind.URL: ids.normalise_url,
    FieldKind.IBAN: ids.normalise_iban,
    FieldKind.BIC: ids.normalise_bic,
    FieldKind.BITCOIN: ids.normalise_bitcoin,
    FieldKind.ETHEREUM: ids.normalise_ethereum,
    FieldKind.TIMEZONE: ids.normalise_timezone,
}
# Line parsers for repeatable fields: the simple checks, plus the composite kinds' one-line forms.
LINE_PARSERS: dict[str, Callable[[str], Any]] = {
    **SIMPLE,
    FieldKind.IP_ADDRESS: ids.parse_ip_line,
    FieldKind.ACCOUNT: ids.parse_account_line,
    FieldKind.AMOUNT: ids.parse_amount_line,
    FieldKind.DATETIME_TZ: lambda v: ids.iso_utc(ids.normalise_timestamp(v)),
}


def value_as_line(kind: str, value: Any) -> str:
    """The one-line form of a stored value, as a user would type it again."""
    if kind == FieldKind.IP_ADDRESS:
        address = f"[{value['address']}]" if value["version"] == 6 else value["address"]
        port = f":{value['port']}" if value.get("port") else ""
        return f"{address}{port} {value['timestamp']}"
    if kind == FieldKind.ACCOUNT:
        return f"{value['username']} @ {value['service']}"
    if kind == FieldKind.AMOUNT:
        return f"{value['amount']} {value['currency']}"
    return str(value)


class IdentifierField(forms.CharField):
    """A one-line identifier checked and normalised by its kind's function."""

    def __init__(self, *, kind: str, **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(**kwargs)

    def clean(self, value: Any) -> Any:
        """Normalise the value, or say what is wrong with it."""
        text = super().clean(value)
        return SIMPLE[self.kind](text) if text else ""


class LinesField(forms.CharField):
    """Several identifiers of one kind, one per line; errors name the line."""

    widget = forms.Textarea(attrs={"rows": 3})

    def __init__(self, *, kind: str, **kwargs: Any) -> None:
        self.kind = kind
        super().__init__(**kwargs)

    def prepare_value(self, value: Any) -> Any:
        """Show stored values again one per line."""
        if isinstance(value, list):
            return "\n".join(value_as_line(self.kind, item) for item in value)
        return value

    def clean(self, value: Any) -> list[Any]:
        """Every non-empty line, normalised; all wrong lines are reported at once."""
        text = super().clean(value) or ""
        cleaned, errors = [], []
        for number, line in enumerate(text.splitlines(), start=1):
            if not line.strip():
                continue
            try:
                cleaned.append(LINE_PARSERS[self.kind](line.strip()))
            except ValidationError as exc:
                for message in exc.messages:
                    errors.append(_("Line %(number)s: %(message)s") % {"number": number, "message": message})
        if errors:
            raise ValidationError(errors)
        return cleaned


class _Composite(forms.MultiValueField):
    """A structured entry of several inputs that is stored as one JSON object."""

    def __init__(self, *, fields: tuple[forms.Field, ...], labels: list[Any], **kwargs: Any) -> None:
        widget = forms.MultiWidget(
            widgets=[
                f.widget.__class__(attrs={"aria-label": str(label)})
                for f, label in zip(fields, labels, strict=True)
            ]
        )
        super().__init__(fields=fields, widget=widget, require_all_fields=False, **kwargs)
        self.subfield_labels = labels

    def clean(self, value: Any) -> Any:
        """Empty composite inputs are None when optional; otherwise normalised by compress()."""
        if not value or not any(str(v or "").strip() for v in value):
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return None
        return self.compress([str(v or "").strip() for v in value])


class IpAddressField(_Composite):
    """IP address, source port and time-zoned timestamp, stored with the timestamp in UTC."""

    def __init__(self, **kwargs: Any) -> None:
        labels = [gettext_lazy("IP address"), gettext_lazy("Source port"),
                  gettext_lazy("Date and time with UTC offset or zone")]  # fmt: skip
        super().__init__(
            fields=(forms.CharField(), forms.CharField(), forms.CharField()), labels=labels, **kwargs
        )

    def compress(self, data_list: list[str]) -> dict | None:
        """The normalised identifier."""
        return ids.normalise_ip_identifier(*data_list) if data_list else None

    def prepare_value(self, value: Any) -> Any:
        """Stored dict back to the three inputs."""
        if isinstance(value, dict):
            return [value.get("address"), value.get("port") or "", value.get("timestamp")]
        return value


class DateTimeTzField(_Composite):
    """A date and time that must carry a time zone (an offset, or a zone name in the second input)."""

    def __init__(self, **kwargs: Any) -> None:
        labels = [gettext_lazy("Date and time"), gettext_lazy("Time zone (e.g. Europe/Belgrade)")]
        super().__init__(fields=(forms.CharField(), forms.CharField()), labels=labels, **kwargs)

    def compress(self, data_list: list[str]) -> str | None:
        """ISO 8601 in UTC."""
        return ids.iso_utc(ids.normalise_timestamp(data_list[0], data_list[1])) if data_list else None

    def prepare_value(self, value: Any) -> Any:
        """Stored UTC text back to the inputs."""
        return [value, ""] if isinstance(value, str) else value


class AccountField(_Composite):
    """A user name or account identifier with the service it belongs to."""

    def __init__(self, **kwargs: Any) -> None:
        labels = [gettext_lazy("User name or identifier"), gettext_lazy("Service")]
        super().__init__(fields=(forms.CharField(), forms.CharField()), labels=labels, **kwargs)

    def compress(self, data_list: list[str]) -> dict | None:
        """The normalised account."""
        return ids.normalise_account(*data_list) if data_list else None

    def prepare_value(self, value: Any) -> Any:
        """Stored dict back to the inputs."""
        return [value.get("username"), value.get("service")] if isinstance(value, dict) else value


class AmountField(_Composite):
    """A decimal amount with its currency code, kept as text so no float ever touches it."""

    def __init__(self, **kwargs: Any) -> None:
        labels = [gettext_lazy("Amount"), gettext_lazy("Currency (ISO 4217)")]
        super().__init__(fields=(forms.CharField(), forms.CharField()), labels=labels, **kwargs)

    def compress(self, data_list: list[str]) -> dict | None:
        """The normalised amount."""
        return ids.normalise_amount(data_list[0], data_list[1]) if data_list else None

    def prepare_value(self, value: Any) -> Any:
        """Stored dict back to the inputs."""
        return [value.get("amount"), value.get("currency")] if isinstance(value, dict) else value


class IsoDateField(forms.DateField):
    """A date stored as ISO text."""

    widget = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")

    def clean(self, value: Any) -> str | None:
        """The date as YYYY-MM-DD."""
        date = super().clean(value)
        return date.isoformat() if date else None


COMPOSITES: dict[str, type[forms.Field]] = {
    FieldKind.IP_ADDRESS: IpAddressField,
    FieldKind.DATETIME_TZ: DateTimeTzField,
    FieldKind.ACCOUNT: AccountField,
    FieldKind.AMOUNT: AmountField,
}

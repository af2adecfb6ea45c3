"""Labels stored as data: a JSON object of translations per UI language."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _


def ui_languages() -> list[str]:
    """The codes of every UI language (settings.LANGUAGES)."""
    return [code for code, _name in settings.LANGUAGES]


def localised(labels: dict[str, str] | None, language: str | None = None) -> str:
    """The label in the given (or active) language, falling back to English, then to any label."""
    if not labels:
        return ""
    code = (language or get_language() or "en").lower()
    for candidate in (code, code.split("-")[0], "en"):
        if labels.get(candidate):
            return labels[candidate]
    return next(iter(labels.values()), "")


def validate_labels(value: object, *, complete: bool = True) -> None:
    """Refuse labels that are not a mapping of UI language codes to text, or that miss a language."""
    if not isinstance(value, dict) or not all(isinstance(v, str) for v in value.values()):
        raise ValidationError(_("Labels must map language codes to text."))
    unknown = sorted(set(value) - set(ui_languages()))
    if unknown:
        raise ValidationError(
            _("Unknown language code in labels: %(codes)s."), params={"codes": ", ".join(unknown)}
        )
    missing = [code for code in ui_languages() if not value.get(code, "").strip()]
    if complete and missing:
        raise ValidationError(_("Labels are missing for: %(codes)s."), params={"codes": ", ".join(missing)})


def validate_complete_labels(value: object) -> None:
    """Model validator: labels in every UI language."""
    validate_labels(value, complete=True)


def validate_partial_labels(value: object) -> None:
    """Model validator: help texts may be given in some languages only (English is the fallback)."""
    if value:
        validate_labels(value, complete=False)

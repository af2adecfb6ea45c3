"""Form widgets (and a form mixin) rendered in Python where Django's template per option, widget and
field was most of a list page's time. Each renders the same HTML as Django's own."""

from __future__ import annotations

import html
from typing import Any

from django import forms
from django.utils.functional import Promise
from django.utils.html import conditional_escape, format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

# Django's own translatable set of punctuation that stops the label suffix (BoundField.label_tag);
# passed through a name so that it stays Django's message, not one of this project's catalogues.
_LABEL_PUNCTUATION = ":?.!"


def attributes(attrs: dict[str, Any]) -> SafeString:
    """HTML attributes in their given order, as Django's attrs.html writes them (flatatt sorts them)."""
    return format_html_join(
        "",
        "{}",
        (
            (format_html(" {}", name) if value is True else format_html(' {}="{}"', name, value),)
            for name, value in attrs.items()
            if value is not False
        ),
    )


def _escape(value: Any) -> str:
    """conditional_escape without its wrapper for lazy strings: a hundred options per select."""
    if isinstance(value, Promise):
        value = str(value)
    return value.__html__() if hasattr(value, "__html__") else html.escape(str(value))


class FastSelect(forms.Select):
    """A <select> that renders its options in Python: list filters offer a hundred options, and
    Django's template per option was most of the list pages' time. Same HTML as forms.Select."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        """The select element with its options (option groups and multiple choice: Django's way)."""
        if self.allow_multiple_selected:
            return super().render(name, value, attrs, renderer)
        chosen = self.format_value(value)
        options: list[str] = []
        has_selected = False
        for option_value, label in self.choices:
            if isinstance(label, (list, tuple)):  # an option group
                return super().render(name, value, attrs, renderer)
            option_value = "" if option_value is None else str(option_value)
            selected = not has_selected and option_value in chosen
            has_selected |= selected
            shown = " selected" if selected else ""
            options.append(f'<option value="{_escape(option_value)}"{shown}>{_escape(label)}</option>')
        # every option above is escaped
        html = mark_safe("".join(options))  # noqa: S308
        return format_html(
            '<select name="{}"{}>{}</select>', name, attributes(self.build_attrs(self.attrs, attrs)), html
        )


class FastCheckbox(forms.CheckboxInput):
    """A checkbox rendered in Python; the same HTML as forms.CheckboxInput."""

    def render(
        self, name: str, value: Any, attrs: dict[str, Any] | None = None, renderer: Any = None
    ) -> SafeString:
        """The input element, checked when the value passes the check test."""
        final = self.build_attrs(self.attrs, attrs)
        if self.check_test(value):
            final["checked"] = True
        shown = self.format_value(value)
        value_attr = format_html(' value="{}"', shown) if shown is not None else ""
        return format_html('<input type="checkbox" name="{}"{}{}>', name, value_attr, attributes(final))


class FastDivForm(forms.Form):
    """A form whose as_div renders in Python when every field uses a fast widget (the HTML of Django's
    div.html and field.html); any other form, or one with hidden fields, renders Django's way."""

    def as_div(self) -> SafeString:
        """The fields, each in a <div> with its label, help text, errors and widget."""
        bound = [self[name] for name in self.fields]
        if not bound or any(
            b.is_hidden or not isinstance(b.field.widget, (FastSelect, FastCheckbox)) for b in bound
        ):
            return super().as_div()
        top = self.non_field_errors()
        parts = [str(top) if top else "", "\n\n"]
        for field in bound:
            classes = field.css_classes()
            css = format_html(' class="{}"', classes) if classes else ""
            parts.append(format_html("\n  <div{}>\n    ", css))
            parts.append(_field_group(field))
            parts.append("\n    \n</div>\n" if field is not bound[-1] else "\n    \n      \n    \n</div>\n")
        # Django's template renderer strips what a form or field template renders.
        return mark_safe("".join(parts).strip())  # noqa: S308 - every part is escaped or Django's HTML


def _field_group(field: forms.BoundField) -> str:
    """Django's field.html for a field without a fieldset."""
    label = ""
    if field.label:
        contents = conditional_escape(field.label)
        suffix = field.field.label_suffix if field.field.label_suffix is not None else field.form.label_suffix
        if suffix and contents and contents[-1] not in gettext(_LABEL_PUNCTUATION):
            contents = format_html("{}{}", contents, suffix)
        label = _label_tag(field, contents)
    help_text = ""
    if field.help_text:
        help_id = format_html(' id="{}_helptext"', field.auto_id) if field.auto_id else ""
        # Django's field.html marks help text safe too: it is the form author's HTML, not input.
        trusted = mark_safe(str(field.help_text))  # noqa: S308
        help_text = format_html('<div class="helptext"{}>{}</div>', help_id, trusted)
    errors = str(field.errors) if field.errors else ""
    return f"{label}\n\n{help_text}\n{errors}\n{field.as_widget()}".strip()


def _label_tag(field: forms.BoundField, contents: str) -> str:
    """Django's label.html: a <label for=...> when the field has an id, else the bare contents."""
    id_ = field.field.widget.attrs.get("id") or field.auto_id
    if not id_:
        return contents
    attrs: dict[str, Any] = {}
    id_for_label = field.field.widget.id_for_label(id_)
    if id_for_label:
        attrs["for"] = id_for_label
    if field.field.required and hasattr(field.form, "required_css_class"):
        attrs["class"] = field.form.required_css_class
    return format_html("<label{}>{}</label>", attributes(attrs), contents)

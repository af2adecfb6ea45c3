"""FastSelect renders what Django's Select renders."""

from django import forms
from django.test import SimpleTestCase

from iproceeds.core.widgets import FastCheckbox, FastDivForm, FastSelect

CHOICES = [("", "All"), ("a", "Alpha & Co"), ("b", "<Beta>"), ("c", "Čačak")]


def test_fast_select_renders_the_same_html_as_djangos_select():
    # given the same choices, name, value and attributes
    attrs = {"id": "id_kind", "class": "filter"}
    # when both widgets render with one option selected
    fast = FastSelect(choices=CHOICES).render("kind", "b", attrs)
    django = forms.Select(choices=CHOICES).render("kind", "b", attrs)
    # then the HTML is equal (escaping and the selected option included)
    SimpleTestCase().assertHTMLEqual(fast, django)
    assert "&lt;Beta&gt;" in fast
    assert 'value="b" selected' in fast


def test_fast_select_without_a_value_selects_the_empty_choice():
    fast = FastSelect(choices=CHOICES).render("kind", None, {"id": "id_kind"})
    SimpleTestCase().assertHTMLEqual(
        fast, forms.Select(choices=CHOICES).render("kind", None, {"id": "id_kind"})
    )


def test_fast_checkbox_renders_the_same_html_as_djangos_checkbox():
    # given a checkbox unchecked, checked, and with a value of its own
    for value in (None, False, True, "on", "yes-please"):
        attrs = {"id": "id_flag", "aria-describedby": "id_flag_helptext"}
        # when both widgets render it, then the HTML is the same, character for character
        fast = FastCheckbox().render("flag", value, attrs)
        assert fast == forms.CheckboxInput().render("flag", value, attrs)


class _Filters(FastDivForm):
    required_css_class = "required"
    error_css_class = "has-error"

    kind = forms.ChoiceField(choices=CHOICES, required=False, widget=FastSelect, help_text="Pick <one>.")
    size = forms.ChoiceField(label="Which size?", choices=[("s", "S"), ("m", "M")], widget=FastSelect)
    flag = forms.BooleanField(label="Only mine", required=False, widget=FastCheckbox)
    unlabelled = forms.BooleanField(label="", required=False, widget=FastCheckbox)

    def clean(self):
        if self.cleaned_data.get("kind") == "c":
            raise forms.ValidationError("Čačak & <friends> are not allowed together.")
        return self.cleaned_data


def _same_as_django(form):
    return form.as_div() == forms.Form.as_div(form)


def test_fast_div_form_renders_django_div_html_unbound_bound_and_with_errors():
    # given the form unbound, bound and valid, bound with a field error, and with a form-wide error
    cases = [
        _Filters(),
        _Filters({"kind": "b", "size": "m", "flag": "on"}),
        _Filters({"kind": "zz", "flag": "on"}),
        _Filters({"kind": "c", "size": "s"}),
    ]
    for form in cases[1:]:
        form.is_valid()
    # then each renders exactly Django's own as_div (labels, suffixes, help, errors, CSS classes)
    assert [_same_as_django(form) for form in cases] == [True, True, True, True]
    assert "Pick &lt;one&gt;." not in cases[0].as_div()  # help text is trusted HTML, as in Django
    assert 'class="errorlist nonfield"' in cases[3].as_div()


def test_fast_div_form_with_another_widget_renders_djangos_way():
    class Mixed(_Filters):
        note = forms.CharField(required=False)

    form = Mixed({"kind": "a", "size": "s", "note": "x"})
    form.is_valid()
    assert _same_as_django(form)

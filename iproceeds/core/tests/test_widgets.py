"""FastSelect renders what Django's Select renders."""

from django import forms
from django.test import SimpleTestCase

from iproceeds.core.widgets import FastSelect

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

"""Forms of the accounts app: sign-in, second factors, profile and user administration."""

from __future__ import annotations

import zoneinfo
from typing import TYPE_CHECKING, Any

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _

from iproceeds.accounts.models import User
from iproceeds.accounts.permissions import assignable_roles
from iproceeds.accounts.selectors import authorities_for_invitation
from iproceeds.directory.models import Authority

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


class SignInForm(forms.Form):
    """Username or e-mail address, and password."""

    identifier = forms.CharField(
        label=_("Username or e-mail address"),
        max_length=254,
        widget=forms.TextInput(attrs={"autocomplete": "username", "autofocus": True}),
    )
    password = forms.CharField(
        label=_("Password"),
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "current-password"}),
    )


class CodeForm(forms.Form):
    """A code from an authenticator app, or a recovery code."""

    def __init__(self, *args: Any, help_text: StrOrPromise = "", **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["code"].help_text = help_text

    code = forms.CharField(
        label=_("Code"),
        max_length=20,
        widget=forms.TextInput(
            attrs={
                "autocomplete": "one-time-code",
                "inputmode": "text",
                "autofocus": True,
                "spellcheck": "false",
            }
        ),
    )


def timezone_choices() -> list[tuple[str, str]]:
    """Every IANA zone name, sorted; the same list the model validator accepts."""
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class ProfileForm(forms.Form):
    """A user's own name, language and time zone."""

    first_name = forms.CharField(label=_("First name"), max_length=150, required=False)
    last_name = forms.CharField(label=_("Last name"), max_length=150, required=False)
    language = forms.ChoiceField(label=_("Language"), choices=settings.LANGUAGES)
    timezone = forms.ChoiceField(label=_("Time zone"), choices=timezone_choices)


class InviteForm(forms.Form):
    """A new colleague: who they are, which organisation, which role."""

    username = forms.CharField(label=_("Username"), max_length=150)
    email = forms.EmailField(label=_("E-mail address"))
    first_name = forms.CharField(label=_("First name"), max_length=150)
    last_name = forms.CharField(label=_("Last name"), max_length=150)
    authority: forms.ModelChoiceField[Authority] = forms.ModelChoiceField(
        label=_("Organisation"), queryset=Authority.objects.none()
    )
    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        authority_field = self.fields["authority"]
        assert isinstance(authority_field, forms.ModelChoiceField)
        authority_field.queryset = authorities_for_invitation(actor=actor)
        if not actor.is_secretariat:
            authority_field.initial = actor.authority_id
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(r.value, r.label) for r in assignable_roles(actor)]


class RoleForm(forms.Form):
    """The role to give a user."""

    role = forms.ChoiceField(label=_("Role"))

    def __init__(self, *args: Any, actor: User, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        role_field = self.fields["role"]
        assert isinstance(role_field, forms.ChoiceField)
        role_field.choices = [(r.value, r.label) for r in assignable_roles(actor)]

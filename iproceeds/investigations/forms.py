"""Forms of the case pages: they parse input; the services decide and store."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iproceeds.accounts.models import User
from iproceeds.investigations.choices import (
    AssetKind,
    CaseRole,
    Chain,
    OffenceType,
    StatementFormat,
    SubjectKind,
    SubjectRole,
)
from iproceeds.investigations.models import InvestigationCase
from iproceeds.investigations.validators import ISO_CURRENCIES

CURRENCY_CHOICES = [("", "---------")] + [(code, code) for code in ISO_CURRENCIES]


class CaseForm(forms.Form):
    """Open a financial investigation case."""

    reference = forms.RegexField(
        label=_("Reference"),
        max_length=60,
        regex=r"^[A-Za-z0-9][A-Za-z0-9._-]*$",
        error_messages={"invalid": _("Use letters, digits, dots, hyphens and underscores only.")},
    )
    title = forms.CharField(label=_("Title"), max_length=200)
    criminal_case_numbers = forms.CharField(
        label=_("Linked criminal case numbers"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("One number per line."),
    )
    offence_types = forms.MultipleChoiceField(
        label=_("Offence types"), choices=OffenceType.choices, widget=forms.CheckboxSelectMultiple
    )
    parallel_cybercrime = forms.BooleanField(
        label=_("Parallel financial investigation of a cybercrime case"), required=False
    )

    def clean_criminal_case_numbers(self) -> list[str]:
        """One case number per non-empty line."""
        text = self.cleaned_data["criminal_case_numbers"]
        return [line.strip() for line in text.splitlines() if line.strip()]


class VictimForm(forms.Form):
    """Add a victim and the money they lost."""

    name = forms.CharField(label=_("Name"), max_length=200)
    kind = forms.ChoiceField(label=_("Kind"), choices=SubjectKind.choices)
    amount = forms.DecimalField(label=_("Money lost"), min_value=0, max_digits=18)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)
    account_identifier = forms.CharField(
        label=_("Victim's account (IBAN or wallet)"), max_length=120, required=False
    )
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class SubjectForm(forms.Form):
    """Add a person or company of interest."""

    kind = forms.ChoiceField(label=_("Kind"), choices=SubjectKind.choices)
    role = forms.ChoiceField(label=_("Role in the case"), choices=SubjectRole.choices)
    name = forms.CharField(label=_("Name"), max_length=200)
    identifier = forms.CharField(label=_("Identity or registration number"), max_length=100, required=False)
    country = forms.CharField(label=_("Country (ISO 3166 code)"), max_length=2, required=False)
    notes = forms.CharField(label=_("Notes"), required=False, widget=forms.Textarea(attrs={"rows": 2}))


class _CaseBound(forms.Form):
    """A form whose holder/owner choices are the subjects of one case."""

    subject_field = "holder"

    def __init__(self, *args: Any, case: InvestigationCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields[self.subject_field] = forms.ModelChoiceField(
            label=_("Owner") if self.subject_field == "owner" else _("Holder"),
            queryset=case.subjects.all(),
            required=False,
        )


class BankAccountForm(_CaseBound):
    """Add a bank account."""

    iban = forms.CharField(label=_("IBAN"), max_length=42)
    bic = forms.CharField(label=_("BIC"), max_length=11, required=False)
    bank_name = forms.CharField(label=_("Bank"), max_length=200, required=False)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)


class WalletForm(_CaseBound):
    """Add a crypto wallet."""

    chain = forms.ChoiceField(label=_("Blockchain"), choices=Chain.choices)
    address = forms.CharField(label=_("Address"), max_length=120)
    service = forms.CharField(label=_("Custodian or exchange"), max_length=200, required=False)


class AssetForm(_CaseBound):
    """Add an asset with its estimated value."""

    subject_field = "owner"
    kind = forms.ChoiceField(label=_("Kind"), choices=AssetKind.choices)
    description = forms.CharField(label=_("Description"), max_length=300)
    amount = forms.DecimalField(label=_("Estimated value"), min_value=0, max_digits=18)
    currency = forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES)


class MemberForm(forms.Form):
    """Put a user of the case's authority on its team."""

    role = forms.ChoiceField(label=_("Role on the case"), choices=CaseRole.choices)

    def __init__(self, *args: Any, case: InvestigationCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        candidates = User.objects.filter(authority_id=case.authority_id, is_active=True).exclude(
            case_memberships__case=case
        )
        self.fields["user"] = forms.ModelChoiceField(
            label=_("User"), queryset=candidates.order_by("username")
        )
        self.order_fields(["user", "role"])


class StatementForm(forms.Form):
    """Upload a statement for a preview; a CSV export needs its column mapping (TOML)."""

    file = forms.FileField(label=_("Statement file"))
    format = forms.ChoiceField(label=_("Format"), choices=StatementFormat.choices)
    bank = forms.CharField(
        label=_("Bank"),
        max_length=200,
        required=False,
        help_text=_("For a CSV export: the bank's saved column mapping is offered on the next page."),
        widget=forms.TextInput(attrs={"list": "saved-banks", "autocomplete": "off"}),
    )
    mapping = forms.CharField(
        label=_("Column mapping (TOML, for CSV exports)"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 8, "spellcheck": "false"}),
        help_text=_(
            "Optional: the same keys as moneytrace's mapping files (account, currency, delimiter, "
            "[columns] ...). Leave it empty to choose the columns on the next page."
        ),
    )

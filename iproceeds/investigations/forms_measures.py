"""Forms of the measures, restitution and exchange-rate pages: they parse input, the services decide."""

from __future__ import annotations

from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from iproceeds.investigations.choices import DisposalKind, MeasureStage
from iproceeds.investigations.forms import CURRENCY_CHOICES
from iproceeds.investigations.models import InvestigationCase

DATE = forms.DateInput(attrs={"type": "date"})


def _amount(label: Any) -> forms.DecimalField:
    return forms.DecimalField(label=label, max_digits=18, required=False)


def _currency() -> forms.ChoiceField:
    return forms.ChoiceField(label=_("Currency"), choices=CURRENCY_CHOICES, required=False)


class _OnMeasure(forms.Form):
    """A step on one measure of the case."""

    def __init__(self, *args: Any, case: InvestigationCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["measure"] = forms.ModelChoiceField(label=_("Measure"), queryset=case.measures.all())
        self.order_fields(["measure"])


class IdentifyForm(forms.Form):
    """Record an account, wallet or asset of the case as identified proceeds."""

    def __init__(self, *args: Any, case: InvestigationCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.targets = {
            **{f"account-{a.pk}": a for a in case.bank_accounts.all()},
            **{f"wallet-{w.pk}": w for w in case.wallets.all()},
            **{f"asset-{a.pk}": a for a in case.assets.all()},
        }
        choices = [(key, str(obj)) for key, obj in self.targets.items()]
        self.fields["target"] = forms.ChoiceField(label=_("Account, wallet or asset"), choices=choices)
        self.fields["amount"] = _amount(_("Amount identified"))
        self.fields["currency"] = _currency()

    def clean_target(self) -> Any:
        """The chosen object itself."""
        return self.targets[self.cleaned_data["target"]]


class RestrainForm(_OnMeasure):
    """Freeze or seize, under an order."""

    kind = forms.ChoiceField(
        label=_("Measure"), choices=[(MeasureStage.FROZEN, _("Frozen")), (MeasureStage.SEIZED, _("Seized"))]
    )
    amount = _amount(_("Amount frozen or seized"))
    currency = _currency()
    legal_basis = forms.CharField(label=_("Legal basis"), max_length=300, required=False)
    order_reference = forms.CharField(label=_("Order reference"), max_length=120, required=False)
    order_authority = forms.CharField(label=_("Ordering authority"), max_length=200, required=False)
    restrained_on = forms.DateField(label=_("Order dated"), required=False, widget=DATE)
    expires_on = forms.DateField(label=_("Order expires on"), required=False, widget=DATE)


class RenewForm(_OnMeasure):
    """Extend a freezing or seizure order."""

    expires_on = forms.DateField(label=_("New expiry date"), required=False, widget=DATE)
    order_reference = forms.CharField(label=_("Renewing order reference"), max_length=120, required=False)


class ConfiscateForm(_OnMeasure):
    """Confiscate, with the order and its dates."""

    amount = _amount(_("Amount confiscated"))
    currency = _currency()
    confiscation_order = forms.CharField(label=_("Confiscation order"), max_length=120, required=False)
    enforceable_on = forms.DateField(label=_("Enforceable since"), required=False, widget=DATE)
    enforcement_decided_on = forms.DateField(
        label=_("Decision to enforce dated"),
        required=False,
        widget=DATE,
        help_text=_("The EUR value is taken at this date's rate (ETS 198 Art 24(4))."),
    )


class DisposeForm(_OnMeasure):
    """Dispose of confiscated property."""

    disposal_kind = forms.ChoiceField(label=_("Disposed of"), choices=DisposalKind.choices)
    amount = _amount(_("Amount disposed of"))
    currency = _currency()
    disposed_on = forms.DateField(label=_("Date"), required=False, widget=DATE)
    disposal_note = forms.CharField(label=_("Note"), max_length=300, required=False)


class RestitutionForm(forms.Form):
    """Distribute recovered money to the victims."""

    def __init__(self, *args: Any, case: InvestigationCase, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["amount"] = _amount(_("Amount to distribute"))
        self.fields["currency"] = _currency()
        self.fields["decided_on"] = forms.DateField(label=_("Decided on"), required=False, widget=DATE)
        self.fields["trace"] = forms.ModelChoiceField(
            label=_("Trace whose losses are the basis"),
            queryset=case.traces.all(),
            required=False,
            empty_label=_("None: the victims' declared losses"),
        )


class RatesForm(forms.Form):
    """Upload a CSV of exchange rates."""

    file = forms.FileField(label=_("Rates file (CSV: date,currency,rate_per_eur)"))

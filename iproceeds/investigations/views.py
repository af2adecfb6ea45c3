"""Case pages (thin: access helpers, forms, one service call, render)."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_otp.decorators import otp_required

from iproceeds.investigations import forms, selectors, services
from iproceeds.investigations.figures import case_figures
from iproceeds.investigations.models import InvestigationCase
from iproceeds.investigations.permissions import can_assign_members, can_create_case, can_edit_case
from iproceeds.investigations.rates import can_load_rates

# Each section page lists rows of the case and offers one or two add forms bound to a service.
SECTIONS: dict[str, dict[str, Any]] = {
    "victims": {"forms": {"victim": (forms.VictimForm, services.victim_add)}},
    "subjects": {"forms": {"subject": (forms.SubjectForm, services.subject_add)}},
    "accounts": {
        "forms": {
            "bank_account": (forms.BankAccountForm, services.bank_account_add),
            "wallet": (forms.WalletForm, services.wallet_add),
        }
    },
    "assets": {"forms": {"asset": (forms.AssetForm, services.asset_add)}},
}
CASE_BOUND = (forms.BankAccountForm, forms.WalletForm, forms.AssetForm)


def _route_errors(form: Form, exc: ValidationError) -> None:
    """Put a service refusal on the field it names, or on the form as a whole."""
    if not hasattr(exc, "error_dict"):
        form.add_error(None, exc)
        return
    for name, errors in exc.error_dict.items():
        form.add_error(name if name in form.fields else None, errors)


def _call(form: Form, service: Any, **arguments: Any) -> Any:
    """Run a service with the form's data; None (errors on the form) when refused."""
    if not form.is_valid():
        return None
    try:
        return service(**arguments, **form.cleaned_data)
    except ValidationError as exc:
        _route_errors(form, exc)
        return None


@otp_required
def case_list(request: HttpRequest) -> HttpResponse:
    """The user's cases, and for a supervisor the cases whose teams they assign."""
    context = {
        "cases": selectors.cases_for_user(user=request.user),
        "to_staff": selectors.cases_to_staff(user=request.user),
        "can_create": can_create_case(request.user),
        "can_load_rates": can_load_rates(request.user),
    }
    return render(request, "investigations/case_list.html", context)


@otp_required
def case_create(request: HttpRequest) -> HttpResponse:
    """Open a case; the creator becomes its lead investigator."""
    if not can_create_case(request.user):
        raise PermissionDenied
    form = forms.CaseForm(request.POST or None)
    if request.method == "POST":
        case = _call(form, services.case_create, actor=request.user)
        if case is not None:
            messages.success(request, _("Case opened."))
            return redirect("investigations:detail", reference=case.reference)
    return render(request, "investigations/case_form.html", {"form": form})


@otp_required
def case_detail(request: HttpRequest, reference: str) -> HttpResponse:
    """The case overview: money lost per victim and in total, and what the case holds."""
    case = selectors.get_case_for_user(reference=reference, user=request.user)
    context = {
        "case": case,
        "victims": case.victims.all(),
        "totals": selectors.losses_by_currency(case=case),
        "members": case.members.select_related("user"),
        "offences": selectors.offence_labels(case=case),
        "figures": case_figures(case=case),
    }
    return render(request, "investigations/case_detail.html", context)


def _section_forms(case: InvestigationCase, section: str, data: Any, posted: str | None) -> dict[str, Form]:
    """The add forms of a section, the posted one bound to the data."""
    built = {}
    for name, (form_class, _service) in SECTIONS[section]["forms"].items():
        bound = data if name == posted else None
        kwargs = {"case": case} if issubclass(form_class, CASE_BOUND) else {}
        built[name] = form_class(bound, prefix=name, **kwargs)
    return built


@otp_required
def case_section(request: HttpRequest, reference: str, section: str) -> HttpResponse:
    """Victims, persons and companies, accounts and wallets, or assets of a case, with add forms."""
    if section not in SECTIONS:
        raise Http404
    case = selectors.get_case_for_user(reference=reference, user=request.user, audit=request.method == "GET")
    posted = request.POST.get("form") if request.method == "POST" else None
    built = _section_forms(case, section, request.POST, posted)
    if posted is not None:
        if posted not in built or not can_edit_case(case, request.user):
            raise PermissionDenied
        service = SECTIONS[section]["forms"][posted][1]
        if _call(built[posted], service, case=case, actor=request.user) is not None:
            messages.success(request, _("Added to the case."))
            return redirect("investigations:section", reference=case.reference, section=section)
    context = {
        "case": case,
        "section": section,
        "forms": built,
        "can_edit": can_edit_case(case, request.user),
    }
    return render(request, f"investigations/section_{section}.html", context)


@otp_required
def case_team(request: HttpRequest, reference: str) -> HttpResponse:
    """The case team; the supervisor of the owning authority adds and removes members."""
    case = selectors.get_case_team_for_user(reference=reference, user=request.user)
    form = forms.MemberForm(request.POST or None, case=case)
    if request.method == "POST":
        if not can_assign_members(case, request.user):
            raise PermissionDenied
        if "remove" in request.POST:
            return _remove_member(request, case)
        if _call(form, services.member_add, case=case, actor=request.user) is not None:
            messages.success(request, _("Member added."))
            return redirect("investigations:team", reference=case.reference)
    context = {
        "case": case,
        "form": form,
        "members": case.members.select_related("user"),
        "can_assign": can_assign_members(case, request.user),
    }
    return render(request, "investigations/case_team.html", context)


def _remove_member(request: HttpRequest, case: InvestigationCase) -> HttpResponse:
    """Take one member off the team, or say why not."""
    member_id = request.POST.get("remove", "")
    member = case.members.filter(pk=int(member_id)).first() if member_id.isdigit() else None
    if member is None:
        raise Http404
    try:
        services.member_remove(member=member, actor=request.user)
        messages.success(request, _("Member removed."))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    return redirect("investigations:team", reference=case.reference)

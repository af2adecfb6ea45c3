"""Statement pages: upload, preview with the validation report, then import (thin)."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_otp.decorators import otp_required

from iproceeds.investigations import selectors, statements
from iproceeds.investigations.forms import StatementForm
from iproceeds.investigations.permissions import can_edit_case
from iproceeds.investigations.views import _route_errors

PENDING = "investigations.pending_statement"


def _arguments(form: StatementForm) -> dict[str, Any]:
    """The service's arguments from a valid upload form (the mapping parsed from TOML)."""
    text = form.cleaned_data["mapping"].strip()
    upload = form.cleaned_data["file"]
    return {
        "data": upload.read(),
        "file_name": upload.name,
        "format": form.cleaned_data["format"],
        "mapping": statements.parse_mapping(text) if text else None,
    }


@otp_required
def statement_list(request: HttpRequest, reference: str) -> HttpResponse:
    """The case's imported statements and transactions, and the upload form."""
    case = selectors.get_case_for_user(reference=reference, user=request.user)
    context = _context(case, request, StatementForm())
    return render(request, "investigations/statements.html", context)


def _context(case: Any, request: HttpRequest, form: StatementForm, preview: Any = None) -> dict[str, Any]:
    return {
        "case": case,
        "form": form,
        "preview": preview,
        "can_edit": can_edit_case(case, request.user),
        "statements": case.statements.select_related("imported_by"),
        "transactions": case.transactions.all()[:500],
    }


@otp_required
def statement_preview(request: HttpRequest, reference: str) -> HttpResponse:
    """Read an uploaded statement and show its report; nothing is stored yet."""
    case = selectors.get_case_for_user(reference=reference, user=request.user, audit=False)
    if request.method != "POST" or not can_edit_case(case, request.user):
        raise PermissionDenied
    form = StatementForm(request.POST, request.FILES)
    preview = None
    if form.is_valid():
        try:
            arguments = _arguments(form)
            preview = statements.statement_preview(case=case, actor=request.user, **arguments)
        except ValidationError as exc:
            _route_errors(form, exc)
        else:
            # The file waits in the session until the officer confirms (it is at most 2 MB).
            pending = arguments | {
                "data": base64.b64encode(arguments["data"]).decode(),
                "sha256": preview.sha256,
            }
            request.session[PENDING] = {"case": case.pk} | pending
    return render(request, "investigations/statements.html", _context(case, request, form, preview))


@otp_required
def statement_import(request: HttpRequest, reference: str) -> HttpResponse:
    """Store the previewed statement, if the officer confirms the same file."""
    case = selectors.get_case_for_user(reference=reference, user=request.user, audit=False)
    pending = request.session.get(PENDING) or {}
    if (
        request.method != "POST"
        or pending.get("case") != case.pk
        or pending.get("sha256") != request.POST.get("sha256")
    ):
        messages.error(request, _("Upload the statement again: the preview is no longer available."))
        return redirect("investigations:statements", reference=case.reference)
    arguments = {k: pending[k] for k in ("file_name", "format", "mapping")}
    try:
        statement = statements.statement_import(
            case=case, actor=request.user, data=base64.b64decode(pending["data"]), **arguments
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        count = statement.transactions_added
        messages.success(request, _("Statement imported: %(count)s transactions added.") % {"count": count})
    request.session.pop(PENDING, None)
    return redirect("investigations:statements", reference=case.reference)

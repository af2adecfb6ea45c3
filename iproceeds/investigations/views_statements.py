"""Statement pages: upload, map an unknown CSV's columns, preview the report, import in the background."""

from __future__ import annotations

import base64
from typing import Any

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django_otp.decorators import otp_required

from iproceeds.investigations import mapping, selectors, statements
from iproceeds.investigations.forms import StatementForm
from iproceeds.investigations.models import ImportJob, InvestigationCase
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


def _editable_case(request: HttpRequest, reference: str) -> InvestigationCase:
    """A case the user may change; a non-member gets the same 404, a reader is refused."""
    case = selectors.get_case_for_user(reference=reference, user=request.user, audit=False)
    if not can_edit_case(case, request.user):
        raise PermissionDenied
    return case


@otp_required
def statement_list(request: HttpRequest, reference: str) -> HttpResponse:
    """The case's imported statements, imports in progress and transactions, and the upload form."""
    case = selectors.get_case_for_user(reference=reference, user=request.user)
    context = _context(case, request, StatementForm())
    return render(request, "investigations/statements.html", context)


def _context(case: Any, request: HttpRequest, form: StatementForm, preview: Any = None) -> dict[str, Any]:
    return {
        "case": case,
        "form": form,
        "preview": preview,
        "can_edit": can_edit_case(case, request.user),
        "banks": mapping.bank_names(actor=request.user),
        "jobs": ImportJob.objects.filter(case=case).select_related("created_by")[:20],
        "statements": case.statements.select_related("imported_by"),
        "transactions": case.transactions.all()[:500],
    }


def _keep(request: HttpRequest, case: InvestigationCase, arguments: dict[str, Any], **extra: Any) -> None:
    """The file waits in the session until the officer confirms (it is at most 2 MB)."""
    pending = arguments | {"data": base64.b64encode(arguments["data"]).decode()} | extra
    request.session[PENDING] = {"case": case.pk} | pending


def _pending(request: HttpRequest, case: InvestigationCase) -> dict[str, Any] | None:
    pending = request.session.get(PENDING) or {}
    return pending if pending.get("case") == case.pk else None


@otp_required
def statement_preview(request: HttpRequest, reference: str) -> HttpResponse:
    """Read an uploaded statement and show its report (a CSV without mapping goes to the mapping page)."""
    case = _editable_case(request, reference)
    if request.method != "POST":
        raise PermissionDenied
    form = StatementForm(request.POST, request.FILES)
    preview = None
    if form.is_valid():
        bank = form.cleaned_data.get("bank", "")
        try:
            arguments = _arguments(form)
            if arguments["format"] == "csv" and arguments["mapping"] is None:
                mapping.csv_sample(arguments["data"])  # an unreadable file is refused here
                _keep(request, case, arguments, bank=bank, sha256="")
                return redirect("investigations:statement_mapping", reference=case.reference)
            preview = statements.statement_preview(case=case, actor=request.user, **arguments)
        except ValidationError as exc:
            _route_errors(form, exc)
        else:
            _keep(request, case, arguments, sha256=preview.sha256, bank="", save_mapping=False)
    return render(request, "investigations/statements.html", _context(case, request, form, preview))


@otp_required
def statement_mapping(request: HttpRequest, reference: str) -> HttpResponse:
    """Map the columns of the waiting CSV: its header and first rows, the bank's saved mapping prefilled."""
    case = _editable_case(request, reference)
    pending = _pending(request, case)
    if pending is None:
        messages.error(request, _("Upload the statement again: the preview is no longer available."))
        return redirect("investigations:statements", reference=case.reference)
    data = base64.b64decode(pending["data"])
    bank = request.POST.get("bank", pending.get("bank", "")) if request.method == "POST" else pending["bank"]
    saved = mapping.bank_mapping_for(actor=request.user, bank_name=bank) if bank else None
    try:
        sample = mapping.csv_sample(
            data,
            delimiter=request.POST.get("delimiter") or (saved or {}).get("delimiter", ""),
            encoding=request.POST.get("encoding") or (saved or {}).get("encoding", "utf-8-sig"),
        )
    except ValidationError:
        sample = mapping.csv_sample(data)
    initial = mapping.initial_from(saved or pending.get("mapping"), sample=sample, bank=bank)
    if bank and "account" not in initial:  # the case's one account at that bank is the likely one
        ibans = list(case.bank_accounts.filter(bank_name=bank).values_list("iban", flat=True)[:2])
        initial |= {"account": ibans[0]} if len(ibans) == 1 else {}
    form = mapping.MappingForm(request.POST or None, header=sample.header, initial=initial)
    preview = None
    if request.method == "POST" and form.is_valid():
        arguments = {k: pending[k] for k in ("file_name", "format")} | {"mapping": form.to_mapping()}
        try:
            preview = statements.statement_preview(case=case, actor=request.user, data=data, **arguments)
        except ValidationError as exc:
            _route_errors(form, exc)
        else:
            extra = {"bank": form.cleaned_data["bank"], "save_mapping": form.cleaned_data["save_for_bank"]}
            _keep(request, case, arguments | {"data": data}, sha256=preview.sha256, **extra)
    context = {"case": case, "form": form, "sample": sample, "preview": preview, "saved": saved}
    context |= {"file_name": pending["file_name"], "banks": mapping.bank_names(actor=request.user)}
    return render(request, "investigations/statement_mapping.html", context)


@otp_required
def statement_import(request: HttpRequest, reference: str) -> HttpResponse:
    """Queue the previewed statement for import in the background, if the officer confirms the same file."""
    case = _editable_case(request, reference)
    pending = _pending(request, case) or {}
    if (
        request.method != "POST"
        or not pending.get("sha256")
        or pending["sha256"] != request.POST.get("sha256")
    ):
        messages.error(request, _("Upload the statement again: the preview is no longer available."))
        return redirect("investigations:statements", reference=case.reference)
    arguments = {k: pending[k] for k in ("file_name", "format", "mapping")}
    try:
        job = statements.import_job_create(
            case=case,
            actor=request.user,
            data=base64.b64decode(pending["data"]),
            bank_name=pending.get("bank", ""),
            save_mapping=bool(pending.get("save_mapping")),
            **arguments,
        )
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
        return redirect("investigations:statements", reference=case.reference)
    finally:
        request.session.pop(PENDING, None)
    return redirect("investigations:import_job", reference=case.reference, pk=job.pk)


@otp_required
def import_job_detail(request: HttpRequest, reference: str, pk: int) -> HttpResponse:
    """An import's progress; htmx polls the fragment until the job is done or failed."""
    polled = request.headers.get("HX-Request") == "true"
    case = selectors.get_case_for_user(reference=reference, user=request.user, audit=not polled)
    job = ImportJob.objects.select_related("statement", "created_by").filter(case=case, pk=pk).first()
    if job is None:
        raise Http404
    active = job.status in (ImportJob.Status.QUEUED, ImportJob.Status.RUNNING)
    context = {"case": case, "job": job, "active": active}
    if polled:
        # htmx stops polling on status 286: the finished fragment replaces the polling one.
        response = render(request, "investigations/_import_job.html", context)
        response.status_code = 200 if active else 286
        return response
    return render(request, "investigations/import_job.html", context)

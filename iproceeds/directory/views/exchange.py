"""Import and export pages: CSV, XLSX and vCard."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone

from iproceeds.audit import services as audit
from iproceeds.directory import exchange, selectors
from iproceeds.directory.forms import ImportForm
from iproceeds.directory.models import Authority, Contact
from iproceeds.directory.services.imports import RowError, directory_import

CONTENT_TYPES = {
    "csv": "text/csv; charset=utf-8",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "vcf": "text/vcard; charset=utf-8",
}


def _scoped(request: HttpRequest, what: str) -> tuple[list[Authority] | list[Contact], str]:
    code = request.GET.get("party", "")
    party = selectors.get_party_for_user(user=request.user, code=code) if code else None
    if what == "authorities":
        authorities = Authority.objects.select_related("party")
        return list(authorities.filter(party=party) if party else authorities), code
    contacts = Contact.objects.filter(is_active=True).select_related("authority__party")
    return list(contacts.filter(authority__party=party) if party else contacts), code


def _body(fmt: str, what: str, entries: list[Authority] | list[Contact]) -> bytes:
    if fmt == "vcf":
        return exchange.to_vcard(entries).encode("utf-8")  # type: ignore[arg-type]
    row = exchange.authority_row if what == "authorities" else exchange.contact_row
    rows = [row(e) for e in entries]  # type: ignore[arg-type]
    header = exchange.COLUMNS[what]
    return exchange.to_csv(header, rows) if fmt == "csv" else exchange.to_xlsx(header, rows, what)


@login_required
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """Download contacts (or ?what=authorities) as CSV, XLSX or vCard; the download is audited."""
    what = "contacts" if fmt == "vcf" else request.GET.get("what", "contacts")
    if fmt not in CONTENT_TYPES or what not in exchange.COLUMNS:
        raise Http404
    entries, code = _scoped(request, what)
    audit.record(
        action="directory.export.downloaded",
        actor=request.user,
        target_label=what,
        after={"format": fmt, "what": what, "party": code, "rows": len(entries)},
    )
    response = HttpResponse(_body(fmt, what, entries), content_type=CONTENT_TYPES[fmt])
    stamp = timezone.now().strftime("%Y%m%d")
    response["Content-Disposition"] = f'attachment; filename="directory-{what}-{code or "all"}-{stamp}.{fmt}"'
    return response


@login_required
def contact_vcard(request: HttpRequest, pk: int) -> HttpResponse:
    """One contact as a vCard."""
    contact = selectors.get_contact_for_user(user=request.user, pk=pk)
    response = HttpResponse(exchange.to_vcard([contact]).encode("utf-8"), content_type=CONTENT_TYPES["vcf"])
    response["Content-Disposition"] = f'attachment; filename="contact-{contact.pk}.vcf"'
    return response


@login_required
def import_table(request: HttpRequest) -> HttpResponse:
    """Upload a table; show every bad row and field, or what was imported."""
    selectors.parties_for_user(user=request.user)
    form = ImportForm(request.POST or None, request.FILES or None)
    report = None
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            rows = exchange.read_table(upload.read(), upload.name)
        except exchange.FileProblem as exc:
            form.add_error("file", str(exc))
        else:
            report = directory_import(actor=request.user, kind=form.cleaned_data["kind"], rows=rows)
    status = 400 if (form.errors or (report and not report.ok)) else 200
    context = {"form": form, "report": report, "columns": exchange.COLUMNS, "required": exchange.REQUIRED}
    return render(request, "directory/import.html", context, status=status)


__all__ = ["RowError", "contact_vcard", "export", "import_table"]

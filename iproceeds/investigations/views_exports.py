"""Downloads of the case for investigative tools: FollowTheMoney JSON lines and an XLSX workbook (thin)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django_otp.decorators import otp_required

from iproceeds.investigations import exports, selectors

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@otp_required
def export_ftm(request: HttpRequest, reference: str) -> HttpResponse:
    """The case as FollowTheMoney entities, one JSON object per line."""
    case = selectors.get_case_for_user(reference=reference, user=request.user, audit=False)
    data = exports.case_export(case=case, actor=request.user, fmt="ftm")
    return _download(data, "application/x-ndjson", f"{case.reference}.ftm.jsonl")


@otp_required
def export_xlsx(request: HttpRequest, reference: str) -> HttpResponse:
    """The case as an XLSX workbook."""
    case = selectors.get_case_for_user(reference=reference, user=request.user, audit=False)
    data = exports.case_export(case=case, actor=request.user, fmt="xlsx")
    return _download(data, XLSX, f"{case.reference}.xlsx")

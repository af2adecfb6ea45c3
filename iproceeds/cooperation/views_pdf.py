"""Download of the formal document (bilingual PDF) of a request, for either side."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django_otp.decorators import otp_required

from iproceeds.cooperation import pdf, selectors
from iproceeds.cooperation.conditions import must_accept_conditions


@otp_required
def request_pdf_download(request: HttpRequest, reference: str) -> HttpResponse:
    """The PDF in the requester's language and one the receiver accepts (?language=, else the default)."""
    coop_request = selectors.get_request_for_user(user=request.user, reference=reference)
    if must_accept_conditions(user=request.user, coop_request=coop_request):
        messages.error(request, _("Accept the conditions on use before you download the request."))
        return redirect("cooperation:detail", reference=coop_request.reference)
    offered = pdf.receiver_languages(coop_request)
    language = request.GET.get("language", "")
    if language not in offered:
        language = pdf.default_receiver_language(coop_request, offered)
    document = pdf.request_pdf(coop_request=coop_request, actor=request.user, language=language)
    response = HttpResponse(document, content_type="application/pdf")
    filename = f"{coop_request.reference}-{pdf.requester_language(coop_request)}-{language}.pdf"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

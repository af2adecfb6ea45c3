"""The formal document: a bilingual PDF of a request in T-CY template order, with its content hash."""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC
from pathlib import Path
from typing import Any

from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from fpdf import FPDF
from fpdf.fonts import FontFace

from iproceeds.audit import services as audit
from iproceeds.cooperation.display import ShownSection, shown_sections
from iproceeds.cooperation.i18n import localised, ui_languages
from iproceeds.cooperation.lifecycle import content_hash
from iproceeds.cooperation.models import CooperationRequest
from iproceeds.directory.choices import SettingKey
from iproceeds.directory.models import PartySetting

# DejaVu Sans ships with the project (fonts/LICENSE): Latin, Cyrillic, Albanian and Turkish letters,
# embedded as a subset so the document reads the same on any machine; nothing is fetched at run time.
FONTS = Path(__file__).resolve().parent / "fonts"
FAMILY = "DejaVu"
TITLE_FILL = (225, 232, 240)
LABEL_FACE = FontFace(emphasis="BOLD", size_pt=8)
SECTION_FACE = FontFace(emphasis="BOLD", size_pt=10, fill_color=TITLE_FILL)
# fontTools logs every glyph of the subset it embeds at INFO level: keep the server log readable.
logging.getLogger("fontTools").setLevel(logging.WARNING)


def _known(codes: str) -> list[str]:
    """The directory's language codes that the catalogue has labels in (others cannot be rendered)."""
    known = ui_languages()
    return [code for code in (c.strip().lower() for c in codes.split(",")) if code in known]


def requester_language(coop_request: CooperationRequest) -> str:
    """The language of the officer who wrote the request (English when it is not a UI language)."""
    language = getattr(coop_request.created_by, "language", "") or "en"
    return language if language in ui_languages() else "en"


def receiver_languages(coop_request: CooperationRequest) -> list[str]:
    """Languages the requested side accepts, from the directory: the Party's setting, then the authority's."""
    setting = (
        PartySetting.objects.filter(
            party_id=coop_request.requested_party_id, key=SettingKey.ACCEPTED_LANGUAGES
        )
        .values_list("value", flat=True)
        .order_by("pk")  # one at most (unique per Party and key): not the Meta ordering's join to Party
        .first()
    )
    authority = coop_request.requested_authority
    codes = _known(setting or "") + _known(authority.languages if authority else "")
    return list(dict.fromkeys(codes)) or ["en"]


def default_receiver_language(coop_request: CooperationRequest, offered: list[str]) -> str:
    """The first accepted language other than the requester's (a bilingual document), else the first."""
    own = requester_language(coop_request)
    return next((code for code in offered if code != own), offered[0])


def language_choices(coop_request: CooperationRequest) -> list[str]:
    """The receiver's accepted languages for the second column, the default first."""
    offered = receiver_languages(coop_request)
    default = default_receiver_language(coop_request, offered)
    return [default, *(code for code in offered if code != default)]


@dataclass
class _Column:
    """Everything printed in one language."""

    language: str
    header: list[tuple[str, str]]
    sections: list[ShownSection]


def _header(coop_request: CooperationRequest) -> list[tuple[str, str]]:
    """The header lines in the active language."""
    rtype = coop_request.request_type
    moment = coop_request.submitted_at or coop_request.created_at or timezone.now()
    to = coop_request.requested_authority or coop_request.requested_party
    return [
        (_("Reference"), coop_request.reference),
        (_("Type of request"), localised(rtype.labels)),
        (_("Legal basis"), f"{rtype.get_instrument_display()}, {rtype.article}"),
        (_("Status"), str(coop_request.get_status_display())),
        (_("Urgency"), str(coop_request.get_urgency_display())),
        (_("Date"), date_format(moment.astimezone(UTC), "Y-m-d H:i") + " UTC"),
        (_("From"), str(coop_request.requesting_authority)),
        (_("To"), str(to)),
    ]


def _column(coop_request: CooperationRequest, language: str) -> _Column:
    with translation.override(language):
        return _Column(language, _header(coop_request), shown_sections(coop_request))


class _Document(FPDF):
    """A4 pages with the reference on top and the content hash and page number at the foot."""

    def __init__(self, *, reference: str, digest: str) -> None:
        super().__init__(format="A4")
        self.reference, self.digest = reference, digest
        for style, file in (("", "DejaVuSans.ttf"), ("B", "DejaVuSans-Bold.ttf")):
            self.add_font(FAMILY, style, str(FONTS / file))
        self.set_auto_page_break(auto=True, margin=18)
        self.alias_nb_pages()

    def header(self) -> None:
        """The reference on every page."""
        self.set_font(FAMILY, "B", 9)
        self.cell(0, 6, self.reference, align="R", new_x="LMARGIN", new_y="NEXT")

    def footer(self) -> None:
        """The SHA-256 of the content and the page number on every page."""
        self.set_y(-14)
        self.set_font(FAMILY, "", 7)
        self.cell(0, 5, f"SHA-256 {self.digest}", align="L")
        self.set_x(self.l_margin)
        self.cell(0, 5, f"{self.page_no()}/{{nb}}", align="R")


def _paired(table: Any, texts: list[str], style: FontFace | None = None) -> None:
    """One row with a cell per language; identical texts share one wide cell."""
    row = table.row()
    if len(set(texts)) == 1 and len(texts) > 1:
        row.cell(texts[0], colspan=len(texts), style=style)
        return
    for text in texts:
        row.cell(text, style=style)


def _write(pdf: _Document, columns: list[_Column]) -> None:
    first = columns[0]
    with pdf.table(first_row_as_headings=False, text_align="LEFT", line_height=5, padding=1.5) as table:
        for index in range(len(first.header)):
            _paired(table, [f"{c.header[index][0]}: {c.header[index][1]}" for c in columns])
    pdf.ln(4)
    with pdf.table(first_row_as_headings=False, text_align="LEFT", line_height=5, padding=1.5) as table:
        for s_index, section in enumerate(first.sections):
            _paired(table, [f"{s_index + 1}. {c.sections[s_index].label}" for c in columns], SECTION_FACE)
            for f_index in range(len(section.fields)):
                fields = [c.sections[s_index].fields[f_index] for c in columns]
                _paired(table, [f.label for f in fields], LABEL_FACE)
                _paired(table, ["\n".join(f.lines) for f in fields])


def request_pdf(*, coop_request: CooperationRequest, actor: Any, language: str) -> bytes:
    """The request as a PDF in the requester's language beside `language`; the download is audited."""
    languages = list(dict.fromkeys([requester_language(coop_request), language]))
    digest = content_hash(coop_request)
    pdf = _Document(reference=coop_request.reference, digest=digest)
    pdf.set_title(coop_request.reference)
    pdf.set_lang(languages[0])
    pdf.add_page()
    pdf.set_font(FAMILY, "", 9)
    _write(pdf, [_column(coop_request, code) for code in languages])
    document = bytes(pdf.output())
    audit.record(action="cooperation.request.pdf_downloaded", actor=actor, target=coop_request,
                 after={"languages": languages, "content_sha256": digest})  # fmt: skip
    return document

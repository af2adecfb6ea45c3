"""The formal document: a bilingual PDF in template order, every script readable, the content hash, access."""

import io

import pytest
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation import pdf
from iproceeds.cooperation.conditions import conditions_hash
from iproceeds.cooperation.lifecycle import content_hash
from iproceeds.cooperation.models import ConditionsAcceptance
from iproceeds.cooperation.services.requests import request_create_draft, request_submit
from iproceeds.cooperation.tests.factories import bc29_values

FACTS = "Invented facts: Çelësi i llogarisë u ndryshua; şifre ağ parolası ılık İzmir."


@pytest.fixture
def sent(officer, bc29, bound, foreign_authority):
    """A BC29 written by an officer working in Serbian Cyrillic, sent to a unit accepting sq, tr, en."""
    officer.language = "sr"
    officer.save(update_fields=["language"])
    foreign_authority.languages = "sq, tr, en"
    foreign_authority.save(update_fields=["languages"])
    values = bc29_values(offence={"offences": "Computer fraud (demo article 301)", "facts": FACTS})
    draft = request_create_draft(
        actor=officer, request_type=bc29, requested_party=foreign_authority.party,
        requested_authority=foreign_authority, urgency="normal", values=values,
    )  # fmt: skip
    return request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)


def _text(content: bytes) -> str:
    reader = PdfReader(io.BytesIO(content))
    return "\n".join(page.extract_text() for page in reader.pages)


def _download(client, coop_request, **params):
    return client.get(reverse("cooperation:pdf", args=[coop_request.reference]), params)


def test_the_receivers_languages_come_from_the_directory_and_default_to_one_other_than_the_requesters(sent):
    # given a unit that accepts Albanian, Turkish and English, and a requester writing in Serbian
    offered = pdf.receiver_languages(sent)
    # then those are offered in the directory's order, and the first is the default
    assert offered == ["sq", "tr", "en"]
    assert pdf.requester_language(sent) == "sr"
    assert pdf.default_receiver_language(sent, offered) == "sq"


def test_languages_the_catalogue_has_no_labels_in_are_not_offered(sent, foreign_authority):
    # given a unit that only lists German (no catalogue labels) besides nothing else
    foreign_authority.languages = "de"
    foreign_authority.save(update_fields=["languages"])
    # then English is offered instead of a language the document cannot be written in
    assert pdf.receiver_languages(sent) == ["en"]


def test_the_pdf_is_bilingual_in_template_order_with_identifiers_and_the_hash(verified_client, officer, sent):
    # when the requester downloads the document
    response = _download(verified_client(officer), sent)
    # then it is a PDF in Serbian (Cyrillic) and Albanian
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == f'attachment; filename="{sent.reference}-sr-sq.pdf"'
    text = _text(response.content)
    serbian = ["1. Датум и референца", "3. Орган молилац", "7. Тражени подаци", "8. Држалац података"]
    albanian = ["1. Data dhe referenca", "3. Autoriteti kërkues", "7. Të dhënat që kërkohen"]
    albanian.append("8. Mbajtësi i të dhënave")
    for titles in (serbian, albanian):
        positions = [text.index(title) for title in titles]
        assert positions == sorted(positions)
    # the identifier as on the page: address, port, UTC and both sides' zones
    # (cells wrap: compare with line breaks read as spaces)
    flat = " ".join(text.split())
    assert "203.0.113.7:51234 у 2026-10-02 01:14 UTC = 2026-10-02 03:14 Europe/Belgrade" in flat
    assert "203.0.113.7:51234 më 2026-10-02 01:14 UTC = 2026-10-02 03:14 Europe/Belgrade" in flat
    assert "= 2026-10-02 03:14 Europe/Tirane" in flat
    # header: reference, legal basis, status in both languages
    assert sent.reference in text
    assert "Правни основ: ETS 185" in flat
    assert "Baza ligjore: ETS 185" in flat
    assert "Статус: Поднет" in flat
    assert "Statusi: E paraqitur" in flat
    # Albanian and Turkish letters survive
    assert FACTS in flat
    # every page's footer carries the content hash and its page number
    pages = len(PdfReader(io.BytesIO(response.content)).pages)
    assert pages == 2
    assert text.count(f"SHA-256 {content_hash(sent)}") == pages
    assert f" 1/{pages}" in text
    assert f" {pages}/{pages}" in text


def test_the_user_may_choose_another_accepted_language(verified_client, officer, sent):
    # when the requester asks for the Turkish version
    response = _download(verified_client(officer), sent, language="tr")
    # then the second column is Turkish, with its own letters in the catalogue's labels
    text = _text(response.content)
    assert response["Content-Disposition"] == f'attachment; filename="{sent.reference}-sr-tr.pdf"'
    assert "7. İstenen veriler" in text
    assert "1. Datum" not in text


def test_a_language_the_receiver_does_not_accept_falls_back_to_the_default(verified_client, officer, sent):
    response = _download(verified_client(officer), sent, language="fr")
    assert response["Content-Disposition"] == f'attachment; filename="{sent.reference}-sr-sq.pdf"'


def test_the_fonts_are_embedded(verified_client, officer, sent):
    # when the document is read without any font installed on the reader's machine
    reader = PdfReader(io.BytesIO(_download(verified_client(officer), sent).content))
    fonts = reader.pages[0]["/Resources"]["/Font"]
    # then every font carries its own glyphs (an embedded TrueType subset)
    assert len(fonts) == 2
    for ref in fonts.values():
        descendant = ref.get_object()["/DescendantFonts"][0].get_object()
        assert "/FontFile2" in descendant["/FontDescriptor"]


def test_both_sides_may_download_and_each_download_is_audited(
    verified_client, officer, foreign_officer, sent
):
    # when both sides download the document
    assert _download(verified_client(officer), sent).status_code == 200
    assert _download(verified_client(foreign_officer), sent).status_code == 200
    # then each download is recorded with the languages and the hash
    events = AuditEvent.objects.filter(action="cooperation.request.pdf_downloaded").order_by("seq")
    assert [(e.actor_id, e.after) for e in events] == [
        (officer.pk, {"languages": ["sr", "sq"], "content_sha256": content_hash(sent)}),
        (foreign_officer.pk, {"languages": ["sr", "sq"], "content_sha256": content_hash(sent)}),
    ]


@pytest.mark.parametrize("persona", ["secretariat", "auditor", "third_officer"])
def test_others_get_the_same_404_as_for_a_missing_request(persona, request, verified_client, sent):
    client = verified_client(request.getfixturevalue(persona))
    assert _download(client, sent).status_code == 404
    assert client.get(reverse("cooperation:pdf", args=["CR-NOTHERE"])).status_code == 404
    assert not AuditEvent.objects.filter(action="cooperation.request.pdf_downloaded").exists()


def test_a_draft_is_not_shown_to_the_receiver(verified_client, officer, foreign_officer, bc29, bound):
    draft = request_create_draft(
        actor=officer, request_type=bc29, requested_party=bound[1], urgency="normal", values=bc29_values()
    )
    assert _download(verified_client(foreign_officer), draft).status_code == 404


def test_the_receiver_accepts_the_conditions_before_downloading(
    verified_client, officer, foreign_officer, foreign_authority, bc29, bound
):
    # given a request with conditions on use, not yet accepted by the receiver
    values = bc29_values(conditions={"confidentiality": "Do not inform the subscriber."})
    draft = request_create_draft(
        actor=officer, request_type=bc29, requested_party=foreign_authority.party,
        requested_authority=foreign_authority, urgency="normal", values=values,
    )  # fmt: skip
    sent = request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)
    client = verified_client(foreign_officer)
    # when the receiver asks for the document, then they are sent to the request page and nothing is shown
    response = _download(client, sent)
    assert response.status_code == 302
    assert response.url == reverse("cooperation:detail", args=[sent.reference])
    assert not AuditEvent.objects.filter(action="cooperation.request.pdf_downloaded").exists()
    # once the conditions are accepted, the document is there
    ConditionsAcceptance.objects.create(
        coop_request=sent, authority=foreign_authority, accepted_by=foreign_officer,
        accepted_at=timezone.now(), conditions_hash=conditions_hash(sent),
    )  # fmt: skip
    response = _download(client, sent)
    assert response.status_code == 200
    assert "Do not inform the subscriber." in _text(response.content)

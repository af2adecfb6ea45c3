"""Helpers of the conversation tests: a sent request, uploads and small genuine files (invented content)."""

import io
import zipfile

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile

from iproceeds.cooperation.services.requests import request_create_draft, request_submit
from iproceeds.cooperation.tests.factories import bc29_values

CONDITIONS = {
    "confidentiality": "Do not tell the subscriber.",
    "use_limitation": "Only for the investigation DEMO-CCU-2026-0042.",
}
PDF = b"%PDF-1.7\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x02\x00\x00\x00\x90wS\xde"
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 16 + b"\xff\xd9"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"


def send(officer, foreign_authority, request_type, conditions=None):
    """A BC29 sent from Belgrade to Tirana, with conditions on its use when given."""
    values = bc29_values(conditions=conditions) if conditions else bc29_values()
    draft = request_create_draft(
        actor=officer, request_type=request_type, requested_party=foreign_authority.party,
        requested_authority=foreign_authority, urgency="normal", values=values,
    )  # fmt: skip
    return request_submit(actor=officer, coop_request=draft, warnings_confirmed=True)


def upload(name, data, content_type="application/octet-stream"):
    """An uploaded file as the browser sends it (the declared type is never trusted)."""
    return SimpleUploadedFile(name, data, content_type=content_type)


def zipped(members):
    """A ZIP archive of the given {name: bytes}."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx():
    """A minimal Office Open XML word-processing package."""
    return zipped({"[Content_Types].xml": b"<Types/>", "word/document.xml": b"<w:document/>"})


def xlsx():
    """A real workbook written by openpyxl."""
    buffer = io.BytesIO()
    openpyxl.Workbook().save(buffer)
    return buffer.getvalue()


def odt():
    """A minimal OpenDocument text package (its mimetype member first)."""
    return zipped({"mimetype": b"application/vnd.oasis.opendocument.text", "content.xml": b"<office/>"})

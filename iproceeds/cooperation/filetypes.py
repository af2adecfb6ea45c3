"""The attachment allow-list, checked from the content, never from the name: PDF, images, text, office."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import PurePath

import puremagic
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

ODT_MIME = "application/vnd.oasis.opendocument.text"
DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADER_LINE = re.compile(rb"^[!-9;-~]+:[ \t]")  # an RFC 5322 header field name followed by a colon
CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f]")


def _magic_is(mime: str) -> Callable[[bytes], bool]:
    """A check that puremagic finds this type in the content's signature."""

    def check(data: bytes) -> bool:
        return mime in _magic_types(data)

    return check


def _zip_members(data: bytes) -> zipfile.ZipFile | None:
    if not data.startswith(b"PK\x03\x04"):
        return None
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        return archive if archive.testzip() is None else None
    except (zipfile.BadZipFile, ValueError, OSError, EOFError, NotImplementedError):
        return None


def _ooxml(main_part: str) -> Callable[[bytes], bool]:
    """A check that the content is an Office Open XML package with this main part."""

    def check(data: bytes) -> bool:
        archive = _zip_members(data)
        return archive is not None and {"[Content_Types].xml", main_part} <= set(archive.namelist())

    return check


def _is_odt(data: bytes) -> bool:
    archive = _zip_members(data)
    if archive is None or "mimetype" not in archive.namelist():
        return False
    return archive.read("mimetype").strip() == ODT_MIME.encode()


def _text(data: bytes) -> str | None:
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return None
    return None if CONTROL.search(text) else text


def _is_text(data: bytes) -> bool:
    return _text(data) is not None


def _is_eml(data: bytes) -> bool:
    return _is_text(data) and HEADER_LINE.match(data.removeprefix(b"\xef\xbb\xbf")) is not None


@dataclass(frozen=True)
class Kind:
    """An allowed file type: the type it is served with, a label and the content check."""

    content_type: str
    label: str
    check: Callable[[bytes], bool]


ALLOWED: dict[str, Kind] = {
    ".pdf": Kind("application/pdf", "PDF", _magic_is("application/pdf")),
    ".png": Kind("image/png", "PNG", _magic_is("image/png")),
    ".jpg": Kind("image/jpeg", "JPEG", _magic_is("image/jpeg")),
    ".jpeg": Kind("image/jpeg", "JPEG", _magic_is("image/jpeg")),
    ".txt": Kind("text/plain; charset=utf-8", "text", _is_text),
    ".csv": Kind("text/csv; charset=utf-8", "CSV", _is_text),
    ".eml": Kind("message/rfc822", "e-mail (EML)", _is_eml),
    ".docx": Kind(DOCX_MIME, "DOCX", _ooxml("word/document.xml")),
    ".xlsx": Kind(XLSX_MIME, "XLSX", _ooxml("xl/workbook.xml")),
    ".odt": Kind(ODT_MIME, "ODT", _is_odt),
}


def _magic_types(data: bytes) -> list[str]:
    """The types puremagic recognises from the bytes alone, best first (it is never given the name)."""
    try:
        matches = puremagic.magic_string(data)
    except (puremagic.PureError, ValueError):
        return []
    return [str(match.mime_type) for match in matches if match.mime_type]


def _identified(data: bytes) -> str:
    """puremagic's best guess of the content's type ("" when it has none)."""
    return next(iter(_magic_types(data)), "")


def allowed_extensions() -> list[str]:
    """The allowed file name endings, for the upload form."""
    return sorted(ALLOWED)


def content_type_of(*, filename: str, data: bytes) -> str:
    """The type to store and serve the file with; refuses (naming the file) what is not allowed."""
    extension = PurePath(filename).suffix.lower()
    kind = ALLOWED.get(extension)
    if kind is None:
        raise ValidationError(
            _("%(file)s: this type of file is not allowed (allowed: %(allowed)s).")
            % {"file": filename, "allowed": ", ".join(allowed_extensions())}
        )
    if not kind.check(data):
        found = _identified(data)
        message = _("%(file)s: the content is not %(kind)s, although the name says so.")
        if found:
            message = _(
                "%(file)s: the content is not %(kind)s, although the name says so (it looks like %(found)s)."
            )
        raise ValidationError(message % {"file": filename, "kind": kind.label, "found": found})
    return kind.content_type

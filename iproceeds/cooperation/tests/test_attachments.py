"""Attachments: allow-list checked from the content, size limit, encryption at rest, audited downloads."""

import base64
import hashlib
import os
import stat
import subprocess
import sys

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.urls import reverse

from iproceeds.audit.models import AuditEvent
from iproceeds.cooperation import crypto
from iproceeds.cooperation.models import Attachment, Message
from iproceeds.cooperation.services.conversation import attachment_aad, attachment_read, message_post
from iproceeds.cooperation.tests.conversation_helpers import (
    EXE,
    JPEG,
    PDF,
    PNG,
    docx,
    odt,
    send,
    upload,
    xlsx,
    zipped,
)

TEST_KEY = base64.b64decode("dGVzdC1vbmx5LWF0dGFjaG1lbnQta2V5LTMyLWJ5dGU=")
NEW_KEY = bytes(range(32))
NEW_KEY_TEXT = base64.b64encode(NEW_KEY).decode()


@pytest.fixture
def sent(officer, bc29, bound, foreign_authority):
    """A BC29 sent from Belgrade to Tirana, without conditions."""
    return send(officer, foreign_authority, bc29)


def _attach(actor, coop_request, *files, body="See the file."):
    return message_post(actor=actor, coop_request=coop_request, body=body, files=list(files))


def _nothing_stored():
    assert Message.objects.count() == 0
    assert Attachment.objects.count() == 0
    assert AuditEvent.objects.filter(action="cooperation.message.posted").count() == 0


def test_an_attachment_is_stored_encrypted_with_the_sha256_of_its_content(sent, officer):
    # given a text file with a recognisable content
    plaintext = b"Subscriber: Demo Subscriber, 203.0.113.7, line 42\n"
    # when the requester sends it
    message = _attach(officer, sent, upload("subscriber.txt", plaintext))
    # then the row holds the ciphertext under the current key's id, never the plaintext
    attachment = Attachment.objects.get(message=message)
    assert (attachment.filename, attachment.size) == ("subscriber.txt", len(plaintext))
    assert attachment.content_type == "text/plain; charset=utf-8"
    assert attachment.sha256 == hashlib.sha256(plaintext).hexdigest()
    assert attachment.key_id == hashlib.sha256(TEST_KEY).hexdigest()[:8] == crypto.key_id_of(TEST_KEY)
    assert b"Demo Subscriber" not in bytes(attachment.ciphertext)
    assert len(bytes(attachment.ciphertext)) == len(plaintext) + crypto.TAG_BYTES
    assert len(bytes(attachment.nonce)) == crypto.NONCE_BYTES
    # and it decrypts with the right key back to the same bytes
    aad = attachment_aad(coop_request_id=sent.pk, sha256=attachment.sha256)
    assert crypto.decrypt(key_id=attachment.key_id, nonce=bytes(attachment.nonce),
                          ciphertext=bytes(attachment.ciphertext), aad=aad) == plaintext  # fmt: skip


def test_the_download_is_audited_and_served_as_an_attachment(sent, officer, foreign_officer, verified_client):
    # given the requester sent a PDF
    attachment = Attachment.objects.get(message=_attach(officer, sent, upload("order.pdf", PDF)))
    # when the receiver downloads it
    url = reverse("cooperation:attachment", args=[sent.reference, attachment.pk])
    response = verified_client(foreign_officer).get(url)
    # then they get the exact bytes, as a download of the stored type that browsers must not sniff
    assert response.status_code == 200
    assert response.content == PDF
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == "attachment; filename=\"order.pdf\"; filename*=UTF-8''order.pdf"
    assert response["X-Content-Type-Options"] == "nosniff"
    # and the download is in the audit log, with who and which file
    event = AuditEvent.objects.get(action="cooperation.attachment.downloaded")
    assert (event.actor, event.after) == (
        foreign_officer,
        {"attachment": attachment.pk, "filename": "order.pdf", "sha256": hashlib.sha256(PDF).hexdigest()},
    )


def test_both_sides_see_the_sha256(sent, officer, foreign_officer, verified_client):
    # given an attachment
    _attach(officer, sent, upload("order.pdf", PDF))
    digest = hashlib.sha256(PDF).hexdigest()
    # when each side opens the request, then both see the file's SHA-256
    for user in (officer, foreign_officer):
        page = (
            verified_client(user).get(reverse("cooperation:detail", args=[sent.reference])).content.decode()
        )
        assert f"<code>{digest}</code>" in page
        assert "order.pdf" in page


@pytest.mark.parametrize(
    ("name", "data", "content_type"),
    [
        ("order.pdf", PDF, "application/pdf"),
        ("screen.png", PNG, "image/png"),
        ("photo.JPG", JPEG, "image/jpeg"),
        ("logins.csv", b"time,ip\n2026-10-02T01:14:00Z,203.0.113.7\n", "text/csv; charset=utf-8"),
        ("mail.eml", b"From: a@example.invalid\r\nSubject: Demo\r\n\r\nBody\r\n", "message/rfc822"),
        ("letter.docx", docx(), "application/vnd.openxmlformats-officedocument.wordprocessingml.document"),
        ("table.xlsx", xlsx(), "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
        ("note.odt", odt(), "application/vnd.oasis.opendocument.text"),
    ],
)
def test_allowed_types_are_recognised_from_their_content(name, data, content_type, sent, officer):
    message = _attach(officer, sent, upload(name, data))
    assert Attachment.objects.get(message=message).content_type == content_type


@pytest.mark.parametrize(
    ("name", "data", "error"),
    [
        ("order.pdf", EXE, "order.pdf: the content is not PDF, although the name says so "
                           "(it looks like application/vnd.microsoft.portable-executable)."),
        ("photo.png", PDF, "photo.png: the content is not PNG, although the name says so "
                           "(it looks like application/pdf)."),
        ("letter.docx", zipped({"a.txt": b"not a document"}),
         "letter.docx: the content is not DOCX, although the name says so "
         "(it looks like application/vnd.openxmlformats-officedocument.wordprocessingml.document)."),
        ("notes.txt", b"abc\x00\x01binary", "notes.txt: the content is not text, although the name says so."),
        ("tool.exe", EXE, "tool.exe: this type of file is not allowed "
                          "(allowed: .csv, .docx, .eml, .jpeg, .jpg, .odt, .pdf, .png, .txt, .xlsx)."),
        ("empty.pdf", b"", "empty.pdf: the file is empty."),
    ],
)  # fmt: skip
def test_a_file_that_is_not_what_it_says_is_refused_naming_it(name, data, error, sent, officer):
    # when the requester sends a file whose content does not match its name (or is not allowed)
    with pytest.raises(ValidationError) as refused:
        _attach(officer, sent, upload(name, data, content_type="application/pdf"))
    # then the refusal names the file, and neither message nor attachment nor audit event is stored
    assert refused.value.message_dict == {"attachments": [error]}
    _nothing_stored()


def test_a_file_over_the_size_limit_is_refused(sent, officer, settings):
    # given a limit of 1 KB
    settings.COOPERATION_ATTACHMENT_MAX_BYTES = 1024
    # when a 1025-byte text is sent, then it is refused by name; exactly 1024 bytes is fine
    with pytest.raises(ValidationError) as refused:
        _attach(officer, sent, upload("big.txt", b"a" * 1025))
    assert refused.value.message_dict == {"attachments": ["big.txt: the file is larger than 1.0\xa0KB."]}
    _nothing_stored()
    assert (
        Attachment.objects.get(message=_attach(officer, sent, upload("fits.txt", b"a" * 1024))).size == 1024
    )


def test_one_bad_file_refuses_the_whole_message(sent, officer, verified_client):
    # when the page sends a good file and a disguised one
    response = verified_client(officer).post(
        reverse("cooperation:message_post", args=[sent.reference]),
        {"body": "Two files", "attachments": [upload("order.pdf", PDF), upload("scan.pdf", EXE)]},
    )
    # then the form says which file is wrong, and nothing at all is stored
    assert response.status_code == 400
    assert "scan.pdf: the content is not PDF" in response.content.decode()
    _nothing_stored()


def test_a_tampered_ciphertext_gives_a_clear_error_and_is_audited(sent, officer, verified_client):
    # given the stored ciphertext is altered by one bit
    attachment = Attachment.objects.get(message=_attach(officer, sent, upload("order.pdf", PDF)))
    altered = bytearray(attachment.ciphertext)
    altered[0] ^= 1
    Attachment.objects.filter(pk=attachment.pk).update(ciphertext=bytes(altered))
    # when the requester downloads it
    client = verified_client(officer)
    response = client.get(
        reverse("cooperation:attachment", args=[sent.reference, attachment.pk]), follow=True
    )
    # then no content is served but a clear message, and the failure is recorded, not a download
    assert response.redirect_chain == [
        (reverse("cooperation:detail", args=[sent.reference]) + "#conversation", 302)
    ]
    assert "order.pdf could not be opened: it failed its integrity check" in response.content.decode()
    assert AuditEvent.objects.filter(action="cooperation.attachment.integrity_failed").count() == 1
    assert AuditEvent.objects.filter(action="cooperation.attachment.downloaded").count() == 0


def test_a_key_id_without_a_configured_key_is_an_error(sent, officer):
    # given an attachment whose key id names a key that is not configured
    attachment = Attachment.objects.get(message=_attach(officer, sent, upload("order.pdf", PDF)))
    attachment.key_id = "deadbeef"
    # when it is read, then decryption is refused with the key id named
    with pytest.raises(crypto.AttachmentDecryptionError, match="No attachment key with id 'deadbeef'"):
        attachment_read(actor=officer, attachment=attachment)


def test_keys_rotate_by_key_id(sent, officer, settings):
    # given a file stored under the test key
    old = Attachment.objects.get(message=_attach(officer, sent, upload("old.pdf", PDF)))
    # when a new key becomes current and the old one is kept for decryption
    settings.COOPERATION_ATTACHMENT_KEYS = [NEW_KEY_TEXT, *settings.COOPERATION_ATTACHMENT_KEYS]
    new = Attachment.objects.get(message=_attach(officer, sent, upload("new.pdf", PDF)))
    # then new files use the new key, and both files decrypt with the key their id names
    assert (old.key_id, new.key_id) == (crypto.key_id_of(TEST_KEY), crypto.key_id_of(NEW_KEY))
    assert (
        attachment_read(actor=officer, attachment=old)
        == attachment_read(actor=officer, attachment=new)
        == PDF
    )
    # and once the old key is dropped, the old file cannot be decrypted
    settings.COOPERATION_ATTACHMENT_KEYS = [NEW_KEY_TEXT]
    with pytest.raises(crypto.AttachmentDecryptionError):
        attachment_read(actor=officer, attachment=old)


def test_a_ciphertext_moved_to_another_record_does_not_decrypt(sent, officer):
    # given two attachments, and the ciphertext of one copied onto the other
    first = Attachment.objects.get(message=_attach(officer, sent, upload("a.txt", b"first")))
    second = Attachment.objects.get(message=_attach(officer, sent, upload("b.txt", b"second")))
    second.nonce, second.ciphertext = first.nonce, first.ciphertext
    # when the second is read, then the associated data (request, SHA-256) no longer matches
    with pytest.raises(crypto.AttachmentDecryptionError):
        attachment_read(actor=officer, attachment=second)


def test_the_key_file_is_created_on_first_use_in_debug_mode(settings, tmp_path):
    # given no key in the environment and debug mode (make run)
    settings.COOPERATION_ATTACHMENT_KEYS = []
    settings.COOPERATION_ATTACHMENT_KEY_FILE = str(tmp_path / "keys" / "attachments.key")
    settings.DEBUG = True
    # when a file is encrypted, then a key file readable only by its owner holds the key used
    sealed = crypto.encrypt(b"demo", aad=b"x")
    key_file = tmp_path / "keys" / "attachments.key"
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert sealed.key_id == crypto.key_id_of(base64.b64decode(key_file.read_text().strip()))
    assert (
        crypto.decrypt(key_id=sealed.key_id, nonce=sealed.nonce, ciphertext=sealed.ciphertext, aad=b"x")
        == b"demo"
    )


def test_without_a_key_production_refuses_to_start_encrypting(settings, tmp_path):
    settings.COOPERATION_ATTACHMENT_KEYS = []
    settings.COOPERATION_ATTACHMENT_KEY_FILE = str(tmp_path / "missing.key")
    settings.DEBUG = False
    with pytest.raises(ImproperlyConfigured):
        crypto.encrypt(b"demo", aad=b"x")
    assert not (tmp_path / "missing.key").exists()


def test_a_key_that_is_not_32_bytes_is_refused(settings):
    settings.COOPERATION_ATTACHMENT_KEYS = [base64.b64encode(b"short").decode()]
    with pytest.raises(ImproperlyConfigured, match="32 bytes"):
        crypto.keys()


DOWNLOAD_MATRIX = [
    ("officer", 200),
    ("foreign_officer", 200),
    ("org_admin", 200),
    ("third_officer", 404),
    ("secretariat", 404),
    ("auditor", 404),
]


@pytest.mark.parametrize(("persona", "status"), DOWNLOAD_MATRIX)
def test_who_may_download(persona, status, sent, officer, verified_client, request):
    # given an attachment on the request
    attachment = Attachment.objects.get(message=_attach(officer, sent, upload("order.pdf", PDF)))
    client = verified_client(request.getfixturevalue(persona))
    # when a persona downloads it, a missing id, or the id through a missing request
    found = client.get(reverse("cooperation:attachment", args=[sent.reference, attachment.pk]))
    missing_id = client.get(reverse("cooperation:attachment", args=[sent.reference, attachment.pk + 1000]))
    missing_request = client.get(reverse("cooperation:attachment", args=["NO-SUCH-REF", attachment.pk]))
    # then only the two sides get it; everyone else gets the same 404 as for missing ones
    assert (found.status_code, missing_id.status_code, missing_request.status_code) == (status, 404, 404)
    assert AuditEvent.objects.filter(action="cooperation.attachment.downloaded").count() == (status == 200)


def test_an_attachment_id_does_not_work_through_another_request(
    sent, officer, bc29, foreign_authority, verified_client
):
    # given two requests of the same officer, and a file on the first
    other = send(officer, foreign_authority, bc29)
    attachment = Attachment.objects.get(message=_attach(officer, sent, upload("order.pdf", PDF)))
    # when the file's id is used under the other request's reference, then it is not found
    response = verified_client(officer).get(
        reverse("cooperation:attachment", args=[other.reference, attachment.pk])
    )
    assert response.status_code == 404
    assert AuditEvent.objects.filter(action="cooperation.attachment.downloaded").count() == 0


def test_the_environment_sets_the_size_limit_and_the_keys():
    # given the variables of a deployment, when the settings module is read in a fresh interpreter
    env = os.environ | {
        "DJANGO_DEBUG": "1",
        "IPROCEEDS_ATTACHMENT_MAX_BYTES": "5242880",
        "IPROCEEDS_ATTACHMENT_KEY": f"{NEW_KEY_TEXT}, {base64.b64encode(TEST_KEY).decode()}",
    }
    code = (
        "import config.settings as s;"
        "print(s.COOPERATION_ATTACHMENT_MAX_BYTES, len(s.COOPERATION_ATTACHMENT_KEYS))"
    )
    result = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True, check=True)
    # then the limit and both keys (the current first) are taken from it
    assert result.stdout.split() == ["5242880", "2"]

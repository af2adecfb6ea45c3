"""The conversation: messages with encrypted attachments, their audited downloads, and accepted conditions."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Protocol

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.functional import lazy
from django.utils.translation import gettext, gettext_noop
from django.utils.translation import gettext as _

from iproceeds.audit import services as audit
from iproceeds.cooperation import crypto, filetypes
from iproceeds.cooperation.choices import RequestStatus
from iproceeds.cooperation.conditions import conditions_hash, conditions_of, must_accept_conditions
from iproceeds.cooperation.lifecycle import RECEIVER, REQUESTER, side_of
from iproceeds.cooperation.models import Attachment, ConditionsAcceptance, CooperationRequest, Message
from iproceeds.cooperation.notify import request_event
from iproceeds.cooperation.permissions import WRITER_ROLES

BODY_MAX_CHARS = 20_000
FILENAME_MAX_CHARS = 255


class UploadedFileLike(Protocol):
    """What the service needs of an uploaded file (Django's UploadedFile fits)."""

    name: str | None
    size: int | None

    def read(self, size: int = -1) -> bytes: ...  # pragma: no cover


@dataclass(frozen=True)
class _Checked:
    filename: str
    data: bytes
    content_type: str
    sha256: str


def _in_recipients_language(text: str, **params: Any) -> str:
    """A lazy message, translated when rendered, i.e. into each recipient's language."""
    return lazy(lambda: gettext(text) % params, str)()


def _other_side(coop_request: CooperationRequest, side: str) -> Any:
    if side == REQUESTER:
        return coop_request.requested_authority
    return coop_request.requesting_authority


def _check_may_write(actor: Any, coop_request: CooperationRequest) -> str:
    """The actor's side; refuses mere readers, and the receiving side before it accepted the conditions."""
    side = side_of(actor, coop_request)
    if getattr(actor, "role", None) not in WRITER_ROLES or not side:
        raise PermissionDenied(_("Only officers of the two organisations may write in this conversation."))
    if must_accept_conditions(user=actor, coop_request=coop_request):
        raise PermissionDenied(_("Accept the conditions of this request first."))
    return side


def _check_open(coop_request: CooperationRequest) -> None:
    if coop_request.status == RequestStatus.DRAFT:
        raise ValidationError({"body": _("Messages can be exchanged once the request is sent.")})
    if coop_request.status == RequestStatus.CLOSED:
        raise ValidationError({"body": _("The request is closed: no more messages can be sent.")})


def _check_file(upload: UploadedFileLike) -> _Checked:
    """Read and check one file: name, size, type from its content; refusals name the file."""
    filename = (upload.name or "").replace("\\", "/").rsplit("/", 1)[-1].strip()[:FILENAME_MAX_CHARS]
    limit = settings.COOPERATION_ATTACHMENT_MAX_BYTES
    if (upload.size or 0) > limit:
        raise ValidationError(
            _("%(file)s: the file is larger than %(limit)s.")
            % {"file": filename, "limit": filesizeformat(limit)}
        )
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise ValidationError(
            _("%(file)s: the file is larger than %(limit)s.")
            % {"file": filename, "limit": filesizeformat(limit)}
        )
    if not data:
        raise ValidationError(_("%(file)s: the file is empty.") % {"file": filename or "?"})
    content_type = filetypes.content_type_of(filename=filename, data=data)
    return _Checked(filename, data, content_type, hashlib.sha256(data).hexdigest())


def _check_files(files: Sequence[UploadedFileLike]) -> list[_Checked]:
    checked, errors = [], []
    for upload in files:
        try:
            checked.append(_check_file(upload))
        except ValidationError as exc:
            errors.extend(exc.messages)
    if errors:
        raise ValidationError({"attachments": errors})
    return checked


def attachment_aad(*, coop_request_id: int, sha256: str) -> bytes:
    """Associated data that binds a ciphertext to its request and plaintext hash (moving it breaks it)."""
    return f"iproceeds.attachment:{coop_request_id}:{sha256}".encode()


def _store(message: Message, item: _Checked) -> Attachment:
    sealed = crypto.encrypt(
        item.data, aad=attachment_aad(coop_request_id=message.coop_request_id, sha256=item.sha256)
    )
    attachment = Attachment(
        message=message, filename=item.filename, content_type=item.content_type, size=len(item.data),
        sha256=item.sha256, key_id=sealed.key_id, nonce=sealed.nonce, ciphertext=sealed.ciphertext,
    )  # fmt: skip
    attachment.full_clean()
    attachment.save(force_insert=True)
    return attachment


def message_post(
    *,
    actor: Any,
    coop_request: CooperationRequest,
    body: str,
    files: Sequence[UploadedFileLike] = (),
) -> Message:
    """Send a message (and files) to the other side; all or nothing, audited without its text."""
    side = _check_may_write(actor, coop_request)
    _check_open(coop_request)
    body = (body or "").strip()
    if not body and not files:
        raise ValidationError({"body": _("Write a message or attach a file.")})
    if len(body) > BODY_MAX_CHARS:
        raise ValidationError(
            {"body": _("The message is too long (at most %(max)d characters).") % {"max": BODY_MAX_CHARS}}
        )
    checked = _check_files(files)
    with transaction.atomic():
        message = Message(
            coop_request=coop_request, author=actor, author_authority_id=actor.authority_id, body=body,
            created_at=timezone.now(),
        )  # fmt: skip
        message.full_clean()
        message.save(force_insert=True)
        stored = [_store(message, item) for item in checked]
        audit.record(
            action="cooperation.message.posted", actor=actor, target=coop_request,
            after={"message": message.pk, "characters": len(body), "attachments": [
                {"id": a.pk, "filename": a.filename, "size": a.size, "sha256": a.sha256} for a in stored
            ]},
        )  # fmt: skip
        request_event(
            actor=actor, coop_request=coop_request, event="message",
            to_authority=_other_side(coop_request, side),
            subject=_in_recipients_language(gettext_noop("New message on request %(reference)s"),
                                            reference=coop_request.reference),
            body=_in_recipients_language(
                gettext_noop("%(organisation)s wrote on request %(reference)s. Sign in to read it."),
                organisation=str(actor.authority), reference=coop_request.reference),
        )  # fmt: skip
    return message


def attachment_read(*, actor: Any, attachment: Attachment) -> bytes:
    """The decrypted content of an attachment, checked against its SHA-256; every download is audited."""
    coop_request = attachment.message.coop_request
    if must_accept_conditions(user=actor, coop_request=coop_request):
        raise PermissionDenied(_("Accept the conditions of this request first."))
    aad = attachment_aad(coop_request_id=coop_request.pk, sha256=attachment.sha256)
    try:
        data = crypto.decrypt(
            key_id=attachment.key_id,
            nonce=bytes(attachment.nonce),
            ciphertext=bytes(attachment.ciphertext),
            aad=aad,
        )
        if hashlib.sha256(data).hexdigest() != attachment.sha256:
            raise crypto.AttachmentDecryptionError("The decrypted content does not match its SHA-256.")
    except crypto.AttachmentDecryptionError as exc:
        audit.record(
            action="cooperation.attachment.integrity_failed", actor=actor, target=coop_request,
            after={"attachment": attachment.pk, "key_id": attachment.key_id, "error": str(exc)},
        )  # fmt: skip
        raise
    audit.record(
        action="cooperation.attachment.downloaded", actor=actor, target=coop_request,
        after={"attachment": attachment.pk, "filename": attachment.filename, "sha256": attachment.sha256},
    )  # fmt: skip
    return data


def conditions_accept(*, actor: Any, coop_request: CooperationRequest) -> ConditionsAcceptance:
    """The receiving organisation accepts the conditions on confidentiality and use; audited."""
    receiver = side_of(actor, coop_request) == RECEIVER and coop_request.status != RequestStatus.DRAFT
    if getattr(actor, "role", None) not in WRITER_ROLES or not receiver:
        raise PermissionDenied(_("Only officers of the receiving organisation accept the conditions."))
    if not conditions_of(coop_request):
        raise ValidationError({"conditions": _("This request sets no conditions.")})
    digest = conditions_hash(coop_request)
    with transaction.atomic():
        existing = ConditionsAcceptance.objects.filter(
            coop_request=coop_request, authority_id=actor.authority_id, conditions_hash=digest
        ).first()
        if existing is not None:
            return existing
        acceptance = ConditionsAcceptance(
            coop_request=coop_request, authority_id=actor.authority_id, accepted_by=actor,
            accepted_at=timezone.now(), conditions_hash=digest,
        )  # fmt: skip
        acceptance.full_clean()
        acceptance.save(force_insert=True)
        audit.record(action="cooperation.conditions.accepted", actor=actor, target=coop_request,
                     after={"authority": actor.authority_id, "conditions_sha256": digest})  # fmt: skip
        request_event(
            actor=actor, coop_request=coop_request, event="conditions_accepted",
            to_authority=coop_request.requesting_authority,
            subject=_in_recipients_language(gettext_noop("Conditions accepted on request %(reference)s"),
                                            reference=coop_request.reference),
            body=_in_recipients_language(
                gettext_noop("%(organisation)s accepted the conditions of request %(reference)s."),
                organisation=str(actor.authority), reference=coop_request.reference),
        )  # fmt: skip
    return acceptance

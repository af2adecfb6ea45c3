"""What the cooperation API reads and writes; content stays hidden until the receiver accepts conditions."""

from __future__ import annotations

from datetime import datetime, tzinfo
from typing import Any

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from iproceeds.cooperation.choices import FieldKind, ReceiptKind, RequestStatus, Urgency
from iproceeds.cooperation.lifecycle import STEPS
from iproceeds.cooperation.models import CooperationRequest, Message, RequestType, Transition
from iproceeds.directory.models import Authority, Party


class FieldOutput(serializers.Serializer):
    """A field of a catalogue section: its key (the key in `values`), kind and label."""

    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    kind = serializers.ChoiceField(choices=FieldKind.choices)
    required = serializers.BooleanField()  # type: ignore[assignment]
    repeatable = serializers.BooleanField()
    help_text = serializers.CharField()  # type: ignore[assignment]
    choices = serializers.ListField(child=serializers.DictField())


class SectionOutput(serializers.Serializer):
    """A section of a request type's form, in T-CY template order."""

    key = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    # "items", not "fields": a serializer's own `fields` attribute must not be shadowed.
    items = FieldOutput(many=True, source="fields.all")


class RequestTypeOutput(serializers.ModelSerializer):
    """A request type of the catalogue with its sections and fields."""

    label = serializers.CharField(read_only=True)  # type: ignore[assignment]
    urgency_options = serializers.ListField(child=serializers.ChoiceField(choices=Urgency.choices))
    sections = SectionOutput(many=True, source="sections.all", read_only=True)

    class Meta:
        model = RequestType
        fields = ["code", "label", "instrument", "article", "channel", "urgency_options", "sections"]
        read_only_fields = fields


class RequestAuthorityOutput(serializers.Serializer):
    """An authority named by id, name and Party code."""

    id = serializers.IntegerField()
    name = serializers.CharField()
    party = serializers.CharField(source="party.code")


class RequestSummaryOutput(serializers.ModelSerializer):
    """A request in a list: who, what type, where it stands, its next deadline; never its content."""

    request_type = serializers.CharField(source="request_type.code", read_only=True)
    request_type_label = serializers.CharField(source="request_type.label", read_only=True)
    requesting_authority = RequestAuthorityOutput(read_only=True)
    requested_party = serializers.CharField(source="requested_party.code", read_only=True)
    requested_authority = RequestAuthorityOutput(read_only=True, allow_null=True)
    box = serializers.SerializerMethodField(help_text=_("inbox (received) or outbox (sent)"))

    class Meta:
        model = CooperationRequest
        fields = [
            "reference", "request_type", "request_type_label", "status", "urgency", "box",
            "requesting_authority", "requested_party", "requested_authority", "created_at", "updated_at",
            "submitted_at", "next_due_at", "next_due_key",
        ]  # fmt: skip
        read_only_fields = fields

    def get_box(self, obj: CooperationRequest) -> str:
        user = self.context["request"].user
        return "outbox" if obj.requesting_authority_id == user.authority_id else "inbox"

    def to_representation(self, instance: CooperationRequest) -> dict[str, Any]:
        """What DRF's field-by-field representation gives (a test compares them), built directly: a
        page of 50 rows went through some 1,000 field calls (and the fields are not even built)."""
        zone = timezone.get_current_timezone()
        return {
            "reference": instance.reference,
            "request_type": instance.request_type.code,
            "request_type_label": str(instance.request_type.label),
            "status": instance.status,
            "urgency": instance.urgency,
            "box": self.get_box(instance),
            "requesting_authority": _authority(instance.requesting_authority),
            "requested_party": instance.requested_party.code,
            "requested_authority": _authority(instance.requested_authority),
            **{name: _iso(getattr(instance, name), zone) for name in _MOMENTS},
            "next_due_key": instance.next_due_key,
        }


_MOMENTS = ("created_at", "updated_at", "submitted_at", "next_due_at")


def _iso(moment: datetime | None, zone: tzinfo) -> str | None:
    """DRF's DateTimeField output (ISO 8601 in the active zone, "Z" for UTC) of an aware moment."""
    if moment is None:
        return None
    text = moment.astimezone(zone).isoformat()
    return text[:-6] + "Z" if text.endswith("+00:00") else text


def _authority(authority: Authority | None) -> dict[str, Any] | None:
    """RequestAuthorityOutput's representation."""
    if authority is None:
        return None
    return {"id": authority.pk, "name": authority.name, "party": authority.party.code}


class ActionOutput(serializers.Serializer):
    """A lifecycle step the token's user may make now."""

    action = serializers.CharField()
    label = serializers.CharField()  # type: ignore[assignment]
    needs_reason = serializers.BooleanField()
    needs_time_limit = serializers.BooleanField()


class RequestDetailOutput(RequestSummaryOutput):
    """One request; `values` is null and `content_hidden` true while the receiver must accept conditions."""

    content_hidden = serializers.BooleanField(
        read_only=True, help_text=_("True while your organisation must accept the conditions first.")
    )
    conditions = serializers.DictField(child=serializers.CharField(), read_only=True)
    values = serializers.SerializerMethodField()
    requester_reference = serializers.SerializerMethodField()
    earlier_reference = serializers.SerializerMethodField()
    follows = serializers.CharField(source="follows.reference", read_only=True, default=None)
    warnings = serializers.ListField(child=serializers.CharField(), read_only=True)
    actions = ActionOutput(many=True, read_only=True)

    # DRF's own field-by-field representation (the summary's shortcut knows only the summary's fields)
    to_representation = serializers.ModelSerializer.to_representation

    class Meta(RequestSummaryOutput.Meta):
        fields = [
            *RequestSummaryOutput.Meta.fields, "relation", "follows", "mla_pending_since",
            "requester_reference", "earlier_reference", "content_hidden", "conditions", "values",
            "warnings", "actions",
        ]  # fmt: skip
        read_only_fields = fields

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_values(self, obj: CooperationRequest) -> dict[str, Any] | None:
        return None if obj.content_hidden else obj.values  # type: ignore[attr-defined]

    def get_requester_reference(self, obj: CooperationRequest) -> str | None:
        return None if obj.content_hidden else obj.requester_reference  # type: ignore[attr-defined]

    def get_earlier_reference(self, obj: CooperationRequest) -> str | None:
        return None if obj.content_hidden else obj.earlier_reference  # type: ignore[attr-defined]


class DraftInput(serializers.Serializer):
    """A new draft: its type, recipient, urgency and content ({section: {field: value}})."""

    request_type: serializers.SlugRelatedField[RequestType] = serializers.SlugRelatedField(
        slug_field="code", queryset=RequestType.objects.filter(is_active=True)
    )
    requested_party: serializers.SlugRelatedField[Party] = serializers.SlugRelatedField(
        slug_field="code", queryset=Party.objects.all()
    )
    requested_authority: serializers.PrimaryKeyRelatedField[Authority] = serializers.PrimaryKeyRelatedField(
        queryset=Authority.objects.all(), required=False, allow_null=True
    )
    urgency = serializers.ChoiceField(choices=Urgency.choices, default=Urgency.NORMAL)
    values = serializers.DictField(child=serializers.DictField(), required=False, default=dict)


class DraftUpdateInput(DraftInput):
    """Changes to a draft; what is left out keeps its value (values are replaced as a whole)."""

    request_type = None  # type: ignore[assignment]


class SubmitInput(serializers.Serializer):
    """Sending a draft: confirm that the warnings were read (see `warnings` on the request)."""

    warnings_confirmed = serializers.BooleanField(default=False)


class SubmitOutput(serializers.Serializer):
    """The sent request and the warnings its sender confirmed."""

    request = RequestDetailOutput()
    warnings = serializers.ListField(child=serializers.CharField())


class StepInput(serializers.Serializer):
    """One lifecycle step; reasons and a time limit where the step needs them."""

    action = serializers.ChoiceField(choices=[(a, str(s.label)) for a, s in STEPS.items()])
    reason = serializers.CharField(required=False, allow_blank=True, default="")
    time_limit = serializers.DateField(required=False, allow_null=True, default=None)


class TransitionOutput(serializers.ModelSerializer):
    """A status change: who, when, why, and the SHA-256 of the content at that moment."""

    by = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="actor_authority.name", read_only=True)
    from_status = serializers.ChoiceField(choices=RequestStatus.choices, read_only=True)
    to_status = serializers.ChoiceField(choices=RequestStatus.choices, read_only=True)
    receipt_kind = serializers.ChoiceField(choices=[("", "-"), *ReceiptKind.choices], read_only=True)

    class Meta:
        model = Transition
        fields = [
            "id", "action", "from_status", "to_status", "by", "organisation", "at", "reason", "time_limit",
            "receipt_kind", "content_hash",
        ]  # fmt: skip
        read_only_fields = fields

    def get_by(self, obj: Transition) -> str:
        return obj.actor.get_full_name() or obj.actor.get_username()


class StatisticsRowOutput(serializers.Serializer):
    """Counts and timings of one request type, Party pair and month (no references, no content)."""

    request_type = serializers.CharField()
    from_party = serializers.CharField()
    to_party = serializers.CharField()
    month = serializers.CharField(help_text=_("YYYY-MM of submission (UTC)"))
    count = serializers.IntegerField()
    overdue = serializers.IntegerField()
    acknowledged = serializers.IntegerField()
    ack_median_hours = serializers.FloatField(allow_null=True)
    ack_p90_hours = serializers.FloatField(allow_null=True)
    outcomes = serializers.IntegerField()
    outcome_median_hours = serializers.FloatField(allow_null=True)
    outcome_p90_hours = serializers.FloatField(allow_null=True)


class AttachmentOutput(serializers.Serializer):
    """An attachment as listed: name, type, size and SHA-256 (download it from its own endpoint)."""

    id = serializers.IntegerField()
    filename = serializers.CharField()
    content_type = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()


class MessageOutput(serializers.ModelSerializer):
    """A message between the two sides, with its attachments."""

    author = serializers.SerializerMethodField()
    organisation = serializers.CharField(source="author_authority.name", read_only=True)
    attachments = AttachmentOutput(many=True, source="attachments.all", read_only=True)

    class Meta:
        model = Message
        fields = ["id", "author", "organisation", "body", "created_at", "attachments"]
        read_only_fields = fields

    def get_author(self, obj: Message) -> str:
        return obj.author.get_full_name() or obj.author.get_username()


class MessageInput(serializers.Serializer):
    """A message; files go as multipart parts named "files"."""

    body = serializers.CharField(required=False, allow_blank=True, default="")
    files = serializers.ListField(child=serializers.FileField(), required=False, default=list)

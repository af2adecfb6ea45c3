"""API: read the directory and maintain authorities and contacts, through the same services as the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import exceptions, serializers, status
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from iproceeds.api.authentication import HasScope
from iproceeds.directory import selectors, services
from iproceeds.directory.duty import whom_to_contact
from iproceeds.directory.models import (
    Authority,
    Competence,
    Contact,
    InstrumentStatus,
    Party,
    PartyDeclaration,
    PartySetting,
    ServiceProvider,
)

FACT_FIELDS = ["source", "as_of", "confidence", "to_verify"]


def _through_service[T](call: Callable[[], T]) -> T:
    """Run a service; its refusals become the API's 400 (naming fields) or 403 (saying why)."""
    try:
        return call()
    except DjangoValidationError as exc:
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        raise exceptions.ValidationError(detail) from exc
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


class InstrumentOutput(serializers.ModelSerializer):
    """A treaty's status for a Party, with its source."""

    class Meta:
        model = InstrumentStatus
        fields = ["instrument", "status", "signed_on", "ratified_on", "in_force_on", "notes", *FACT_FIELDS]
        read_only_fields = fields


class DeclarationOutput(serializers.ModelSerializer):
    """A reservation or declaration, with its source."""

    class Meta:
        model = PartyDeclaration
        fields = ["instrument", "article", "kind", "effect", "summary", *FACT_FIELDS]
        read_only_fields = fields


class SettingOutput(serializers.ModelSerializer):
    """A per-Party setting, with its source."""

    class Meta:
        model = PartySetting
        fields = ["key", "value", *FACT_FIELDS]
        read_only_fields = fields


class PartyOutput(serializers.ModelSerializer):
    """A Party with its sourced facts."""

    instruments = InstrumentOutput(many=True, read_only=True)
    declarations = DeclarationOutput(many=True, read_only=True)
    settings = SettingOutput(many=True, read_only=True, source="party_settings")

    class Meta:
        model = Party
        fields = [
            "code", "name", "name_local", "display_name", "footnote", "is_iproceeds", "is_demo",
            "instruments", "declarations", "settings",
        ]  # fmt: skip
        read_only_fields = fields


class CompetenceOutput(serializers.ModelSerializer):
    """A request type an authority receives, and through which channel."""

    class Meta:
        model = Competence
        fields = ["request_type", "channel", "notes"]
        read_only_fields = fields


CONTACT_FIELDS = [
    "name", "name_local", "function", "phone", "mobile", "email", "languages",
    "office_days", "office_opens", "office_closes", "is_active",
]  # fmt: skip
AUTHORITY_FIELDS = [
    "name", "name_local", "timezone", "phone_247", "email", "languages", "address", "notes",
    "office_days", "office_opens", "office_closes",
]  # fmt: skip


class AuthorityOutput(serializers.ModelSerializer):
    """An authority with its competences."""

    party: serializers.SlugRelatedField[Party] = serializers.SlugRelatedField(
        slug_field="code", read_only=True
    )
    competences = CompetenceOutput(many=True, read_only=True)

    class Meta:
        model = Authority
        fields = [
            "id",
            "party",
            "authority_type",
            *AUTHORITY_FIELDS,
            "competences",
            "last_confirmed_at",
            "is_demo",
        ]
        read_only_fields = fields


class AuthorityInput(serializers.Serializer):
    """Changes to an authority (all optional; phones in any form, stored in E.164)."""

    name = serializers.CharField(required=False)
    name_local = serializers.CharField(required=False, allow_blank=True)
    timezone = serializers.CharField(required=False)
    phone_247 = serializers.CharField(required=False, allow_blank=True)
    email = serializers.CharField(required=False, allow_blank=True)
    languages = serializers.CharField(required=False, allow_blank=True)
    address = serializers.CharField(required=False, allow_blank=True)
    notes = serializers.CharField(required=False, allow_blank=True)
    office_days = serializers.CharField(required=False, allow_blank=True)
    office_opens = serializers.TimeField(required=False, allow_null=True)
    office_closes = serializers.TimeField(required=False, allow_null=True)


class ContactOutput(serializers.ModelSerializer):
    """A contact of an authority."""

    class Meta:
        model = Contact
        fields = ["id", "authority", *CONTACT_FIELDS, "last_confirmed_at", "is_demo"]
        read_only_fields = fields


class ContactInput(serializers.Serializer):
    """A new contact, or changes to one (phones in any form, stored in E.164)."""

    name = serializers.CharField()
    name_local = serializers.CharField(required=False, allow_blank=True)
    function = serializers.CharField(required=False, allow_blank=True)
    phone = serializers.CharField(required=False, allow_blank=True)
    mobile = serializers.CharField(required=False, allow_blank=True)
    email = serializers.CharField(required=False, allow_blank=True)
    languages = serializers.CharField(required=False, allow_blank=True)
    office_days = serializers.CharField(required=False, allow_blank=True)
    office_opens = serializers.TimeField(required=False, allow_null=True)
    office_closes = serializers.TimeField(required=False, allow_null=True)
    is_active = serializers.BooleanField(required=False)


class ProviderOutput(serializers.ModelSerializer):
    """A provider or registrar with retention periods and identifiers."""

    retentions = serializers.SerializerMethodField()
    identifiers = serializers.SerializerMethodField()

    class Meta:
        model = ServiceProvider
        fields = [
            "id", "name", "kind", "jurisdiction", "le_email", "le_portal", "emergency_phone",
            "emergency_email", "legal_process", "notes", "retentions", "identifiers", "last_confirmed_at",
            "is_demo",
        ]  # fmt: skip
        read_only_fields = fields

    def get_retentions(self, obj: ServiceProvider) -> list[dict[str, Any]]:
        return [
            {
                "data_category": r.data_category,
                "period_days": r.period_days,
                "source": r.source,
                "as_of": r.as_of,
            }
            for r in obj.retentions.all()
        ]

    def get_identifiers(self, obj: ServiceProvider) -> list[dict[str, str]]:
        return [{"kind": i.kind, "value": i.value} for i in obj.identifiers.all()]


@extend_schema_field(OpenApiTypes.DATETIME)
class WallClockField(serializers.Field):
    """An aware datetime in its own zone (the counterpart's), ISO 8601 with its offset."""

    def to_representation(self, value: Any) -> str | None:
        return value.isoformat() if value else None


class ContactOptionOutput(serializers.Serializer):
    """One way to reach a counterpart now."""

    kind = serializers.CharField()
    authority = serializers.IntegerField(source="status.authority.pk")
    authority_name = serializers.CharField(source="status.authority.name")
    contact = serializers.IntegerField(source="status.contact.pk", allow_null=True, default=None)
    contact_name = serializers.CharField(source="status.contact.name", allow_null=True, default=None)
    phone = serializers.CharField()
    email = serializers.CharField()
    timezone = serializers.CharField(source="status.authority.timezone")
    local_time = WallClockField(source="status.local_now")
    on_duty_until = WallClockField(source="status.until_local", allow_null=True)
    in_office_hours = serializers.BooleanField(allow_null=True)


READ = [HasScope.of("read")]
WRITE = [HasScope.of("write")]


class PartyListApi(ListAPIView):
    """GET /api/v1/directory/parties/: every Party with its sourced facts."""

    permission_classes = READ
    serializer_class = PartyOutput

    def get_queryset(self) -> QuerySet[Party]:
        parties = selectors.parties_for_user(user=self.request.user)
        return parties.prefetch_related("instruments", "declarations", "party_settings")


class PartyDetailApi(APIView):
    """GET /api/v1/directory/parties/{code}/: one Party."""

    permission_classes = READ

    @extend_schema(responses=PartyOutput)
    def get(self, request: Request, code: str) -> Response:
        return Response(PartyOutput(selectors.get_party_for_user(user=request.user, code=code)).data)


class ContactNowApi(APIView):
    """GET /api/v1/directory/parties/{code}/contact-now/?request_type=X: whom to contact now."""

    permission_classes = READ

    @extend_schema(
        parameters=[
            OpenApiParameter("request_type", str, required=True, description=_("e.g. BC29_PRESERVATION"))
        ],
        responses=ContactOptionOutput(many=True),
    )
    def get(self, request: Request, code: str) -> Response:
        party = selectors.get_party_for_user(user=request.user, code=code)
        request_type = request.query_params.get("request_type", "")
        if not request_type:
            raise exceptions.ValidationError({"request_type": [_("Give the type of request.")]})
        options = whom_to_contact(user=request.user, party=party, request_type=request_type)
        return Response(ContactOptionOutput(options, many=True).data)


class AuthorityListApi(ListAPIView):
    """GET /api/v1/directory/authorities/?party=RS: authorities with their competences."""

    permission_classes = READ
    serializer_class = AuthorityOutput

    @extend_schema(parameters=[OpenApiParameter("party", str, description=_("Party code"))])
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[Authority]:
        selectors.parties_for_user(user=self.request.user)
        authorities = Authority.objects.select_related("party").prefetch_related("competences")
        code = self.request.query_params.get("party", "")
        return authorities.filter(party__code=code.upper()) if code else authorities


class AuthorityDetailApi(APIView):
    """GET or PATCH /api/v1/directory/authorities/{id}/."""

    def get_permissions(self) -> list[Any]:
        return [p() for p in (READ if self.request.method == "GET" else WRITE)]

    @extend_schema(responses=AuthorityOutput)
    def get(self, request: Request, pk: int) -> Response:
        return Response(AuthorityOutput(selectors.get_authority_for_user(user=request.user, pk=pk)).data)

    @extend_schema(request=AuthorityInput, responses=AuthorityOutput)
    def patch(self, request: Request, pk: int) -> Response:
        authority = selectors.get_authority_for_user(user=request.user, pk=pk)
        data = AuthorityInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        _through_service(
            lambda: services.entry_update(actor=request.user, instance=authority, changes=changes)
        )
        return Response(AuthorityOutput(authority).data)


class ContactListApi(APIView):
    """GET /api/v1/directory/authorities/{id}/contacts/, POST to add a contact."""

    def get_permissions(self) -> list[Any]:
        return [p() for p in (READ if self.request.method == "GET" else WRITE)]

    @extend_schema(responses=ContactOutput(many=True))
    def get(self, request: Request, pk: int) -> Response:
        authority = selectors.get_authority_for_user(user=request.user, pk=pk)
        return Response(ContactOutput(authority.contacts.all(), many=True).data)

    @extend_schema(request=ContactInput, responses={201: ContactOutput})
    def post(self, request: Request, pk: int) -> Response:
        authority = selectors.get_authority_for_user(user=request.user, pk=pk)
        data = ContactInput(data=request.data)
        data.is_valid(raise_exception=True)
        contact = Contact(authority=authority, **data.validated_data)
        _through_service(lambda: services.entry_create(actor=request.user, instance=contact))
        return Response(ContactOutput(contact).data, status=status.HTTP_201_CREATED)


class ContactDetailApi(APIView):
    """GET or PATCH /api/v1/directory/contacts/{id}/ (PATCH is_active=false retires a contact)."""

    def get_permissions(self) -> list[Any]:
        return [p() for p in (READ if self.request.method == "GET" else WRITE)]

    @extend_schema(responses=ContactOutput)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ContactOutput(selectors.get_contact_for_user(user=request.user, pk=pk)).data)

    @extend_schema(request=ContactInput, responses=ContactOutput)
    def patch(self, request: Request, pk: int) -> Response:
        contact = selectors.get_contact_for_user(user=request.user, pk=pk)
        data = ContactInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = dict(data.validated_data)
        _through_service(lambda: services.entry_update(actor=request.user, instance=contact, changes=changes))
        return Response(ContactOutput(contact).data)


class ConfirmApi(APIView):
    """POST /api/v1/directory/{authorities|contacts|providers}/{id}/confirm/: confirm an entry is current."""

    permission_classes = WRITE
    kind = ""

    @extend_schema(request=None, responses={204: None})
    def post(self, request: Request, pk: int) -> Response:
        getter = {
            "authority": selectors.get_authority_for_user,
            "contact": selectors.get_contact_for_user,
            "provider": selectors.get_provider_for_user,
        }[self.kind]
        entry = getter(user=request.user, pk=pk)
        _through_service(lambda: services.entry_confirm(actor=request.user, instance=entry))
        return Response(status=status.HTTP_204_NO_CONTENT)


class ProviderListApi(ListAPIView):
    """GET /api/v1/directory/providers/: service providers and registrars."""

    permission_classes = READ
    serializer_class = ProviderOutput

    def get_queryset(self) -> QuerySet[ServiceProvider]:
        providers = selectors.providers_for_user(user=self.request.user)
        return providers.prefetch_related("retentions", "identifiers")


class ProviderDetailApi(APIView):
    """GET /api/v1/directory/providers/{id}/."""

    permission_classes = READ

    @extend_schema(responses=ProviderOutput)
    def get(self, request: Request, pk: int) -> Response:
        return Response(ProviderOutput(selectors.get_provider_for_user(user=request.user, pk=pk)).data)

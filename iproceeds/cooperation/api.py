"""API: the whole lifecycle of cooperation requests, through the same selectors and services as the pages."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import QuerySet
from django.http import Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import exceptions, status
from rest_framework.generics import ListAPIView
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from iproceeds.api.authentication import HasScope
from iproceeds.audit.services import record_view
from iproceeds.cooperation import crypto, selectors, selectors_conversation, statistics
from iproceeds.cooperation.api_serializers import (
    DraftInput,
    DraftUpdateInput,
    MessageInput,
    MessageOutput,
    RequestDetailOutput,
    RequestSummaryOutput,
    RequestTypeOutput,
    StatisticsRowOutput,
    StepInput,
    SubmitInput,
    SubmitOutput,
    TransitionOutput,
)
from iproceeds.cooperation.conditions import conditions_of, must_accept_conditions
from iproceeds.cooperation.filters import INBOX, OUTBOX, RequestFilterForm, filter_requests
from iproceeds.cooperation.lifecycle import side_of, steps_for
from iproceeds.cooperation.models import CooperationRequest, RequestType, Transition
from iproceeds.cooperation.permissions import WRITER_ROLES, can_edit
from iproceeds.cooperation.services import conversation as conversation_services
from iproceeds.cooperation.services import lifecycle as lifecycle_services
from iproceeds.cooperation.services import requests as services

READ = [HasScope.of("read")]
WRITE = [HasScope.of("write")]


def _fields_of(exc: DjangoValidationError) -> dict[str, list[str]]:
    """A service's refusal as messages per field name."""
    return exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}


def _through_service[T](call: Callable[[], T], *, also: dict[str, list[str]] | None = None) -> T:
    """Run a service; its refusals become the API's 400 (naming fields) or 403 (saying why).

    `also` adds messages to a field the service refused (e.g. the warnings behind "warnings_confirmed").
    """
    try:
        return call()
    except DjangoValidationError as exc:
        fields = _fields_of(exc)
        for name, extra in (also or {}).items():
            if name in fields:
                fields[name] = [*fields[name], *extra]
        raise exceptions.ValidationError(fields) from exc
    except DjangoPermissionDenied as exc:
        raise exceptions.PermissionDenied(str(exc) or None) from exc


class ScopedByMethod(APIView):
    """GET needs the "read" scope, every other method "write"."""

    def get_permissions(self) -> list[Any]:
        return [p() for p in (READ if self.request.method in ("GET", "HEAD", "OPTIONS") else WRITE)]


def _get(request: Request, reference: str) -> CooperationRequest:
    """The request by reference; the same 404 for a missing one and one of other organisations."""
    return selectors.get_request_for_user(user=request.user, reference=reference)


def _detailed(coop_request: CooperationRequest, user: Any) -> CooperationRequest:
    """Attach what the detail shows besides the row: hidden content, conditions, warnings, actions."""
    side = side_of(user, coop_request) if getattr(user, "role", None) in WRITER_ROLES else ""
    may_edit = coop_request.is_draft and can_edit(user, coop_request)
    coop_request.content_hidden = must_accept_conditions(user=user, coop_request=coop_request)  # type: ignore[attr-defined]
    coop_request.conditions = conditions_of(coop_request)  # type: ignore[attr-defined]
    coop_request.warnings = selectors.request_warnings(coop_request=coop_request) if may_edit else []  # type: ignore[attr-defined]
    coop_request.actions = steps_for(side, coop_request.status)  # type: ignore[attr-defined]
    return coop_request


def _detail_data(request: Request, coop_request: CooperationRequest) -> Any:
    coop_request = _detailed(coop_request, request.user)
    return RequestDetailOutput(coop_request, context={"request": request}).data


LIST_PARAMETERS = [
    OpenApiParameter("box", str, enum=[INBOX, OUTBOX], description=_("inbox: received; outbox: sent")),
    OpenApiParameter("type", str, description=_("Request type code, e.g. BC29_PRESERVATION")),
    OpenApiParameter("status", str, description=_("Lifecycle status, e.g. submitted")),
    OpenApiParameter("party", str, description=_("Code of the Party on the other side")),
    OpenApiParameter("due_soon", bool, description=_("Next deadline within the due-soon window")),
    OpenApiParameter("overdue", bool, description=_("Next deadline passed")),
    OpenApiParameter("ordering", str, enum=["-created", "created", "due", "-due"]),
]


# What RequestSummaryOutput shows: the content JSON and the rest are left unread on lists.
SUMMARY_FIELDS = (
    "reference", "status", "urgency", "created_at", "updated_at", "submitted_at", "next_due_at",
    "next_due_key", "request_type__code", "request_type__labels", "requesting_authority__name",
    "requesting_authority__party__code", "requested_party__code", "requested_authority__name",
    "requested_authority__party__code",
)  # fmt: skip


class RequestListApi(ScopedByMethod, ListAPIView):
    """GET /api/v1/cooperation/requests/: requests sent and received; POST to create a draft."""

    serializer_class = RequestSummaryOutput

    @extend_schema(parameters=LIST_PARAMETERS)
    def get(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        return super().get(request, *args, **kwargs)

    def get_queryset(self) -> QuerySet[CooperationRequest]:
        params = self.request.query_params
        box = params.get("box", "")
        if box not in ("", INBOX, OUTBOX):
            raise exceptions.ValidationError({"box": [_("Use inbox or outbox.")]})
        form = RequestFilterForm(params)
        if not form.is_valid():
            raise exceptions.ValidationError(
                {name: [str(e) for e in errors] for name, errors in form.errors.items()}
            )
        user = self.request.user
        scoped = {
            INBOX: selectors.requests_received,
            OUTBOX: selectors.requests_sent,
            "": selectors.requests_visible_to,
        }[box](user=user)
        return filter_requests(scoped, cleaned=form.cleaned_data, box=box).only(*SUMMARY_FIELDS)

    @extend_schema(request=DraftInput, responses={201: RequestDetailOutput})
    def post(self, request: Request) -> Response:
        data = DraftInput(data=request.data)
        data.is_valid(raise_exception=True)
        coop_request = _through_service(
            lambda: services.request_create_draft(actor=request.user, **data.validated_data)
        )
        return Response(_detail_data(request, coop_request), status=status.HTTP_201_CREATED)


class RequestDetailApi(ScopedByMethod):
    """GET /api/v1/cooperation/requests/{reference}/ (audited), PATCH to change a draft."""

    @extend_schema(responses=RequestDetailOutput)
    def get(self, request: Request, reference: str) -> Response:
        coop_request = _get(request, reference)
        record_view(actor=request.user, target=coop_request, action="cooperation.request.viewed")
        return Response(_detail_data(request, coop_request))

    @extend_schema(request=DraftUpdateInput, responses=RequestDetailOutput)
    def patch(self, request: Request, reference: str) -> Response:
        coop_request = _get(request, reference)
        data = DraftUpdateInput(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        changes = data.validated_data
        arguments = {
            "requested_party": changes.get("requested_party", coop_request.requested_party),
            "requested_authority": changes.get("requested_authority", coop_request.requested_authority),
            "urgency": changes.get("urgency", coop_request.urgency),
            "values": changes.get("values", coop_request.values),
        }
        _through_service(
            lambda: services.request_update_draft(actor=request.user, coop_request=coop_request, **arguments)
        )
        return Response(_detail_data(request, coop_request))


class RequestSubmitApi(APIView):
    """POST /api/v1/cooperation/requests/{reference}/submit/: send a draft, confirming its warnings."""

    permission_classes = WRITE

    @extend_schema(request=SubmitInput, responses=SubmitOutput)
    def post(self, request: Request, reference: str) -> Response:
        coop_request = _get(request, reference)
        data = SubmitInput(data=request.data)
        data.is_valid(raise_exception=True)
        warnings = selectors.request_warnings(coop_request=coop_request) if coop_request.is_draft else []
        # A refusal to send unconfirmed warnings lists the warnings themselves.
        _through_service(
            lambda: services.request_submit(
                actor=request.user, coop_request=coop_request, **data.validated_data
            ),
            also={"warnings_confirmed": warnings},
        )
        body = {"request": _detail_data(request, coop_request), "warnings": warnings}
        return Response(body)


class RequestStepApi(APIView):
    """POST /api/v1/cooperation/requests/{reference}/steps/: one lifecycle step (see `actions`)."""

    permission_classes = WRITE

    @extend_schema(request=StepInput, responses={201: TransitionOutput})
    def post(self, request: Request, reference: str) -> Response:
        coop_request = _get(request, reference)
        data = StepInput(data=request.data)
        data.is_valid(raise_exception=True)
        entry = _through_service(
            lambda: lifecycle_services.request_transition(
                actor=request.user, coop_request=coop_request, **data.validated_data
            )
        )
        return Response(TransitionOutput(entry).data, status=status.HTTP_201_CREATED)


def _timeline(coop_request: CooperationRequest) -> QuerySet[Transition]:
    timeline = Transition.objects.filter(coop_request=coop_request)
    return timeline.select_related("actor", "actor_authority__party")


class TransitionListApi(APIView):
    """GET /api/v1/cooperation/requests/{reference}/transitions/: the timeline with its receipts."""

    permission_classes = READ

    @extend_schema(responses=TransitionOutput(many=True))
    def get(self, request: Request, reference: str) -> Response:
        coop_request = _get(request, reference)
        return Response(TransitionOutput(_timeline(coop_request), many=True).data)


class ReceiptApi(APIView):
    """GET /api/v1/cooperation/requests/{reference}/transitions/{id}/receipt/: a receipt (audited)."""

    permission_classes = READ

    @extend_schema(responses={200: dict})
    def get(self, request: Request, reference: str, pk: int) -> Response:
        coop_request = _get(request, reference)
        entry = _timeline(coop_request).filter(pk=pk).first()
        if entry is None or not entry.receipt_kind:
            raise Http404
        return Response(lifecycle_services.receipt_document(entry=entry, actor=request.user))


class ConditionsAcceptApi(APIView):
    """POST /api/v1/cooperation/requests/{reference}/conditions/accept/: the receiver accepts them."""

    permission_classes = WRITE

    @extend_schema(request=None, responses=RequestDetailOutput)
    def post(self, request: Request, reference: str) -> Response:
        coop_request = _get(request, reference)
        _through_service(
            lambda: conversation_services.conditions_accept(actor=request.user, coop_request=coop_request)
        )
        return Response(_detail_data(request, coop_request))


class MessageListApi(ScopedByMethod):
    """GET /api/v1/cooperation/requests/{reference}/messages/, POST (JSON or multipart with files)."""

    parser_classes = [JSONParser, MultiPartParser, FormParser]

    def _readable(self, request: Request, reference: str) -> CooperationRequest:
        coop_request = _get(request, reference)
        if must_accept_conditions(user=request.user, coop_request=coop_request):
            raise exceptions.PermissionDenied(_("Accept the conditions on use first."))
        return coop_request

    @extend_schema(responses=MessageOutput(many=True))
    def get(self, request: Request, reference: str) -> Response:
        messages = selectors_conversation.messages_of(coop_request=self._readable(request, reference))
        return Response(MessageOutput(messages, many=True).data)

    @extend_schema(request=MessageInput, responses={201: MessageOutput})
    def post(self, request: Request, reference: str) -> Response:
        coop_request = _get(request, reference)
        body = request.data.get("body", "") if hasattr(request.data, "get") else ""
        data = MessageInput(data={"body": body, "files": request.FILES.getlist("files")})
        data.is_valid(raise_exception=True)
        message = _through_service(
            lambda: conversation_services.message_post(
                actor=request.user, coop_request=coop_request, **data.validated_data
            )
        )
        return Response(MessageOutput(message).data, status=status.HTTP_201_CREATED)


class AttachmentApi(APIView):
    """GET /api/v1/cooperation/requests/{reference}/attachments/{id}/: the file, decrypted; audited."""

    permission_classes = READ

    @extend_schema(responses={(200, "application/octet-stream"): OpenApiTypes.BINARY})
    def get(self, request: Request, reference: str, pk: int) -> HttpResponse:
        attachment = selectors_conversation.get_attachment_for_user(
            user=request.user, reference=reference, pk=pk
        )
        try:
            data = _through_service(
                lambda: conversation_services.attachment_read(actor=request.user, attachment=attachment)
            )
        except crypto.AttachmentDecryptionError as exc:
            raise exceptions.APIException(
                _("The file failed its integrity check; the attempt was recorded.")
            ) from exc
        response = HttpResponse(data, content_type=attachment.content_type)
        response["Content-Disposition"] = f'attachment; filename="attachment-{attachment.pk}"'
        response["X-Content-Type-Options"] = "nosniff"
        response["Cache-Control"] = "no-store"
        return response


class RequestTypeListApi(ListAPIView):
    """GET /api/v1/cooperation/request-types/: the catalogue's active request types with their fields."""

    permission_classes = READ
    serializer_class = RequestTypeOutput

    def get_queryset(self) -> QuerySet[RequestType]:
        return RequestType.objects.filter(is_active=True).prefetch_related("sections__fields")


class RequestTypeDetailApi(APIView):
    """GET /api/v1/cooperation/request-types/{code}/."""

    permission_classes = READ

    @extend_schema(responses=RequestTypeOutput)
    def get(self, request: Request, code: str) -> Response:
        types = RequestType.objects.filter(is_active=True, code=code).prefetch_related("sections__fields")
        rtype = types.first()
        if rtype is None:
            raise Http404
        return Response(RequestTypeOutput(rtype).data)


class StatisticsApi(APIView):
    """GET /api/v1/cooperation/statistics/: counts and timings for the network secretariat only."""

    permission_classes = READ

    @extend_schema(responses=StatisticsRowOutput(many=True))
    def get(self, request: Request) -> Response:
        rows = _through_service(lambda: statistics.request_statistics(user=request.user, now=timezone.now()))
        return Response(StatisticsRowOutput(rows, many=True).data)

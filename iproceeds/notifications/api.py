"""API: the token user's notifications, and marking one read."""

from django.db.models import QuerySet
from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.generics import ListAPIView
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from iproceeds.api.authentication import HasScope
from iproceeds.notifications import selectors, services
from iproceeds.notifications.models import Notification


class NotificationOutput(serializers.ModelSerializer):
    """One notification as the API shows it."""

    is_read = serializers.SerializerMethodField(help_text=_("True once the user marked it read."))

    class Meta:
        model = Notification
        fields = [
            "id",
            "kind",
            "subject",
            "body",
            "url",
            "target_type",
            "target_id",
            "created_at",
            "read_at",
            "is_read",
        ]
        read_only_fields = fields

    def get_is_read(self, obj: Notification) -> bool:
        return obj.read_at is not None


class NotificationListApi(ListAPIView):
    """GET /api/v1/notifications/: the token user's notifications, newest first."""

    permission_classes = [HasScope.of("read")]
    serializer_class = NotificationOutput

    def get_queryset(self) -> QuerySet[Notification]:
        return selectors.notifications_for_user(user=self.request.user)


class NotificationReadApi(APIView):
    """POST /api/v1/notifications/{id}/read/: mark one of the token user's notifications read."""

    permission_classes = [HasScope.of("write")]

    @extend_schema(request=None, responses=NotificationOutput)
    def post(self, request: Request, pk: int) -> Response:
        notification = selectors.get_notification_for_user(user=request.user, pk=pk)
        services.notification_mark_read(notification=notification, actor=request.user)
        return Response(NotificationOutput(notification).data)

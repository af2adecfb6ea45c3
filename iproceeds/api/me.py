"""API: who the token belongs to; and the 404 for unknown API paths."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound
from rest_framework.permissions import AllowAny
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from iproceeds.api.authentication import HasScope


class AuthorityRef(serializers.Serializer):
    """An authority by id and name."""

    id = serializers.IntegerField()
    name = serializers.CharField()


class PartyRef(serializers.Serializer):
    """A Party by code and name."""

    code = serializers.CharField()
    name = serializers.CharField()


class MeOutput(serializers.Serializer):
    """The token user's identity and preferences."""

    username = serializers.CharField()
    name = serializers.CharField(source="get_full_name")
    authority = AuthorityRef(allow_null=True, help_text=_("The user's organisation."))
    party = PartyRef(
        source="authority.party", allow_null=True, help_text=_("The Party of that organisation.")
    )
    role = serializers.CharField()
    language = serializers.CharField()
    time_zone = serializers.CharField(source="timezone")


class MeApi(APIView):
    """GET /api/v1/me/: the user the token belongs to."""

    permission_classes = [HasScope.of("read")]

    @extend_schema(responses=MeOutput)
    def get(self, request: Request) -> Response:
        return Response(MeOutput(request.user).data)


class NotFoundApi(APIView):
    """Every unknown path under /api/: 404 in the API's error format."""

    permission_classes = [AllowAny]
    authentication_classes: list[type] = []

    @extend_schema(exclude=True)
    def get(self, request: Request) -> Response:
        raise NotFound

    post = put = patch = delete = get

"""The API token page (HTML, signed-in and verified) and the OpenAPI schema and docs."""

from typing import Any

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST
from django_otp.decorators import otp_required
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import permissions
from rest_framework.authentication import SessionAuthentication
from rest_framework.request import Request

from iproceeds.api import selectors, services
from iproceeds.api.authentication import ApiTokenAuthentication
from iproceeds.api.forms import TokenCreateForm


def _render_tokens(
    request: HttpRequest, form: TokenCreateForm, new_token: str = "", status: int = 200
) -> HttpResponse:
    tokens = selectors.tokens_for_user(user=request.user)
    context = {"form": form, "tokens": tokens, "new_token": new_token}
    return render(request, "api/token_list.html", context, status=status)


@otp_required
def token_list(request: HttpRequest) -> HttpResponse:
    """List the user's tokens; on POST create one and show its secret this once."""
    if request.method != "POST":
        return _render_tokens(request, TokenCreateForm())
    form = TokenCreateForm(request.POST)
    if not form.is_valid():
        return _render_tokens(request, form, status=400)
    try:
        _, raw = services.token_create(
            actor=request.user,
            name=form.cleaned_data["name"],
            scopes=form.cleaned_data["scopes"],
            expires_at=form.expires_at(request.user.timezone),  # type: ignore[union-attr]
        )
    except ValidationError as exc:
        _attach_errors(form, exc)
        return _render_tokens(request, form, status=400)
    response = _render_tokens(request, TokenCreateForm(), new_token=raw)
    # The secret is on this page only: no browser or proxy may keep a copy.
    patch_cache_control(response, no_store=True, private=True)
    return response


def _attach_errors(form: TokenCreateForm, exc: ValidationError) -> None:
    for field, errors in exc.message_dict.items():
        form.add_error("expires_on" if field == "expires_at" else field, errors)


@require_POST
@otp_required
def token_revoke(request: HttpRequest, pk: int) -> HttpResponse:
    """Revoke one of the user's tokens."""
    api_token = selectors.get_token_for_user(user=request.user, pk=pk)
    services.token_revoke(api_token=api_token, actor=request.user)
    messages.success(request, _("The token “%(name)s” is revoked.") % {"name": api_token.name})
    return redirect("api:token_list")


class IsVerifiedOrToken(permissions.BasePermission):
    """A valid API token, or a browser session with a verified second factor."""

    def has_permission(self, request: Request, view: Any) -> bool:
        user = request.user
        if request.auth is not None:
            return True
        return bool(user and user.is_authenticated and getattr(user, "is_verified", lambda: False)())


class SchemaView(SpectacularAPIView):
    """The OpenAPI schema, for a token or a verified session."""

    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]
    permission_classes = [IsVerifiedOrToken]


class DocsView(SpectacularSwaggerSplitView):
    """Swagger UI from local files; its start-up script loads from a URL, so CSP stays 'self' + nonce."""

    authentication_classes = [ApiTokenAuthentication, SessionAuthentication]
    permission_classes = [IsVerifiedOrToken]
    template_name = "api/swagger_ui.html"

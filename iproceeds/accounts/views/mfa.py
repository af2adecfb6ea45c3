"""Second-factor pages: verification, set-up, authenticator apps, recovery codes, the security page."""

from base64 import b32encode
from collections.abc import Callable
from functools import wraps
from typing import Any

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST
from django_otp import login as otp_login
from django_otp.models import Device
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice

from iproceeds.accounts.forms import CodeForm
from iproceeds.accounts.permissions import is_verified
from iproceeds.accounts.selectors import factors_for_user
from iproceeds.accounts.services import mfa
from iproceeds.accounts.views.common import safe_next

View = Callable[..., HttpResponse]
VERIFY_HELP = gettext_lazy("The six-digit code from your authenticator app, or one of your recovery codes.")


def setup_allowed(view: View) -> View:
    """Factor set-up needs a verified session, or a user who has no factor yet (first enrolment)."""

    @wraps(view)
    @login_required
    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        if not is_verified(request.user) and mfa.has_usable_factor(request.user):  # type: ignore[arg-type]
            return redirect(
                f"{reverse('accounts:mfa_verify')}?{urlencode({'next': request.get_full_path()})}"
            )
        return view(request, *args, **kwargs)

    return wrapper


def demo_code(user: Any) -> str | None:
    """In demo mode only, and for demo accounts only, the current code of the account's authenticator."""
    if not (settings.DEMO_MODE and user.is_demo):
        return None
    device = TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()
    if device is None:
        return None
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return str(totp.token()).zfill(device.digits)


@never_cache
@login_required
def verify(request: HttpRequest) -> HttpResponse:
    """Prove a second factor: authenticator code, recovery code or passkey."""
    next_url = safe_next(request)
    user = request.user
    if is_verified(user):
        return redirect(next_url)
    if not mfa.has_usable_factor(user):  # type: ignore[arg-type]
        return redirect(f"{reverse('accounts:mfa_setup')}?{urlencode({'next': next_url})}")
    form = CodeForm(request.POST or None, help_text=VERIFY_HELP)
    if request.method == "POST" and form.is_valid():
        device = mfa.mfa_verify(user=user, code=form.cleaned_data["code"], actor=user)  # type: ignore[arg-type]
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()  # a new session id once the session is fully authenticated
            return redirect(next_url)
        form.add_error("code", _("This code is wrong, has expired or was already used."))
    factors = factors_for_user(user=user)  # type: ignore[arg-type]
    context = {"form": form, "next": next_url, "demo_code": demo_code(user), **factors}
    return render(request, "accounts/mfa/verify.html", context)


@never_cache
@setup_allowed
def setup(request: HttpRequest) -> HttpResponse:
    """Choose a first second factor: an authenticator app or a passkey."""
    return render(request, "accounts/mfa/setup.html", {"next": safe_next(request)})


def _qr_svg(device: TOTPDevice) -> str:
    # segno writes only path elements from the otpauth URL it encodes, so the markup is safe inline.
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5, title=_("QR code for your authenticator app")
    )
    return mark_safe(svg)  # noqa: S308


@never_cache
@setup_allowed
def totp_setup(request: HttpRequest) -> HttpResponse:
    """Show a new authenticator secret as QR code and text; confirm it with a code."""
    device = mfa.totp_device_start(actor=request.user)  # type: ignore[arg-type]
    form = CodeForm(request.POST or None, help_text=_("The six digits your authenticator app shows now."))
    if request.method == "POST" and form.is_valid():
        try:
            mfa.totp_device_confirm(device=device, code=form.cleaned_data["code"], actor=request.user)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if not is_verified(request.user):
                otp_login(request, device)
                request.session.cycle_key()
            messages.success(
                request, _("Your authenticator app is set up. Now keep a set of recovery codes.")
            )
            return redirect("accounts:recovery_codes")
    secret = b32encode(device.bin_key).decode()
    context = {
        "form": form,
        "qr_svg": _qr_svg(device),
        "secret": " ".join(secret[i : i + 4] for i in range(0, len(secret), 4)),
    }
    return render(request, "accounts/mfa/totp_setup.html", context)


@never_cache
@setup_allowed
def recovery_codes(request: HttpRequest) -> HttpResponse:
    """Generate ten one-time recovery codes, shown once; generating again replaces the old ones."""
    if mfa.primary_factor_count(request.user) == 0:  # type: ignore[arg-type]
        # Codes are a back-up for an app or passkey, never the only factor.
        return redirect("accounts:mfa_setup")
    codes = mfa.recovery_codes_generate(actor=request.user) if request.method == "POST" else None  # type: ignore[arg-type]
    context = {"codes": codes, **factors_for_user(user=request.user)}  # type: ignore[arg-type]
    return render(request, "accounts/mfa/recovery_codes.html", context)


@require_POST
@setup_allowed
def device_remove(request: HttpRequest) -> HttpResponse:
    """Remove one of one's own factors, never the last one."""
    device = Device.from_persistent_id(request.POST.get("device", ""))
    if device is None or device.user_id != request.user.pk:
        raise Http404
    try:
        mfa.mfa_device_remove(device=device, actor=request.user)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("The second factor was removed."))
    return redirect("accounts:security")


@never_cache
@login_required
def security(request: HttpRequest) -> HttpResponse:
    """The user's factors and password, with ways to add, replace or remove them."""
    factors = factors_for_user(user=request.user)  # type: ignore[arg-type]
    primary = len(factors["totp_devices"]) + len(factors["passkeys"])
    return render(request, "accounts/security.html", {**factors, "primary_count": primary})

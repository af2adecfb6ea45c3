"""Sign-in, sign-out, password reset and password change."""

from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import login, logout, update_session_auth_hash
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse_lazy
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_POST

from iproceeds.accounts.forms import SignInForm
from iproceeds.accounts.services import profile, signin
from iproceeds.accounts.views.common import safe_next, set_language_cookie

BACKEND = "django.contrib.auth.backends.ModelBackend"


def sign_in_refused_message() -> str:
    """One message for every refusal, so it never tells whether the account exists or is locked."""
    return _(
        "We could not sign you in. Check your username or e-mail address and your password. "
        "After %(limit)s failed attempts in a row, sign-in is blocked for %(minutes)s minutes."
    ) % {"limit": settings.LOGIN_FAILURE_LIMIT, "minutes": settings.LOGIN_LOCKOUT_MINUTES}


@sensitive_post_parameters("password")
@csrf_protect
@never_cache
def login_view(request: HttpRequest) -> HttpResponse:
    """Check username or e-mail and password; the second factor follows on the next page."""
    next_url = safe_next(request)
    if request.user.is_authenticated:
        return redirect(next_url)
    form = SignInForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        user = signin.sign_in_attempt(
            identifier=form.cleaned_data["identifier"],
            password=form.cleaned_data["password"],
            actor=request.user,
        )
        if user is not None:
            login(request, user, backend=BACKEND)
            # The second-factor middleware sends the user on to verification or set-up.
            response = redirect(next_url)
            set_language_cookie(response, user.language)
            return response
        form.add_error(None, sign_in_refused_message())
    return render(request, "accounts/login.html", {"form": form, "next": next_url})


@require_POST
def logout_view(request: HttpRequest) -> HttpResponse:
    """End the session; audited when someone was signed in."""
    if request.user.is_authenticated:
        signin.sign_out_record(actor=request.user)
    logout(request)
    messages.info(request, _("You have signed out."))
    return redirect("accounts:login")


class PasswordResetView(auth_views.PasswordResetView):
    """Ask for a reset link by e-mail; the answer is the same whether the address is known or not."""

    template_name = "accounts/password_reset_form.html"
    email_template_name = "accounts/email/password_reset_body.txt"
    subject_template_name = "accounts/email/password_reset_subject.txt"
    success_url = reverse_lazy("accounts:password_reset_done")

    def form_valid(self, form: PasswordResetForm) -> HttpResponse:
        profile.password_reset_request(email=form.cleaned_data["email"], actor=self.request.user)
        return super().form_valid(form)


class PasswordResetDoneView(auth_views.PasswordResetDoneView):
    """Tell the user to look in their mailbox."""

    template_name = "accounts/password_reset_done.html"


class PasswordResetConfirmView(auth_views.PasswordResetConfirmView):
    """Choose a password from an e-mailed link (reset or invitation)."""

    template_name = "accounts/password_reset_confirm.html"
    success_url = reverse_lazy("accounts:password_reset_complete")

    def form_valid(self, form: SetPasswordForm) -> HttpResponse:
        user = form.user
        reason = "reset" if user.has_usable_password() else "invitation"
        profile.user_password_set(
            user=user, password=form.cleaned_data["new_password1"], actor=None, reason=reason
        )
        del self.request.session[auth_views.INTERNAL_RESET_SESSION_TOKEN]
        return HttpResponseRedirect(self.get_success_url())

    def get_context_data(self, **kwargs: Any) -> dict[str, Any]:
        context = super().get_context_data(**kwargs)
        user = getattr(self, "user", None)
        context["is_invitation"] = bool(user is not None and not user.has_usable_password())
        return context


class PasswordResetCompleteView(auth_views.PasswordResetCompleteView):
    """The password is set; sign in with it."""

    template_name = "accounts/password_reset_complete.html"


class PasswordChangeView(auth_views.PasswordChangeView):
    """Change one's own password, knowing the current one."""

    template_name = "accounts/password_change_form.html"
    success_url = reverse_lazy("accounts:security")

    def form_valid(self, form: PasswordChangeForm) -> HttpResponse:
        user = form.user
        profile.user_password_set(
            user=user, password=form.cleaned_data["new_password1"], actor=user, reason="change"
        )
        # Keep this session signed in (and verified); other sessions of the user end.
        update_session_auth_hash(self.request, user)
        messages.success(self.request, _("Your password was changed."))
        return HttpResponseRedirect(self.get_success_url())

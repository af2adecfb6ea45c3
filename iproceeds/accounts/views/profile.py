"""The user's own profile: name, language and time zone."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import translation
from django.utils.translation import gettext as _

from iproceeds.accounts.forms import ProfileForm
from iproceeds.accounts.services import profile as profile_services
from iproceeds.accounts.services.profile import PROFILE_FIELDS
from iproceeds.accounts.views.common import set_language_cookie


@login_required
def profile(request: HttpRequest) -> HttpResponse:
    """Show and change one's own name, language and time zone."""
    user = request.user
    initial = {name: getattr(user, name) for name in PROFILE_FIELDS}
    form = ProfileForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            profile_services.user_profile_update(user=user, actor=user, **form.cleaned_data)  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            translation.activate(form.cleaned_data["language"])
            messages.success(request, _("Your profile was saved."))
            response = redirect("accounts:profile")
            set_language_cookie(response, form.cleaned_data["language"])
            return response
    return render(request, "accounts/profile.html", {"form": form})

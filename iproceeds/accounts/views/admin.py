"""Organisation administration: users of one's own organisation (every organisation for the secretariat)."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from iproceeds.accounts import selectors
from iproceeds.accounts.emails import send_invitation
from iproceeds.accounts.forms import InviteForm, RoleForm
from iproceeds.accounts.models import User
from iproceeds.accounts.permissions import can_administer_users, require_user_administrator
from iproceeds.accounts.services import admin as admin_services
from iproceeds.audit import services as audit_services


def _managed_user(request: HttpRequest, pk: int, attempted: str | None = None) -> User:
    """The user to act on, or 403/404; a refused change attempt is audited and changes nothing."""
    actor = request.user
    target = selectors.get_user_for_admin(actor=actor, pk=pk)
    if target is not None:
        return target
    if attempted is not None:
        outside = selectors.user_exists_outside_scope(actor=actor, pk=pk)
        if outside is not None or not can_administer_users(actor):
            admin_services.user_access_refuse(actor=actor, target=outside, target_id=pk, attempted=attempted)  # type: ignore[arg-type]
    require_user_administrator(actor)
    # The same answer for a missing user and for one of another organisation.
    raise Http404(_("No such user in the organisations you administer."))


@login_required
def user_list(request: HttpRequest) -> HttpResponse:
    """The users the administrator manages."""
    require_user_administrator(request.user)
    users = selectors.users_visible_to(actor=request.user)
    return render(request, "accounts/admin/user_list.html", {"users": users})


@login_required
def user_invite(request: HttpRequest) -> HttpResponse:
    """Add a colleague: they receive an e-mail with a link to choose their password."""
    require_user_administrator(request.user)
    form = InviteForm(request.POST or None, actor=request.user)  # type: ignore[arg-type]
    if request.method == "POST" and form.is_valid():
        site_url = request.build_absolute_uri("/")
        inviter = str(request.user)
        try:
            user = admin_services.user_invite(
                actor=request.user,  # type: ignore[arg-type]
                **form.cleaned_data,
                send_invitation=lambda u: send_invitation(u, site_url=site_url, invited_by=inviter),
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("%(user)s was invited by e-mail.") % {"user": user})
            return redirect("accounts:user_detail", pk=user.pk)
    return render(request, "accounts/admin/user_invite.html", {"form": form})


@login_required
def user_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """One managed user, with their role and status."""
    require_user_administrator(request.user)
    target = _managed_user(request, pk)
    form = RoleForm(initial={"role": target.role}, actor=request.user)  # type: ignore[arg-type]
    audit_services.record_view(actor=request.user, target=target)
    return render(request, "accounts/admin/user_detail.html", {"target": target, "form": form})


@require_POST
@login_required
def user_role(request: HttpRequest, pk: int) -> HttpResponse:
    """Give a managed user another role."""
    target = _managed_user(request, pk, attempted="role_change")
    form = RoleForm(request.POST, actor=request.user)  # type: ignore[arg-type]
    if form.is_valid():
        try:
            admin_services.user_role_change(actor=request.user, user=target, role=form.cleaned_data["role"])  # type: ignore[arg-type]
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("The role was changed."))
            return redirect("accounts:user_detail", pk=target.pk)
    return render(request, "accounts/admin/user_detail.html", {"target": target, "form": form}, status=400)


def _set_active(request: HttpRequest, pk: int, active: bool) -> HttpResponse:
    attempted = "reactivate" if active else "deactivate"
    target = _managed_user(request, pk, attempted=attempted)
    service = admin_services.user_reactivate if active else admin_services.user_deactivate
    try:
        service(actor=request.user, user=target)  # type: ignore[arg-type]
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("The user was reactivated.") if active else _("The user was deactivated.")
        )
    return redirect("accounts:user_detail", pk=target.pk)


@require_POST
@login_required
def user_deactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """Stop a managed user from signing in."""
    return _set_active(request, pk, active=False)


@require_POST
@login_required
def user_reactivate(request: HttpRequest, pk: int) -> HttpResponse:
    """Let a managed user sign in again."""
    return _set_active(request, pk, active=True)

"""The user's notifications page: list, mark one read, mark all read."""

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST
from django_otp.decorators import otp_required

from iproceeds.notifications import selectors, services


@otp_required
def notification_list(request: HttpRequest) -> HttpResponse:
    """The signed-in user's notifications, newest first."""
    notifications = selectors.notifications_for_user(user=request.user)
    page = Paginator(notifications, 50).get_page(request.GET.get("page"))
    unread = selectors.unread_count_for_user(user=request.user)
    return render(request, "notifications/notification_list.html", {"page": page, "unread": unread})


@require_POST
@otp_required
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read and follow its link if it has one."""
    notification = selectors.get_notification_for_user(user=request.user, pk=pk)
    services.notification_mark_read(notification=notification, actor=request.user)
    safe = url_has_allowed_host_and_scheme(notification.url, allowed_hosts={request.get_host()})
    return redirect(notification.url if notification.url and safe else "notifications:list")


@require_POST
@otp_required
def notification_read_all(request: HttpRequest) -> HttpResponse:
    """Mark every unread notification of the user read."""
    count = services.notification_mark_all_read(actor=request.user)
    text = ngettext("%(count)d notification marked read.", "%(count)d notifications marked read.", count)
    messages.success(request, text % {"count": count})
    return redirect("notifications:list")

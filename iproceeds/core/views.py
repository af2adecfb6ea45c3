"""The landing page after sign-in: where to start, what is new."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from iproceeds.notifications.selectors import notifications_for_user, unread_count_for_user


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Show the signed-in user's starting page: directory search and the latest notifications."""
    context = {
        "latest_notifications": notifications_for_user(user=request.user)[:5],
        "unread_count": unread_count_for_user(user=request.user),
    }
    return render(request, "core/home.html", context)

from django.urls import include, path, re_path

from iproceeds.api import me, views
from iproceeds.notifications import api as notifications_api

app_name = "api"

v1 = [
    path("me/", me.MeApi.as_view(), name="me"),
    path("notifications/", notifications_api.NotificationListApi.as_view(), name="notification_list"),
    path(
        "notifications/<int:pk>/read/",
        notifications_api.NotificationReadApi.as_view(),
        name="notification_read",
    ),
]

urlpatterns = [
    path("tokens/", views.token_list, name="token_list"),
    path("tokens/<int:pk>/revoke/", views.token_revoke, name="token_revoke"),
    path("schema/", views.SchemaView.as_view(), name="schema"),
    path("docs/", views.DocsView.as_view(url_name="api:schema"), name="docs"),
    path("v1/", include(v1)),
    # Anything else under /api/ answers 404 in the API's error format, not an HTML page.
    re_path(r"^.*$", me.NotFoundApi.as_view(), name="not_found"),
]

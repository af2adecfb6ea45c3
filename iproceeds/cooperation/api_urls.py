"""The cooperation API's routes, mounted under /api/v1/cooperation/."""

from django.urls import path

from iproceeds.cooperation import api

urlpatterns = [
    path("requests/", api.RequestListApi.as_view(), name="request_list"),
    path("requests/<str:reference>/", api.RequestDetailApi.as_view(), name="request_detail"),
    path("requests/<str:reference>/submit/", api.RequestSubmitApi.as_view(), name="request_submit"),
    path("requests/<str:reference>/steps/", api.RequestStepApi.as_view(), name="request_step"),
    path("requests/<str:reference>/transitions/", api.TransitionListApi.as_view(), name="transition_list"),
    path(
        "requests/<str:reference>/transitions/<int:pk>/receipt/",
        api.ReceiptApi.as_view(),
        name="receipt",
    ),
    path(
        "requests/<str:reference>/conditions/accept/",
        api.ConditionsAcceptApi.as_view(),
        name="conditions_accept",
    ),
    path("requests/<str:reference>/messages/", api.MessageListApi.as_view(), name="message_list"),
    path("requests/<str:reference>/attachments/<int:pk>/", api.AttachmentApi.as_view(), name="attachment"),
    path("request-types/", api.RequestTypeListApi.as_view(), name="request_type_list"),
    path("request-types/<str:code>/", api.RequestTypeDetailApi.as_view(), name="request_type_detail"),
    path("statistics/", api.StatisticsApi.as_view(), name="statistics"),
]

from django.urls import path

from iproceeds.cooperation import views, views_conversation, views_deadlines, views_lists, views_pdf

app_name = "cooperation"
urlpatterns = [
    path("", views_lists.request_list, name="list"),
    path("inbox/", views_lists.inbox, name="inbox"),
    path("outbox/", views_lists.outbox, name="outbox"),
    path("due/", views_lists.due, name="due"),
    path("statistics/", views_lists.statistics_page, name="statistics"),
    path("new/", views.request_type_choose, name="choose_type"),
    path("new/<str:code>/", views.request_create, name="create"),
    path("<str:reference>/", views.request_detail, name="detail"),
    path("<str:reference>/edit/", views.request_edit, name="edit"),
    path("<str:reference>/submit/", views.request_submit, name="submit"),
    path("<str:reference>/step/", views.request_step, name="step"),
    path("<str:reference>/receipts/<int:pk>/", views.receipt_download, name="receipt"),
    path("<str:reference>/messages/", views_conversation.message_post, name="message_post"),
    path("<str:reference>/attachments/<int:pk>/", views_conversation.attachment_download, name="attachment"),
    path(
        "<str:reference>/conditions/accept/", views_conversation.conditions_accept, name="conditions_accept"
    ),
    path("<str:reference>/pdf/", views_pdf.request_pdf_download, name="pdf"),
    path("<str:reference>/extend/", views_deadlines.preservation_extend, name="preservation_extend"),
    path("<str:reference>/follow-up/", views_deadlines.preservation_follow_up, name="preservation_follow_up"),
]

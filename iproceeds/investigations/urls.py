from django.urls import path

from iproceeds.investigations import views

app_name = "investigations"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/team/", views.case_team, name="team"),
    path("<str:reference>/<str:section>/", views.case_section, name="section"),
]

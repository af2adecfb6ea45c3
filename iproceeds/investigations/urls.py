from django.urls import path

from iproceeds.investigations import views, views_measures, views_statements, views_traces

app_name = "investigations"
urlpatterns = [
    path("", views.case_list, name="list"),
    path("new/", views.case_create, name="create"),
    path("exchange-rates/", views_measures.exchange_rates, name="exchange_rates"),
    path("<str:reference>/", views.case_detail, name="detail"),
    path("<str:reference>/team/", views.case_team, name="team"),
    path("<str:reference>/traces/", views_traces.trace_list, name="traces"),
    path("<str:reference>/traces/<int:pk>/", views_traces.trace_detail, name="trace"),
    path("<str:reference>/statements/", views_statements.statement_list, name="statements"),
    path("<str:reference>/statements/preview/", views_statements.statement_preview, name="statement_preview"),
    path("<str:reference>/statements/import/", views_statements.statement_import, name="statement_import"),
    path("<str:reference>/measures/", views_measures.measure_list, name="measures"),
    path("<str:reference>/restitution/", views_measures.restitution_list, name="restitution"),
    path("<str:reference>/<str:section>/", views.case_section, name="section"),
]

from django.urls import path

from iproceeds.investigations import (
    views,
    views_exports,
    views_measures,
    views_patterns,
    views_requests,
    views_statements,
    views_traces,
)

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
    path("<str:reference>/statements/mapping/", views_statements.statement_mapping, name="statement_mapping"),
    path("<str:reference>/statements/jobs/<int:pk>/", views_statements.import_job_detail, name="import_job"),
    path(
        "<str:reference>/traces/<int:pk>/schedule/<int:index>.<str:kind>",
        views_traces.schedule_download,
        name="trace_schedule",
    ),
    path("<str:reference>/measures/", views_measures.measure_list, name="measures"),
    path("<str:reference>/restitution/", views_measures.restitution_list, name="restitution"),
    path("<str:reference>/requests/", views_requests.case_requests, name="requests"),
    path("<str:reference>/patterns/", views_patterns.pattern_list, name="patterns"),
    path("<str:reference>/patterns/<int:pk>/decide/", views_patterns.finding_decide, name="finding_decide"),
    path("<str:reference>/export/ftm/", views_exports.export_ftm, name="export_ftm"),
    path("<str:reference>/export/xlsx/", views_exports.export_xlsx, name="export_xlsx"),
    path("<str:reference>/<str:section>/", views.case_section, name="section"),
]

from django.urls import path

from iproceeds.directory.views import changes, exchange, facts, pages

app_name = "directory"
urlpatterns = [
    path("", pages.index, name="index"),
    path("search/", pages.search, name="search"),
    path("parties/<str:code>/", pages.party_detail, name="party_detail"),
    path("parties/<str:code>/instruments/<str:instrument>/", facts.instrument_edit, name="instrument_edit"),
    path("parties/<str:code>/settings/<str:key>/", facts.setting_edit, name="setting_edit"),
    path("parties/<str:code>/declarations/new/", facts.declaration_add, name="declaration_add"),
    path("parties/<str:code>/declarations/<int:pk>/", facts.declaration_edit, name="declaration_edit"),
    path("authorities/<int:pk>/", pages.authority_detail, name="authority_detail"),
    path("providers/", pages.provider_list, name="provider_list"),
    path("providers/<int:pk>/", pages.provider_detail, name="provider_detail"),
    path("stale/", pages.stale, name="stale"),
    path("confirm/<str:kind>/<int:pk>/", changes.entry_confirm, name="entry_confirm"),
    path("contacts/<int:pk>/edit/", changes.contact_edit, name="contact_edit"),
    path("authorities/<int:pk>/contacts/new/", changes.contact_add, name="contact_add"),
    path("authorities/<int:pk>/shifts/new/", changes.shift_add, name="shift_add"),
    path("authorities/<int:pk>/overrides/new/", changes.override_add, name="override_add"),
    path(
        "authorities/<int:pk>/<str:kind>/<int:entry_pk>/delete/",
        changes.roster_entry_delete,
        name="roster_entry_delete",
    ),
    path("contacts/<int:pk>/vcard/", exchange.contact_vcard, name="contact_vcard"),
    path("export.<str:fmt>", exchange.export, name="export"),
    path("import/", exchange.import_table, name="import"),
]

from django.urls import path

from iproceeds.directory.views import changes, exchange, pages

app_name = "directory"
urlpatterns = [
    path("", pages.index, name="index"),
    path("search/", pages.search, name="search"),
    path("parties/<str:code>/", pages.party_detail, name="party_detail"),
    path("authorities/<int:pk>/", pages.authority_detail, name="authority_detail"),
    path("providers/", pages.provider_list, name="provider_list"),
    path("providers/<int:pk>/", pages.provider_detail, name="provider_detail"),
    path("stale/", pages.stale, name="stale"),
    path("confirm/<str:kind>/<int:pk>/", changes.entry_confirm, name="entry_confirm"),
    path("contacts/<int:pk>/vcard/", exchange.contact_vcard, name="contact_vcard"),
    path("export.<str:fmt>", exchange.export, name="export"),
    path("import/", exchange.import_table, name="import"),
]

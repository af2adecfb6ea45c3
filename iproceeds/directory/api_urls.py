"""The directory's API routes, mounted by iproceeds.api under /api/v1/directory/."""

from django.urls import path

from iproceeds.directory import api

urlpatterns = [
    path("parties/", api.PartyListApi.as_view(), name="directory_party_list"),
    path("parties/<str:code>/", api.PartyDetailApi.as_view(), name="directory_party_detail"),
    path("parties/<str:code>/contact-now/", api.ContactNowApi.as_view(), name="directory_contact_now"),
    path("authorities/", api.AuthorityListApi.as_view(), name="directory_authority_list"),
    path("authorities/<int:pk>/", api.AuthorityDetailApi.as_view(), name="directory_authority_detail"),
    path("authorities/<int:pk>/contacts/", api.ContactListApi.as_view(), name="directory_contact_list"),
    path(
        "authorities/<int:pk>/confirm/",
        api.ConfirmApi.as_view(kind="authority"),
        name="directory_authority_confirm",
    ),
    path("contacts/<int:pk>/", api.ContactDetailApi.as_view(), name="directory_contact_detail"),
    path(
        "contacts/<int:pk>/confirm/", api.ConfirmApi.as_view(kind="contact"), name="directory_contact_confirm"
    ),
    path("providers/", api.ProviderListApi.as_view(), name="directory_provider_list"),
    path("providers/<int:pk>/", api.ProviderDetailApi.as_view(), name="directory_provider_detail"),
    path(
        "providers/<int:pk>/confirm/",
        api.ConfirmApi.as_view(kind="provider"),
        name="directory_provider_confirm",
    ),
]

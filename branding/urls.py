from django.urls import path

from branding.views import magic_links, settings

urlpatterns = [
    path("", settings.branding_settings, name="settings"),
    path("preview/", settings.preview, name="preview"),
    path("reset/", settings.reset, name="reset"),
    path(
        "companies/<int:company_id>/magic-links/new/",
        magic_links.create_company_link,
        name="company-link-create",
    ),
    path(
        "connections/<int:connection_id>/magic-links/new/",
        magic_links.create_connection_link,
        name="connection-link-create",
    ),
    path(
        "magic-links/<int:link_id>/revoke/",
        magic_links.revoke_link,
        name="magic-link-revoke",
    ),
]

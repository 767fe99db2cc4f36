from django.contrib.auth import views as auth_views
from django.urls import include, path

urlpatterns = [
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("", include("organizations.urls")),
    path(
        "settings/organization/repository/",
        include(("repository.urls", "repository")),
    ),
    path("settings/organization/billing/", include(("billing.urls", "billing"))),
    path("billing/", include(("billing.webhook_urls", "billing-webhook"))),
    path("settings/organization/white-label/", include(("branding.urls", "branding"))),
    path("p/", include(("branding.public_urls", "magic-links"))),
    path("settings/organization/api-keys/", include(("apikeys.urls", "apikeys"))),
    path("api/v1/", include(("apikeys.api_urls", "api"))),
]

handler403 = "organizations.errors.permission_denied"
handler404 = "organizations.errors.page_not_found"

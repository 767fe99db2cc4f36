from django.urls import re_path
from rest_framework.routers import SimpleRouter

from apikeys.api import docs, views
from apikeys.api.errors import json_not_found

# Paths work with and without the trailing slash, as clients write both.
router = SimpleRouter(trailing_slash="/?")
router.register("companies", views.CompanyViewSet, basename="company")
router.register("sites", views.SiteViewSet, basename="site")
router.register("connections", views.ConnectionViewSet, basename="connection")
router.register("accounts", views.AccountViewSet, basename="account")
router.register("meters", views.MeterViewSet, basename="meter")
router.register("bills", views.BillViewSet, basename="bill")

urlpatterns = [
    re_path(r"^ping/?$", views.PingView.as_view(), name="ping"),
    re_path(r"^schema/?$", docs.SchemaView.as_view(), name="schema"),
    re_path(r"^docs/?$", docs.reference, name="reference"),
    *router.urls,
    # Unknown paths under the API return JSON, like every other API error.
    re_path(r"^.*$", json_not_found),
]

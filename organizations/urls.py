from django.urls import path

from organizations import views

urlpatterns = [
    path("", views.home, name="home"),
    path(
        "organizations/switch/", views.switch_organization, name="switch-organization"
    ),
    path("settings/organization/faq/", views.settings_faq, name="settings-faq"),
]

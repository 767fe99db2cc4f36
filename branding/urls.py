from django.urls import path

from branding import views

urlpatterns = [
    path("", views.settings, name="settings"),
]

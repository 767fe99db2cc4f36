from django.urls import path

from repository import views

urlpatterns = [
    path("", views.bills, name="bills"),
]

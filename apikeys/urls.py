from django.urls import path

from apikeys import views

urlpatterns = [
    path("", views.key_list, name="list"),
]

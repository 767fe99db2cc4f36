from django.urls import path

from apikeys import views

urlpatterns = [
    path("", views.key_list, name="list"),
    path("new/", views.key_create, name="create"),
    path("<int:pk>/roll/", views.key_roll, name="roll"),
    path("<int:pk>/delete/", views.key_delete, name="delete"),
]

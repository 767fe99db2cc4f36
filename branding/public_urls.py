from django.urls import path

from branding.views import public

urlpatterns = [
    path("<str:token>/", public.magic_link, name="start"),
    path("<str:token>/done/", public.done, name="done"),
]

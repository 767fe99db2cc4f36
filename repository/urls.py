from django.urls import path

from repository import views

urlpatterns = [
    path("", views.bills, name="bills"),
    path("bills/export/", views.bills_export, name="bills-export"),
    path("bills/<int:pk>/", views.bill_detail, name="bill-detail"),
    path("meters/", views.meters, name="meters"),
    path("meters/export/", views.meters_export, name="meters-export"),
    path("meters/<int:pk>/", views.meter_detail, name="meter-detail"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/export/", views.accounts_export, name="accounts-export"),
    path("accounts/<int:pk>/", views.account_detail, name="account-detail"),
    path("connections/", views.connections, name="connections"),
    path("connections/export/", views.connections_export, name="connections-export"),
    path("connections/<int:pk>/", views.connection_detail, name="connection-detail"),
    path("companies/", views.companies, name="companies"),
    path("companies/<int:pk>/", views.company_detail, name="company-detail"),
]

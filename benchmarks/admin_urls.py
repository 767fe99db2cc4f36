"""The project's URLs plus a plain Django admin for bills.

benchmarks/repository.py compares the admin's changelist, with its default paginator,
to the Bills page at the same depth. The admin shows the Bills page's columns, with the
same joined tables and page size.
"""

from django.contrib import admin
from django.urls import path

from nectar.urls import urlpatterns as project_urlpatterns
from repository.listing import PAGE_SIZE
from repository.models import Bill


@admin.register(Bill)
class BillAdmin(admin.ModelAdmin):
    list_display = [
        "statement_date",
        "company",
        "site",
        "account",
        "meter",
        "utility_type",
        "period_start",
        "period_end",
        "total_charges",
        "usage",
        "status",
        "source",
    ]
    list_select_related = ["company", "account", "meter", "meter__site"]
    list_per_page = PAGE_SIZE

    @admin.display(description="Site")
    def site(self, bill):
        return bill.meter.site if bill.meter else None


urlpatterns = [
    path("bench-admin/", admin.site.urls),
    *project_urlpatterns,
]

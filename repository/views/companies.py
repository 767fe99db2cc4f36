"""The organization's companies, with counts of their repository rows."""

from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.shortcuts import get_object_or_404, render

from organizations.models import Company
from organizations.permissions import org_admin_required
from repository.filters import CompanyFilter
from repository.listing import page_of, render_results
from repository.models import Account, Bill, Connection, Meter, Site

COUNTED_MODELS = {
    "site_count": Site,
    "connection_count": Connection,
    "meter_count": Meter,
    "bill_count": Bill,
}


def _count_per_company(model):
    # One correlated subquery per model: joining all four tables at once would
    # multiply the rows and need COUNT(DISTINCT) over millions of bills.
    counts = (
        model.objects.filter(company=OuterRef("pk"))
        .order_by()
        .values("company")
        .annotate(total=Count("pk"))
        .values("total")
    )
    return Coalesce(Subquery(counts, output_field=IntegerField()), 0)


@org_admin_required
def companies(request):
    annotations = {
        name: _count_per_company(model) for name, model in COUNTED_MODELS.items()
    }
    filterset = CompanyFilter(
        request.GET, queryset=Company.objects.annotate(**annotations), request=request
    )
    filterset.is_valid()
    context = {
        "filter": filterset,
        "page": page_of(filterset.qs, request.GET.get("page")),
        "current_sort": (filterset.form.cleaned_data.get("sort") or ["name"])[0],
    }
    return render_results(
        request,
        "repository/companies.html",
        "repository/partials/companies_results.html",
        context,
    )


@org_admin_required
def company_detail(request, pk):
    company = get_object_or_404(Company, pk=pk)
    context = {
        "company": company,
        "sites": Site.objects.filter(company=company),
        "connections": Connection.objects.filter(company=company),
        "counts": {
            "sites": Site.objects.filter(company=company).count(),
            "connections": Connection.objects.filter(company=company).count(),
            "accounts": Account.objects.filter(company=company).count(),
            "meters": Meter.objects.filter(company=company).count(),
            "bills": Bill.objects.filter(company=company).count(),
        },
    }
    return render(request, "repository/company_detail.html", context)

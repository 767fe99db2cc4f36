"""Detail pages of one bill, account, meter or connection.

Lookups go through the organization-scoped managers, so another organization's ids
are 404 like unknown ones.
"""

from django.shortcuts import get_object_or_404, render

from organizations.permissions import org_admin_required
from repository.models import Account, Bill, Connection, Meter

RECENT_BILLS = 12


def _recent_bills(**lookup):
    bills = Bill.objects.filter(**lookup).select_related("meter", "meter__site")
    return bills.order_by("-statement_date", "-id")[:RECENT_BILLS]


@org_admin_required
def bill_detail(request, pk):
    bill = get_object_or_404(
        Bill.objects.select_related(
            "company", "account", "meter", "meter__site", "connection"
        ),
        pk=pk,
    )
    return render(request, "repository/bill_detail.html", {"bill": bill})


@org_admin_required
def account_detail(request, pk):
    account = get_object_or_404(
        Account.objects.select_related("company", "connection"), pk=pk
    )
    context = {
        "account": account,
        "meters": Meter.objects.filter(account=account).select_related("site"),
        "recent_bills": _recent_bills(account=account),
        "bill_count": Bill.objects.filter(account=account).count(),
    }
    return render(request, "repository/account_detail.html", context)


@org_admin_required
def meter_detail(request, pk):
    meter = get_object_or_404(
        Meter.objects.select_related("company", "site", "account__connection"), pk=pk
    )
    context = {
        "meter": meter,
        "recent_bills": _recent_bills(meter=meter),
        "bill_count": Bill.objects.filter(meter=meter).count(),
    }
    return render(request, "repository/meter_detail.html", context)


@org_admin_required
def connection_detail(request, pk):
    connection = get_object_or_404(Connection.objects.select_related("company"), pk=pk)
    accounts = Account.objects.filter(connection=connection)
    context = {
        "connection": connection,
        "accounts": accounts,
        "bill_count": Bill.objects.filter(connection=connection).count(),
    }
    return render(request, "repository/connection_detail.html", context)

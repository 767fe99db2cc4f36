"""The four tables of the data repository, each with its CSV export."""

from django.db.models import F

from organizations.permissions import org_admin_required
from repository.filters import AccountFilter, BillFilter, ConnectionFilter, MeterFilter
from repository.listing import Table, export_table, render_table
from repository.models import Account, Bill, Connection, Meter


def _site_name(site):
    return site.name if site else ""


def _isoformat(moment):
    return moment.isoformat() if moment else ""


CONNECTIONS = Table(
    name="connections",
    title="Connections",
    filterset_class=ConnectionFilter,
    rows=lambda: Connection.objects.select_related("company"),
    default_sort="provider",
    form_fields=["q", "company", "status", "created_via"]
    + ["created_after", "created_before"],
    csv_columns=[
        ("Connection ID", lambda c: c.pk),
        ("Company", lambda c: c.company.name),
        ("Provider", lambda c: c.provider_name),
        ("Provider URL", lambda c: c.provider_url),
        ("Username", lambda c: c.username),
        ("Status", lambda c: c.status),
        ("Created via", lambda c: c.created_via),
        ("Created at", lambda c: _isoformat(c.created_at)),
        ("Last synced at", lambda c: _isoformat(c.last_synced_at)),
    ],
)

ACCOUNTS = Table(
    name="accounts",
    title="Accounts",
    filterset_class=AccountFilter,
    rows=lambda: Account.objects.select_related("company", "connection"),
    default_sort="account_number",
    form_fields=["q", "company", "utility_type", "status", "tracked"],
    chip_fields=["connection"],
    csv_columns=[
        ("Account ID", lambda a: a.pk),
        ("Company", lambda a: a.company.name),
        ("Account number", lambda a: a.account_number),
        ("Utility type", lambda a: a.utility_type),
        ("Status", lambda a: a.status),
        ("Tracked", lambda a: "yes" if a.tracked else "no"),
        ("Provider", lambda a: a.connection.provider_name),
        ("Connection username", lambda a: a.connection.username),
        ("Created at", lambda a: _isoformat(a.created_at)),
    ],
)

METERS = Table(
    name="meters",
    title="Meters",
    filterset_class=MeterFilter,
    rows=lambda: Meter.objects.select_related(
        "company", "site", "account", "account__connection"
    ),
    default_sort="meter_number",
    form_fields=["q", "company", "site", "utility_type", "tracked"]
    + ["period_after", "period_before"],
    chip_fields=["connection", "account"],
    csv_columns=[
        ("Meter ID", lambda m: m.pk),
        ("Company", lambda m: m.company.name),
        ("Meter number", lambda m: m.meter_number),
        ("Utility type", lambda m: m.utility_type),
        ("Tracked", lambda m: "yes" if m.tracked else "no"),
        ("Site", lambda m: _site_name(m.site)),
        ("Site address", lambda m: m.site.address if m.site else ""),
        ("Account number", lambda m: m.account.account_number),
        ("Provider", lambda m: m.account.connection.provider_name),
    ],
)


def bill_page_rows():
    """Bills with only the columns the Bills page shows."""
    return Bill.objects.only(
        "organization",
        "company",
        "account",
        "meter",
        "statement_date",
        "period_start",
        "period_end",
        "utility_type",
        "total_charges",
        "currency",
        "usage",
        "usage_unit",
        "status",
        "source",
    )


def bill_page_names(bills):
    """Add the names of each bill's company, account, meter and site.

    Annotations of the same query rather than select_related(), which would build
    five model instances for each bill instead of one. bill_rows() in
    repository/templatetags/repository.py renders them.
    """
    return bills.annotate(
        company_name=F("company__name"),
        account_number=F("account__account_number"),
        meter_number=F("meter__meter_number"),
        site_name=F("meter__site__name"),
    )


BILLS = Table(
    name="bills",
    title="Bills",
    filterset_class=BillFilter,
    rows=bill_page_rows,
    page_columns=bill_page_names,
    export_rows=lambda: Bill.objects.select_related(
        "company", "account", "meter__site", "connection"
    ),
    default_sort="-statement_date",
    form_fields=["q", "company", "site", "utility_type", "status", "source"]
    + ["period_after", "period_before", "statement_after", "statement_before"],
    chip_fields=["connection", "account", "meter"],
    csv_columns=[
        ("Bill ID", lambda b: b.pk),
        ("Company", lambda b: b.company.name),
        ("Site", lambda b: _site_name(b.meter.site) if b.meter else ""),
        ("Provider", lambda b: b.connection.provider_name if b.connection else ""),
        ("Account number", lambda b: b.account.account_number),
        ("Meter number", lambda b: b.meter.meter_number if b.meter else ""),
        ("Utility type", lambda b: b.utility_type),
        ("Period start", lambda b: b.period_start.isoformat()),
        ("Period end", lambda b: b.period_end.isoformat()),
        ("Statement date", lambda b: b.statement_date.isoformat()),
        ("Total charges", lambda b: b.total_charges),
        ("Currency", lambda b: b.currency),
        ("Usage", lambda b: "" if b.usage is None else b.usage),
        ("Usage unit", lambda b: b.usage_unit),
        ("Status", lambda b: b.status),
        ("Source", lambda b: b.source),
    ],
)


@org_admin_required
def connections(request):
    return render_table(request, CONNECTIONS)


@org_admin_required
def connections_export(request):
    return export_table(request, CONNECTIONS)


@org_admin_required
def accounts(request):
    return render_table(request, ACCOUNTS)


@org_admin_required
def accounts_export(request):
    return export_table(request, ACCOUNTS)


@org_admin_required
def meters(request):
    return render_table(request, METERS)


@org_admin_required
def meters_export(request):
    return export_table(request, METERS)


@org_admin_required
def bills(request):
    return render_table(request, BILLS)


@org_admin_required
def bills_export(request):
    return export_table(request, BILLS)

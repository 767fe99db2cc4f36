"""Measure the Billing page's server time with 10,000 invoices and 1,000,000 bills.

Usage:
    python benchmarks/billing.py --database-url postgres://USER@HOST:5432/DBNAME

The database should be a dedicated one: the script migrates it, fills it once (later
runs reuse the rows) and renders the page in-process with Django's test Client, so the
figures are server time without network or browser. Drop the database afterwards.
"""

import argparse
import datetime
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.in_process import set_up_django  # noqa: E402

ORGANIZATION_SLUG = "billing-bench"
BILLS = 1_000_000
INVOICES = 10_000
METERS = 5_000
CONNECTIONS = 1_000
# Bills are processed evenly over the last two years, so the current month contains
# about one in 24 of them.
BILL_DAYS = 730


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL URL")
    parser.add_argument(
        "--requests", type=int, default=200, help="number of timed requests"
    )
    parser.add_argument(
        "--warmup", type=int, default=20, help="number of untimed warm-up requests"
    )
    return parser.parse_args()


def _repository_rows(organization):
    from organizations.models import Company
    from repository.models import Account, Connection, Meter

    company = Company.objects.create(organization=organization, name="Bench Co")
    connections = Connection.objects.bulk_create(
        Connection(
            organization=organization,
            company=company,
            provider_name="Con Edison",
            username=f"user-{index}",
            status=Connection.Status.ACTIVE,
        )
        for index in range(CONNECTIONS)
    )
    accounts = Account.objects.bulk_create(
        Account(
            organization=organization,
            company=company,
            connection=connections[index % CONNECTIONS],
            account_number=f"AC-{index}",
            utility_type="electricity",
        )
        for index in range(METERS)
    )
    meters = Meter.objects.bulk_create(
        Meter(
            organization=organization,
            company=company,
            account=account,
            meter_number=f"MT-{index}",
            utility_type="electricity",
        )
        for index, account in enumerate(accounts)
    )
    return company, meters


def _copy_bills(organization, company, meters):
    """Load the bills with COPY, which is far faster than INSERT for a million rows."""
    from django.db import connection
    from django.utils import timezone

    now = timezone.now()
    random.seed(7)
    columns = (
        "organization_id, company_id, account_id, meter_id, connection_id, "
        "utility_type, period_start, period_end, statement_date, total_charges, "
        "currency, usage, usage_unit, status, source, created_at, processed_at"
    )
    connection.ensure_connection()
    raw_cursor = connection.connection.cursor()
    with (
        raw_cursor,
        raw_cursor.copy(f"COPY repository_bill ({columns}) FROM STDIN") as copy,
    ):
        for index in range(BILLS):
            meter = meters[index % len(meters)]
            processed_at = now - datetime.timedelta(
                seconds=random.randrange(BILL_DAYS * 86400)
            )
            end = processed_at.date() - datetime.timedelta(days=5)
            status = "processed" if index % 10 else "pending"
            copy.write_row(
                (
                    organization.pk,
                    company.pk,
                    meter.account_id,
                    meter.pk,
                    meter.account.connection_id,
                    "electricity",
                    end - datetime.timedelta(days=30),
                    end,
                    end + datetime.timedelta(days=3),
                    "123.45",
                    "USD",
                    "850.000",
                    "kWh",
                    status,
                    "connection",
                    processed_at,
                    processed_at if status == "processed" else None,
                )
            )
    connection.connection.commit()


def _invoices(organization, customer):
    from billing.models import Invoice

    start = datetime.datetime(2000, 1, 1, tzinfo=datetime.UTC)
    batch = []
    for index in range(INVOICES):
        period_start = start + datetime.timedelta(days=index)
        period_end = period_start + datetime.timedelta(days=1)
        batch.append(
            Invoice(
                organization=organization,
                stripe_id=f"in_bench_{index}",
                customer_stripe_id=customer.stripe_id,
                number=f"BENCH-{index:05d}",
                status="paid",
                currency="usd",
                subtotal=90_000,
                tax=6_525,
                total=96_525,
                amount_due=96_525,
                period_start=period_start,
                period_end=period_end,
                created=period_end,
                snapshot_at=period_end,
            )
        )
    Invoice.objects.bulk_create(batch, batch_size=2_000)


def fill_database():
    from django.db import connection

    from billing.demo import seed_billing
    from organizations.models import Membership, Organization
    from organizations.tenancy import activate, unscoped
    from tests.factories import UserFactory

    organization = Organization.objects.filter(slug=ORGANIZATION_SLUG).first()
    if organization is not None:
        return organization, Membership.objects.get(organization=organization).user
    started = time.perf_counter()
    organization = Organization.objects.create(
        name="Billing Bench", slug=ORGANIZATION_SLUG, billing_email="b@example.com"
    )
    user = UserFactory(username="billing-bench-admin")
    Membership.objects.create(
        user=user, organization=organization, role=Membership.Role.ADMIN
    )
    with unscoped():
        company, meters = _repository_rows(organization)
        _copy_bills(organization, company, meters)
    customer = seed_billing(organization, months=0)
    with activate(organization):
        _invoices(organization, customer)
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    print(f"Generated the data in {time.perf_counter() - started:.1f} s")
    return organization, user


def _use_full_period(organization):
    """Make the current period the last 30 days, so it contains a full month of bills
    whatever the day of the month the script runs on."""
    from django.utils import timezone

    from billing.models import Subscription
    from organizations.tenancy import unscoped

    now = timezone.now()
    with unscoped():
        Subscription.objects.filter(organization=organization).update(
            current_period_start=now - datetime.timedelta(days=30),
            current_period_end=now + datetime.timedelta(days=1),
        )


def measure(user, requests, warmup):
    from django.test import Client
    from django.urls import reverse

    client = Client()
    client.force_login(user)
    url = reverse("billing:overview")
    timings = []
    for index in range(warmup + requests):
        started = time.perf_counter()
        response = client.get(url)
        elapsed = (time.perf_counter() - started) * 1000
        if response.status_code != 200:
            raise SystemExit(f"{url} returned HTTP {response.status_code}")
        if index >= warmup:
            timings.append(elapsed)
    return timings


def main():
    arguments = parse_arguments()
    set_up_django(arguments.database_url)
    from django.utils import timezone

    from billing.models import Invoice
    from organizations.tenancy import unscoped
    from repository.models import Bill

    organization, user = fill_database()
    _use_full_period(organization)
    with unscoped():
        bills = Bill.objects.filter(organization=organization).count()
        invoices = Invoice.objects.filter(organization=organization).count()
    with unscoped():
        in_period = Bill.objects.filter(
            organization=organization,
            status=Bill.Status.PROCESSED,
            processed_at__gte=timezone.now() - datetime.timedelta(days=30),
        ).count()
    print(
        f"Organization {organization.slug}: {bills:,} bills ({in_period:,} processed "
        f"in the current period), {invoices:,} invoices"
    )
    timings = measure(user, arguments.requests, arguments.warmup)
    p95 = statistics.quantiles(timings, n=100)[94]
    print(
        f"Billing page over {len(timings)} requests after {arguments.warmup} "
        f"warm-up: median {statistics.median(timings):.1f} ms, p95 {p95:.1f} ms, "
        f"max {max(timings):.1f} ms"
    )


if __name__ == "__main__":
    main()

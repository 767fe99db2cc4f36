"""Demo billing data: a mirrored customer, subscription and a year of invoices.

Stripe cannot create invoices dated in the past, so the subscription, its card and
its invoices exist only in the mirror, under ids that start with `demo_`. The customer
is real where STRIPE_SECRET_KEY is set (a test-mode key): it is created in Stripe the
same way a first visit to the Billing page creates it, so "Manage billing" opens
Stripe's test-mode portal. Without a key the customer is mirror-only as well.
"""

import datetime

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from billing import stripe_api, usage
from billing.models import Invoice, PaymentMethod, StripeCustomer, Subscription
from billing.sync import customer_for, ensure_customer
from organizations.tenancy import activate
from repository.models import Connection, Meter

PLAN_AMOUNT = 49_000
TAX_RATE = 0.0725
DEMO_ADDRESS = {
    "address_line1": "500 Market Street",
    "address_line2": "Suite 1200",
    "city": "San Francisco",
    "state": "CA",
    "postal_code": "94105",
    "country": "US",
}


def _month_start(moment: datetime.datetime, months_back: int) -> datetime.datetime:
    start = moment.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    for _ in range(months_back):
        start = (start - datetime.timedelta(days=1)).replace(day=1)
    return start


def _next_month(start: datetime.datetime) -> datetime.datetime:
    return (start + datetime.timedelta(days=32)).replace(day=1)


def _customer(organization, now) -> StripeCustomer:
    if stripe_api.is_configured():
        customer = ensure_customer(organization)
    else:
        customer = customer_for(organization) or StripeCustomer(
            organization=organization,
            stripe_id=f"cus_demo_{organization.slug}"[:255],
            snapshot_at=now,
        )
    customer.name = customer.name or organization.name
    customer.email = customer.email or organization.billing_email
    for field, value in DEMO_ADDRESS.items():
        setattr(customer, field, getattr(customer, field) or value)
    customer.save()
    return customer


def _payment_method(organization, customer, now) -> PaymentMethod:
    payment_method, _ = PaymentMethod.objects.update_or_create(
        stripe_id=f"pm_demo_{organization.slug}",
        defaults={
            "organization": organization,
            "customer_stripe_id": customer.stripe_id,
            "brand": "visa",
            "last4": "4242",
            "exp_month": 8,
            "exp_year": now.year + 2,
            "snapshot_at": now,
        },
    )
    if not customer.default_payment_method_id:
        customer.default_payment_method_id = payment_method.stripe_id
        customer.save(update_fields=["default_payment_method_id"])
    return payment_method


def _subscription(organization, customer, now, months) -> Subscription:
    period_start = _month_start(now, 0)
    subscription, _ = Subscription.objects.update_or_create(
        stripe_id=f"sub_demo_{organization.slug}",
        defaults={
            "organization": organization,
            "customer_stripe_id": customer.stripe_id,
            "status": Subscription.Status.ACTIVE,
            "product_name": "Nectar Growth",
            "price_name": "Growth, monthly",
            "currency": "usd",
            "unit_amount": PLAN_AMOUNT,
            "quantity": 1,
            "interval": "month",
            "interval_count": 1,
            "connection_unit_amount": settings.BILLING_PRICE_ACTIVE_CONNECTION,
            "meter_unit_amount": settings.BILLING_PRICE_TRACKED_METER,
            "bill_unit_amount": settings.BILLING_PRICE_BILL_PROCESSED,
            "current_period_start": period_start,
            "current_period_end": _next_month(period_start),
            "created": _month_start(now, months),
            "snapshot_at": now,
        },
    )
    return subscription


def _invoice_subtotal(subscription, start, end, connections, meters) -> int:
    bills = usage.count_processed_bills(start, end)
    return (
        PLAN_AMOUNT
        + connections * subscription.connection_unit_amount
        + meters * subscription.meter_unit_amount
        + bills * subscription.bill_unit_amount
    )


def _invoices(organization, customer, subscription, now, months) -> None:
    connections = Connection.objects.filter(status=Connection.Status.ACTIVE).count()
    meters = Meter.objects.filter(tracked=True).count()
    for months_back in range(1, months + 1):
        start = _month_start(now, months_back)
        end = _next_month(start)
        subtotal = _invoice_subtotal(subscription, start, end, connections, meters)
        tax = round(subtotal * TAX_RATE)
        number = f"DEMO-{organization.pk:04d}-{start:%Y%m}"
        # The newest invoice is still awaiting its automatic charge.
        status = Invoice.Status.OPEN if months_back == 1 else Invoice.Status.PAID
        Invoice.objects.update_or_create(
            stripe_id=f"in_demo_{organization.slug}_{start:%Y%m}",
            defaults={
                "organization": organization,
                "customer_stripe_id": customer.stripe_id,
                "subscription_stripe_id": subscription.stripe_id,
                "number": number,
                "status": status,
                "currency": "usd",
                "subtotal": subtotal,
                "tax": tax,
                "total": subtotal + tax,
                "amount_due": subtotal + tax,
                "period_start": start,
                "period_end": end,
                "created": end + datetime.timedelta(hours=1),
                "snapshot_at": now,
            },
        )


def seed_billing(organization, months: int = 12) -> StripeCustomer:
    """Give `organization` a billing customer, subscription and `months` invoices.

    Running it again updates the same rows instead of adding new ones. Invoice
    amounts follow the organization's usage: its active connections and tracked
    meters today, and the bills processed in each invoice's month.
    """
    now = timezone.now()
    with activate(organization), transaction.atomic():
        customer = _customer(organization, now)
        _payment_method(organization, customer, now)
        subscription = _subscription(organization, customer, now, months)
        _invoices(organization, customer, subscription, now, months)
    return customer

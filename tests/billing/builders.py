"""Mirror rows for billing tests, created directly in the database."""

import datetime

from billing.models import Invoice, PaymentMethod, StripeCustomer, Subscription

SNAPSHOT = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)


def utc(year, month, day, hour=0):
    return datetime.datetime(year, month, day, hour, tzinfo=datetime.UTC)


def make_customer(organization, stripe_id="cus_test_acme", **fields):
    values = {"name": organization.name, "email": organization.billing_email}
    values.update(fields)
    return StripeCustomer.objects.create(
        organization=organization, stripe_id=stripe_id, snapshot_at=SNAPSHOT, **values
    )


def make_payment_method(customer, stripe_id="pm_test_visa", **fields):
    values = {"brand": "visa", "last4": "4242", "exp_month": 4, "exp_year": 2029}
    values.update(fields)
    return PaymentMethod.objects.create(
        organization=customer.organization,
        customer_stripe_id=customer.stripe_id,
        stripe_id=stripe_id,
        snapshot_at=SNAPSHOT,
        **values,
    )


def make_subscription(customer, stripe_id="sub_test_acme", **fields):
    values = {
        "status": Subscription.Status.ACTIVE,
        "product_name": "Nectar Growth",
        "price_name": "Growth, monthly",
        "currency": "usd",
        "unit_amount": 49_000,
        "interval": "month",
        "current_period_start": utc(2026, 3, 1),
        "current_period_end": utc(2026, 4, 1),
        "created": utc(2025, 3, 1),
    }
    values.update(fields)
    return Subscription.objects.create(
        organization=customer.organization,
        customer_stripe_id=customer.stripe_id,
        stripe_id=stripe_id,
        snapshot_at=SNAPSHOT,
        **values,
    )


def make_invoice(customer, stripe_id, period_start, period_end, **fields):
    values = {
        "number": stripe_id.upper(),
        "status": Invoice.Status.PAID,
        "currency": "usd",
        "subtotal": 10_000,
        "tax": 0,
        "total": 10_000,
        "amount_due": 10_000,
        "created": period_end,
    }
    values.update(fields)
    return Invoice.objects.create(
        organization=customer.organization,
        customer_stripe_id=customer.stripe_id,
        stripe_id=stripe_id,
        period_start=period_start,
        period_end=period_end,
        snapshot_at=SNAPSHOT,
        **values,
    )

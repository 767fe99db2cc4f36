"""Stripe object shapes that localstripe cannot produce (prices, current API)."""

from billing import mirror
from billing.models import Invoice, PaymentMethod, StripeCustomer, Subscription
from tests.billing.builders import make_customer, utc

# Subscription in the shape of Stripe's API since 2025-03-31: prices instead of
# plans, and the current period on each item.
SUBSCRIPTION = {
    "id": "sub_current_api",
    "object": "subscription",
    "customer": "cus_test_acme",
    "status": "trialing",
    "created": 1767225600,
    "cancel_at_period_end": False,
    "trial_end": 1769904000,
    "default_payment_method": None,
    "items": {
        "data": [
            {
                "quantity": 2,
                "current_period_start": 1772323200,
                "current_period_end": 1775001600,
                "price": {
                    "nickname": "Growth, monthly",
                    "unit_amount": 49000,
                    "currency": "eur",
                    "recurring": {"interval": "month", "interval_count": 1},
                    "product": {"id": "prod_growth", "name": "Nectar Growth"},
                    "metadata": {},
                },
            },
            {
                "price": {
                    "unit_amount": 650,
                    "currency": "eur",
                    "product": "prod_usage",
                    "metadata": {"nectar_usage": "active_connections"},
                }
            },
            {
                "price": {
                    "unit_amount": 30,
                    "currency": "eur",
                    "product": "prod_usage",
                    "metadata": {"nectar_usage": "bills_processed"},
                }
            },
        ]
    },
}

INVOICE = {
    "id": "in_current_api",
    "object": "invoice",
    "customer": "cus_test_acme",
    "parent": {"subscription_details": {"subscription": "sub_current_api"}},
    "number": "ACME-0007",
    "status": "open",
    "currency": "jpy",
    "subtotal": 10000,
    "total_taxes": [{"amount": 600}, {"amount": 400}],
    "total": 11000,
    "amount_due": 11000,
    "period_start": 1772323200,
    "period_end": 1775001600,
    "created": 1775005200,
    "hosted_invoice_url": "https://invoice.stripe.com/i/acct/test",
    "invoice_pdf": "https://pay.stripe.com/invoice/acct/test/pdf",
}


def test_subscription_prices_and_item_periods(org):
    make_customer(org)

    mirror.apply_subscription(org, SUBSCRIPTION, utc(2026, 3, 2))

    row = Subscription.objects.get(stripe_id="sub_current_api")
    assert row.product_name == "Nectar Growth"
    assert (row.unit_amount, row.quantity, row.currency) == (49000, 2, "eur")
    assert row.connection_unit_amount == 650
    assert row.bill_unit_amount == 30
    assert row.meter_unit_amount is None
    assert (row.current_period_start, row.current_period_end) == (
        utc(2026, 3, 1),
        utc(2026, 4, 1),
    )
    assert row.trial_end == utc(2026, 2, 1)


def test_invoice_parent_and_total_taxes(org):
    mirror.apply_invoice(org, INVOICE, utc(2026, 4, 1, 2))

    row = Invoice.objects.get(stripe_id="in_current_api")
    assert row.subscription_stripe_id == "sub_current_api"
    assert row.tax == 1000
    assert row.currency == "jpy"
    assert row.invoice_pdf.endswith("/pdf")


def test_stale_snapshot_is_ignored(org):
    mirror.apply_invoice(org, {**INVOICE, "status": "paid"}, utc(2026, 4, 2))

    mirror.apply_invoice(org, INVOICE, utc(2026, 4, 1))

    assert Invoice.objects.get(stripe_id="in_current_api").status == "paid"


def test_same_second_invoice_never_moves_back(org):
    mirror.apply_invoice(org, {**INVOICE, "status": "paid"}, utc(2026, 4, 2))

    mirror.apply_invoice(org, INVOICE, utc(2026, 4, 2))

    assert Invoice.objects.get(stripe_id="in_current_api").status == "paid"


def test_detached_payment_method_is_removed(org):
    card = {"id": "pm_gone", "customer": "cus_test_acme", "card": {"last4": "1111"}}
    mirror.apply_payment_method(org, card, utc(2026, 1, 1))

    mirror.apply_payment_method(org, {**card, "customer": None}, utc(2026, 1, 2))

    assert not PaymentMethod.objects.filter(stripe_id="pm_gone").exists()


def test_customer_address_lines_follow_us_order():
    customer = StripeCustomer(
        address_line1="500 Market Street",
        city="San Francisco",
        state="CA",
        postal_code="94105",
        country="US",
    )

    assert customer.address_lines == [
        "500 Market Street",
        "San Francisco, CA 94105",
        "US",
    ]

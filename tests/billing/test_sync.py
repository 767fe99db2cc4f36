import pytest
from django.core.management import CommandError, call_command
from django.urls import reverse

from billing.models import Invoice, PaymentMethod, StripeCustomer, Subscription
from tests.billing.stripe_setup import attach_card, subscribe


@pytest.fixture
def subscribed_customer(org, admin_client, stripe_settings, stripe_client):
    """Create the customer through the Billing page, then card and subscription."""
    admin_client.get(reverse("billing:overview"))
    customer = StripeCustomer.objects.get(organization=org)
    attach_card(stripe_client, customer.stripe_id)
    subscription = subscribe(stripe_client, customer.stripe_id)
    return customer, subscription


def test_sync_stripe_copies_customer_state(org, subscribed_customer, capsys):
    customer, remote_subscription = subscribed_customer

    call_command("sync_stripe", "--org", org.slug)

    customer.refresh_from_db()
    assert customer.default_payment_method_id.startswith("pm_")
    payment_method = PaymentMethod.objects.get(
        stripe_id=customer.default_payment_method_id
    )
    assert (payment_method.brand, payment_method.last4) == ("visa", "4242")
    assert (payment_method.exp_month, payment_method.exp_year) == (7, 2031)
    subscription = Subscription.objects.get(stripe_id=remote_subscription.id)
    assert subscription.organization == org
    assert subscription.status == "active"
    assert subscription.product_name == "Nectar Growth"
    assert subscription.price_name == "Growth, monthly"
    assert subscription.unit_amount == 49000
    assert subscription.bill_unit_amount is None
    assert subscription.interval == "month"
    assert subscription.current_period_start is not None
    invoice = Invoice.objects.get(customer_stripe_id=customer.stripe_id)
    assert invoice.status == "paid"
    assert invoice.total == 49000
    assert invoice.subscription_stripe_id == remote_subscription.id
    assert f"{org.slug}: synced" in capsys.readouterr().out


def test_sync_stripe_lists_invoices_like_stripe(
    org, subscribed_customer, stripe_client
):
    customer, _ = subscribed_customer
    remote = stripe_client.v1.invoices.list(params={"customer": customer.stripe_id})

    call_command("sync_stripe")

    mirrored = Invoice.objects.filter(organization=org).values_list(
        "stripe_id", flat=True
    )
    assert sorted(mirrored) == sorted(invoice.id for invoice in remote.data)


def test_sync_stripe_shows_on_billing_page(org, subscribed_customer, admin_client):
    call_command("sync_stripe", "--org", org.slug)

    response = admin_client.get(reverse("billing:overview"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Visa</span> ending in 4242" in page
    assert "Nectar Growth" in page
    assert "$490.00" in page


def test_sync_stripe_rejects_unknown_slug(db, stripe_settings):
    with pytest.raises(CommandError, match="no-such-org"):
        call_command("sync_stripe", "--org", "no-such-org")


def test_sync_stripe_requires_secret_key(db):
    with pytest.raises(CommandError, match="STRIPE_SECRET_KEY"):
        call_command("sync_stripe")


def test_sync_stripe_skips_organization_without_customer(org, stripe_settings, capsys):
    call_command("sync_stripe", "--org", org.slug)

    assert "no Stripe customer" in capsys.readouterr().out

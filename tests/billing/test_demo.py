import datetime

from django.urls import reverse
from django.utils import timezone

from billing.demo import PLAN_AMOUNT, seed_billing
from billing.models import Invoice, PaymentMethod, StripeCustomer, Subscription
from repository.models import Bill
from tests.factories import BillFactory, CompanyFactory


def test_seed_billing_fills_mirror(org):
    customer = seed_billing(org)

    assert customer.stripe_id == "cus_demo_acme"
    assert customer.name == org.name
    assert PaymentMethod.objects.get(organization=org).last4 == "4242"
    assert Subscription.objects.get(organization=org).status == "active"
    assert Invoice.objects.filter(organization=org).count() == 12
    assert Invoice.objects.filter(organization=org, status="open").count() == 1


def test_seed_billing_is_idempotent(org):
    seed_billing(org)
    seed_billing(org)

    assert StripeCustomer.objects.filter(organization=org).count() == 1
    assert PaymentMethod.objects.filter(organization=org).count() == 1
    assert Subscription.objects.filter(organization=org).count() == 1
    assert Invoice.objects.filter(organization=org).count() == 12


def test_seed_billing_amounts_follow_usage(org, settings):
    settings.BILLING_PRICE_ACTIVE_CONNECTION = 500
    settings.BILLING_PRICE_TRACKED_METER = 200
    settings.BILLING_PRICE_BILL_PROCESSED = 25
    company = CompanyFactory(organization=org)
    last_month = timezone.now().replace(day=1) - datetime.timedelta(days=10)
    BillFactory(company=company, processed_at=last_month, status=Bill.Status.PROCESSED)

    seed_billing(org)

    newest, older = Invoice.objects.filter(organization=org)[:2]
    # One active connection and one tracked meter every month, plus one bill in
    # the newest invoice's month.
    assert older.subtotal == PLAN_AMOUNT + 500 + 200
    assert newest.subtotal == PLAN_AMOUNT + 500 + 200 + 25
    assert newest.total == newest.subtotal + newest.tax


def test_demo_page_is_full(org, admin_client):
    seed_billing(org)

    response = admin_client.get(reverse("billing:overview"))

    assert response.status_code == 200
    page = response.content.decode()
    assert "Visa</span> ending in 4242" in page
    assert "Nectar Growth" in page
    assert "Page 1 of 1" not in page
    assert page.count('class="quick-link"') >= 12

import pytest
from django.urls import reverse

from billing.models import Invoice, StripeCustomer
from billing.views import INVOICES_PER_PAGE
from tests.billing.builders import (
    make_customer,
    make_invoice,
    make_payment_method,
    make_subscription,
    utc,
)
from tests.billing.servers import free_port
from tests.factories import BillFactory, CompanyFactory

OVERVIEW = reverse("billing:overview")


def test_overview_renders_mirror_without_stripe(org, admin_client):
    customer = make_customer(
        org, address_line1="1 Main Street", city="Springfield", country="US"
    )
    make_payment_method(customer, brand="mastercard", last4="4444")
    customer.default_payment_method_id = "pm_test_visa"
    customer.save()
    make_subscription(customer)

    response = admin_client.get(OVERVIEW)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Mastercard</span> ending in 4444" in page
    assert "expires 04/2029" in page
    assert "Nectar Growth" in page
    assert "cus_test_acme" in page
    assert "1 Main Street" in page
    assert org.billing_email in page
    assert "Stripe is not configured on this server" in page
    assert "disabled" in page


def test_overview_shows_empty_states(org, admin_client):
    make_customer(org)

    response = admin_client.get(OVERVIEW)

    assert response.status_code == 200
    page = response.content.decode()
    assert "No payment method on file" in page
    assert "No subscription yet" in page
    assert "No invoices yet" in page


def test_overview_without_customer_or_stripe(org, admin_client):
    response = admin_client.get(OVERVIEW)

    assert response.status_code == 200
    assert StripeCustomer.objects.count() == 0
    assert "No Stripe customer yet" in response.content.decode()


def test_first_visit_creates_stripe_customer(
    org, admin_client, stripe_settings, stripe_client
):
    response = admin_client.get(OVERVIEW)

    assert response.status_code == 200
    customer = StripeCustomer.objects.get(organization=org)
    assert customer.stripe_id.startswith("cus_")
    assert customer.email == org.billing_email
    assert customer.name == org.name
    remote = stripe_client.v1.customers.retrieve(customer.stripe_id)
    assert remote.email == org.billing_email
    assert remote.metadata["nectar_organization_id"] == str(org.pk)
    assert customer.stripe_id in response.content.decode()


def test_second_visit_reuses_customer(org, admin_client, stripe_settings):
    admin_client.get(OVERVIEW)
    first = StripeCustomer.objects.get(organization=org)

    response = admin_client.get(OVERVIEW)

    assert response.status_code == 200
    assert StripeCustomer.objects.get(organization=org).stripe_id == first.stripe_id


def test_unreachable_stripe_shows_banner(org, admin_client, settings, caplog):
    settings.STRIPE_SECRET_KEY = "sk_test_nectar"
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"

    response = admin_client.get(OVERVIEW)

    assert response.status_code == 200
    assert StripeCustomer.objects.count() == 0
    page = response.content.decode()
    assert "Stripe was unavailable" in page
    assert "sk_test_nectar" not in caplog.text
    assert "could not be reached" in caplog.text


def test_unreachable_stripe_keeps_mirror(org, admin_client, settings):
    settings.STRIPE_SECRET_KEY = "sk_test_nectar"
    settings.STRIPE_API_BASE = f"http://127.0.0.1:{free_port()}"
    customer = make_customer(org)
    make_invoice(customer, "in_kept", utc(2026, 1, 1), utc(2026, 2, 1))
    admin_client.post(reverse("billing:portal"))

    response = admin_client.get(OVERVIEW)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Stripe was unavailable" in page
    assert "IN_KEPT" in page


def _invoices(customer, count):
    for index in range(count):
        month = index % 12 + 1
        year = 2020 + index // 12
        make_invoice(
            customer,
            f"in_{index:03d}",
            utc(year, month, 1),
            utc(year, month, 28),
            created=utc(year, month, 28),
        )


def test_invoices_newest_first_and_paginated(org, admin_client):
    customer = make_customer(org)
    _invoices(customer, INVOICES_PER_PAGE + 3)

    first = admin_client.get(OVERVIEW)
    second = admin_client.get(OVERVIEW, {"page": 2})

    assert first.status_code == 200
    assert second.status_code == 200
    first_ids = [i.stripe_id for i in first.context["invoice_page"]]
    second_ids = [i.stripe_id for i in second.context["invoice_page"]]
    assert first_ids[0] == f"in_{INVOICES_PER_PAGE + 2:03d}"
    assert len(first_ids) == INVOICES_PER_PAGE
    assert second_ids == ["in_002", "in_001", "in_000"]
    assert "Page 1 of 2" in first.content.decode()


def test_invoice_page_answers_htmx_with_partial(org, admin_client):
    customer = make_customer(org)
    _invoices(customer, INVOICES_PER_PAGE + 1)

    response = admin_client.get(
        OVERVIEW, {"page": 2}, HTTP_HX_REQUEST="true", HTTP_HX_TARGET="invoices"
    )

    assert response.status_code == 200
    page = response.content.decode()
    assert page.lstrip().startswith('<section class="card" id="invoices"')
    assert "IN_000" in page
    assert "Billing details" not in page


def test_invalid_page_number_falls_back(org, admin_client):
    customer = make_customer(org)
    _invoices(customer, 2)

    response = admin_client.get(OVERVIEW, {"page": "abc"})

    assert response.status_code == 200
    assert response.context["invoice_page"].number == 1


@pytest.mark.parametrize(
    ("currency", "total", "expected"),
    [("usd", 123456, "$1,234.56"), ("eur", 9900, "€99.00"), ("jpy", 5000, "¥5,000")],
)
def test_invoice_amount_by_currency(org, admin_client, currency, total, expected):
    customer = make_customer(org)
    make_invoice(
        customer,
        "in_money",
        utc(2026, 1, 1),
        utc(2026, 2, 1),
        currency=currency,
        total=total,
    )

    response = admin_client.get(OVERVIEW)

    assert response.status_code == 200
    assert expected in response.content.decode()


def test_invoice_status_badges_and_documents(org, admin_client):
    customer = make_customer(org)
    make_invoice(
        customer,
        "in_open",
        utc(2026, 1, 1),
        utc(2026, 2, 1),
        status=Invoice.Status.OPEN,
        invoice_pdf="https://pay.stripe.com/invoice/acct/in_open/pdf",
        hosted_invoice_url="https://invoice.stripe.com/i/acct/in_open",
    )

    response = admin_client.get(OVERVIEW)

    assert response.status_code == 200
    page = response.content.decode()
    assert '<span class="badge badge-warning">Open</span>' in page
    assert 'href="https://pay.stripe.com/invoice/acct/in_open/pdf"' in page
    assert 'href="https://invoice.stripe.com/i/acct/in_open"' in page


def test_invoice_quick_links_cover_its_period(org, admin_client):
    customer = make_customer(org)
    make_invoice(customer, "in_march", utc(2026, 3, 1), utc(2026, 4, 1))

    response = admin_client.get(OVERVIEW)

    assert response.status_code == 200
    invoice = response.context["invoice_page"][0]
    query = "period_after=2026-03-01&period_before=2026-03-31"
    assert invoice.links["bills"] == f"{reverse('repository:bills')}?{query}"
    assert invoice.links["meters"] == f"{reverse('repository:meters')}?{query}"
    assert invoice.links["bills"].replace("&", "&amp;") in response.content.decode()


def test_quick_links_list_period_rows(org, admin_client):
    company = CompanyFactory(organization=org)
    inside = [
        BillFactory(company=company, period_start=start, period_end=end)
        for start, end in [
            (utc(2026, 2, 20).date(), utc(2026, 3, 19).date()),
            (utc(2026, 3, 20).date(), utc(2026, 4, 19).date()),
        ]
    ]
    BillFactory(
        company=company,
        period_start=utc(2026, 1, 20).date(),
        period_end=utc(2026, 2, 19).date(),
    )
    BillFactory(
        company=company,
        period_start=utc(2026, 4, 1).date(),
        period_end=utc(2026, 4, 30).date(),
    )
    customer = make_customer(org)
    make_invoice(customer, "in_march", utc(2026, 3, 1), utc(2026, 4, 1))
    invoice = admin_client.get(OVERVIEW).context["invoice_page"][0]

    bills = admin_client.get(invoice.links["bills"])
    meters = admin_client.get(invoice.links["meters"])

    assert bills.status_code == 200
    assert meters.status_code == 200
    assert set(bills.context["page"].object_list) == set(inside)
    assert set(meters.context["page"].object_list) == {bill.meter for bill in inside}

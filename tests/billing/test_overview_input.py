"""Billing page query counts and page numbers from the query string."""

import pytest
from django.urls import reverse

from tests.billing.builders import (
    make_customer,
    make_invoice,
    make_payment_method,
    make_subscription,
    utc,
)
from tests.factories import BillFactory, CompanyFactory

OVERVIEW = reverse("billing:overview")
# Session, user, membership, customer, subscription, the three usage counts, payment
# method, invoice count, invoice page, and the memberships of the organization switcher.
MAX_QUERIES = 12


def _invoices(customer, count):
    for index in range(count):
        year, month = 2000 + index // 12, index % 12 + 1
        make_invoice(
            customer,
            f"in_{index:04d}",
            utc(year, month, 1),
            utc(year, month, 28),
            created=utc(year, month, 28),
        )


@pytest.fixture
def billed_org(org):
    customer = make_customer(org)
    make_payment_method(customer)
    make_subscription(customer)
    company = CompanyFactory(organization=org)
    BillFactory.create_batch(5, company=company)
    return customer


@pytest.mark.parametrize("count", [1, 300])
def test_overview_query_count_is_flat(
    billed_org, admin_client, django_assert_max_num_queries, count
):
    _invoices(billed_org, count)

    with django_assert_max_num_queries(MAX_QUERIES):
        response = admin_client.get(OVERVIEW)

    assert response.status_code == 200
    assert response.context["invoice_page"].paginator.count == count


@pytest.mark.parametrize(
    ("requested", "expected"),
    [
        ("0", 1),
        ("-1", 1),
        ("abc", 1),
        ("1.5", 1),
        ("", 1),
        ("2", 2),
        ("3", 3),
        ("99999999999999999999999", 3),
    ],
)
def test_overview_page_number_is_clamped(billed_org, admin_client, requested, expected):
    _invoices(billed_org, 30)

    response = admin_client.get(OVERVIEW, {"page": requested})

    assert response.status_code == 200
    assert response.context["invoice_page"].number == expected

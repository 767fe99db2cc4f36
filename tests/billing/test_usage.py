import datetime

from django.urls import reverse

from billing import usage
from organizations.tenancy import activate
from repository.models import Bill, Connection
from tests.billing.builders import make_customer, make_subscription, utc
from tests.factories import BillFactory, CompanyFactory, ConnectionFactory, MeterFactory

MARCH = (utc(2026, 3, 1), utc(2026, 4, 1))


def _bill(company, processed_at, status=Bill.Status.PROCESSED):
    return BillFactory(company=company, processed_at=processed_at, status=status)


def _usage_rows(org):
    """Create bills inside, outside and on the edges of March 2026, with an
    untracked meter and a disconnected connection that must not count."""
    company = CompanyFactory(organization=org)
    # Each bill brings its own active connection and tracked meter.
    _bill(company, utc(2026, 3, 1))
    _bill(company, utc(2026, 3, 31, 23))
    _bill(company, utc(2026, 3, 15), status=Bill.Status.PENDING)
    MeterFactory(company=company, tracked=False)  # its connection is active too
    ConnectionFactory(company=company, status=Connection.Status.DISCONNECTED)
    _bill(company, utc(2026, 4, 1)).meter.delete()  # outside the period, no meter
    return company


def test_estimate_counts_period_usage(org):
    _usage_rows(org)
    customer = make_customer(org)
    subscription = make_subscription(
        customer,
        current_period_start=MARCH[0],
        current_period_end=MARCH[1],
        connection_unit_amount=700,
        meter_unit_amount=300,
        bill_unit_amount=40,
    )

    with activate(org):
        estimate = usage.estimate(subscription)

    quantities = [line.quantity for line in estimate.lines]
    # 5 active connections (one per bill and meter), 3 tracked meters (one bill's
    # meter was deleted, one meter is untracked), 2 bills processed in March.
    assert quantities == [5, 3, 2]
    assert [line.unit_amount for line in estimate.lines] == [700, 300, 40]
    assert [line.subtotal for line in estimate.lines] == [3500, 900, 80]
    assert estimate.plan_amount == 49_000
    assert estimate.total == 49_000 + 3500 + 900 + 80
    assert (estimate.period_start, estimate.period_end) == MARCH


def test_estimate_falls_back_to_settings_prices(org, settings):
    settings.BILLING_PRICE_ACTIVE_CONNECTION = 500
    settings.BILLING_PRICE_TRACKED_METER = 200
    settings.BILLING_PRICE_BILL_PROCESSED = 25
    _usage_rows(org)
    customer = make_customer(org)
    subscription = make_subscription(customer, unit_amount=None)

    with activate(org):
        estimate = usage.estimate(subscription)

    assert [line.unit_amount for line in estimate.lines] == [500, 200, 25]
    assert estimate.plan_amount == 0
    assert estimate.total == 5 * 500 + 3 * 200 + 2 * 25


def test_estimate_without_subscription_uses_calendar_month(org, settings):
    settings.BILLING_PRICE_BILL_PROCESSED = 25
    company = CompanyFactory(organization=org)
    _bill(company, utc(2026, 3, 10))
    now = datetime.datetime(2026, 3, 20, 12, tzinfo=datetime.UTC)

    with activate(org):
        estimate = usage.estimate(None, now=now)

    assert (estimate.period_start, estimate.period_end) == MARCH
    assert estimate.lines[2].quantity == 1
    assert estimate.currency == "usd"


def test_estimate_ignores_other_organization(org, other_org):
    _usage_rows(other_org)
    customer = make_customer(org)
    subscription = make_subscription(customer)

    with activate(org):
        estimate = usage.estimate(subscription)

    assert [line.quantity for line in estimate.lines] == [0, 0, 0]


def test_usage_card_shows_estimate(org, admin_client, settings):
    _usage_rows(org)
    customer = make_customer(org)
    make_subscription(
        customer,
        connection_unit_amount=700,
        meter_unit_amount=300,
        bill_unit_amount=40,
    )

    response = admin_client.get(reverse("billing:overview"))

    assert response.status_code == 200
    page = response.content.decode()
    assert response.context["estimate"].total == 53_480
    assert "$534.80" in page
    assert "Mar 1 – Mar 31, 2026" in page

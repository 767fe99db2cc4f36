"""Count the current billing period's usage and price it."""

import datetime
from dataclasses import dataclass

from django.conf import settings
from django.utils import timezone

from billing.models import Subscription
from billing.periods import period_dates
from repository.models import Bill, Connection, Meter


@dataclass(frozen=True)
class UsageLine:
    label: str
    unit: str
    quantity: int
    unit_amount: int

    @property
    def subtotal(self) -> int:
        return self.quantity * self.unit_amount


@dataclass(frozen=True)
class UsageEstimate:
    period_start: datetime.datetime
    period_end: datetime.datetime
    currency: str
    plan_amount: int
    lines: list[UsageLine]

    @property
    def period_last_day(self) -> datetime.date:
        return period_dates(self.period_start, self.period_end)[1]

    @property
    def total(self) -> int:
        return self.plan_amount + sum(line.subtotal for line in self.lines)


def _calendar_month(now: datetime.datetime) -> tuple:
    start = now.replace(day=1, hour=0, minute=0, second=0, microsecond=0)
    end = (start + datetime.timedelta(days=32)).replace(day=1)
    return start, end


def current_period(subscription: Subscription | None, now=None) -> tuple:
    """Return the subscription's current period, or the calendar month without one."""
    now = now or timezone.now()
    if subscription is not None and subscription.current_period_start:
        return subscription.current_period_start, subscription.current_period_end
    return _calendar_month(now)


def _unit_amount(subscription: Subscription | None, field: str, setting: str) -> int:
    if subscription is not None and getattr(subscription, field) is not None:
        return getattr(subscription, field)
    return getattr(settings, setting)


def count_processed_bills(start, end) -> int:
    # Range count on the (organization, status, processed_at) index of Bill.
    return Bill.objects.filter(
        status=Bill.Status.PROCESSED, processed_at__gte=start, processed_at__lt=end
    ).count()


def estimate(subscription: Subscription | None, now=None) -> UsageEstimate:
    """Estimate the current period's charges for the active organization.

    Usage prices come from the subscription's Stripe prices, or from the
    BILLING_PRICE_* settings where the subscription has none. The flat plan price
    is added once per unit of its quantity.
    """
    start, end = current_period(subscription, now)
    lines = [
        UsageLine(
            "Active connections",
            "connection",
            Connection.objects.filter(status=Connection.Status.ACTIVE).count(),
            _unit_amount(
                subscription,
                "connection_unit_amount",
                "BILLING_PRICE_ACTIVE_CONNECTION",
            ),
        ),
        UsageLine(
            "Tracked meters",
            "meter",
            Meter.objects.filter(tracked=True).count(),
            _unit_amount(
                subscription, "meter_unit_amount", "BILLING_PRICE_TRACKED_METER"
            ),
        ),
        UsageLine(
            "Bills processed",
            "bill",
            count_processed_bills(start, end),
            _unit_amount(
                subscription, "bill_unit_amount", "BILLING_PRICE_BILL_PROCESSED"
            ),
        ),
    ]
    plan_amount = 0
    if subscription is not None and subscription.unit_amount:
        plan_amount = subscription.unit_amount * subscription.quantity
    currency = subscription.currency if subscription is not None else "usd"
    return UsageEstimate(start, end, currency, plan_amount, lines)

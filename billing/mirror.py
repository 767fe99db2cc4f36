"""Write Stripe objects (as plain dicts) into the local mirror.

Each `apply_*` function takes the organization, the Stripe object and `snapshot_at`,
the time of the state it carries. A row whose stored snapshot is newer is left alone,
so a late event cannot overwrite newer state. The functions accept both the shapes of
Stripe's current API (period on subscription items, `parent` on invoices, prices) and
the older ones that localstripe still returns (period on the subscription, plans).
"""

import datetime
import logging

import stripe
from django.db import transaction

from billing import stripe_api
from billing.models import Invoice, PaymentMethod, StripeCustomer, Subscription

logger = logging.getLogger(__name__)

# Price metadata `nectar_usage` names the usage that a metered price bills.
USAGE_FIELDS = {
    "active_connections": "connection_unit_amount",
    "tracked_meters": "meter_unit_amount",
    "bills_processed": "bill_unit_amount",
}
# Invoice states in the order Stripe moves through them. Two events of the same second
# are ordered by this rank, so `paid` is not overwritten by an earlier `open`.
INVOICE_STATUS_RANK = {"draft": 0, "open": 1, "uncollectible": 2, "paid": 3, "void": 3}


def timestamp(value) -> datetime.datetime | None:
    if value is None:
        return None
    return datetime.datetime.fromtimestamp(int(value), tz=datetime.UTC)


def _is_stale(row, snapshot_at: datetime.datetime) -> bool:
    return row is not None and row.snapshot_at > snapshot_at


def _is_foreign(row, organization) -> bool:
    """Tell whether `row` belongs to an organization other than the event's.

    A Stripe object never changes customer, so such an event is malformed or
    forged, and it must not change or delete another organization's row.
    """
    if row is None or row.organization_id == organization.pk:
        return False
    logger.warning(
        "Stripe object %s belongs to organization %s, not %s; the update is ignored",
        row.stripe_id,
        row.organization_id,
        organization.pk,
    )
    return True


def _is_kept(row, organization, snapshot_at: datetime.datetime) -> bool:
    return _is_stale(row, snapshot_at) or _is_foreign(row, organization)


def _locked_row(model, stripe_id: str):
    return model.objects.select_for_update().filter(stripe_id=stripe_id).first()


def _save(model, row, organization, stripe_id, snapshot_at, fields: dict):
    if row is None:
        row = model(organization=organization, stripe_id=stripe_id)
    for name, value in fields.items():
        setattr(row, name, value)
    row.snapshot_at = snapshot_at
    row.save()
    return row


def object_id(value) -> str:
    """Return the id of a field that Stripe sends either as an id or expanded."""
    if isinstance(value, dict):
        return value.get("id") or ""
    return value or ""


@transaction.atomic
def apply_customer(organization, data: dict, snapshot_at) -> StripeCustomer | None:
    row = _locked_row(StripeCustomer, data["id"])
    if _is_kept(row, organization, snapshot_at):
        return row
    address = data.get("address") or {}
    invoice_settings = data.get("invoice_settings") or {}
    fields = {
        "name": data.get("name") or "",
        "email": data.get("email") or "",
        "address_line1": address.get("line1") or "",
        "address_line2": address.get("line2") or "",
        "city": address.get("city") or "",
        "state": address.get("state") or "",
        "postal_code": address.get("postal_code") or "",
        "country": address.get("country") or "",
        "default_payment_method_id": object_id(
            invoice_settings.get("default_payment_method")
        ),
    }
    return _save(StripeCustomer, row, organization, data["id"], snapshot_at, fields)


@transaction.atomic
def delete_customer(organization, data: dict, snapshot_at) -> None:
    row = _locked_row(StripeCustomer, data["id"])
    if row is None or _is_kept(row, organization, snapshot_at):
        return
    PaymentMethod.objects.filter(customer_stripe_id=row.stripe_id).delete()
    row.delete()


@transaction.atomic
def apply_payment_method(organization, data: dict, snapshot_at):
    row = _locked_row(PaymentMethod, data["id"])
    if _is_kept(row, organization, snapshot_at):
        return row
    customer_id = object_id(data.get("customer"))
    if not customer_id:
        # A detached payment method no longer belongs to the organization.
        if row is not None:
            row.delete()
        return None
    card = data.get("card") or {}
    fields = {
        "customer_stripe_id": customer_id,
        "type": data.get("type") or "card",
        "brand": card.get("brand") or "",
        "last4": card.get("last4") or "",
        "exp_month": card.get("exp_month"),
        "exp_year": card.get("exp_year"),
    }
    return _save(PaymentMethod, row, organization, data["id"], snapshot_at, fields)


def _price_of(item: dict) -> dict:
    return item.get("price") or item.get("plan") or {}


def _quantity(item: dict | None) -> int:
    quantity = (item or {}).get("quantity") or 1
    if not isinstance(quantity, int) or quantity < 0:
        raise ValueError(f"subscription item quantity {quantity!r} is not a count")
    return quantity


def _unit_amount(price: dict) -> int | None:
    amount = price.get("unit_amount")
    if amount is None:
        amount = price.get("amount")
    return amount


def _interval(price: dict) -> tuple[str, int]:
    recurring = price.get("recurring") or {}
    interval = recurring.get("interval") or price.get("interval") or ""
    count = recurring.get("interval_count") or price.get("interval_count") or 1
    return interval, count


def _product_name(price: dict, previous: Subscription | None) -> str:
    product = price.get("product")
    if isinstance(product, dict):
        return product.get("name") or ""
    if previous is not None and previous.product_name:
        return previous.product_name
    if not product or not stripe_api.is_configured():
        return ""
    try:
        return stripe_api.retrieve_product_name(product)
    except stripe.StripeError:
        # The plan shows without its product name until the next event or sync.
        return ""


def _subscription_items(data: dict) -> list[dict]:
    return (data.get("items") or {}).get("data") or []


def _plan_fields(data: dict, previous: Subscription | None) -> dict:
    """Return the plan and usage price fields of a subscription's items."""
    fields = {field: None for field in USAGE_FIELDS.values()}
    plan_item = None
    for item in _subscription_items(data):
        price = _price_of(item)
        usage = (price.get("metadata") or {}).get("nectar_usage")
        if usage in USAGE_FIELDS:
            fields[USAGE_FIELDS[usage]] = _unit_amount(price)
        elif plan_item is None:
            plan_item = item
    # A subscription of usage prices only has no flat amount, but its first item
    # still names the product and the billing interval.
    named_item = plan_item or next(iter(_subscription_items(data)), {})
    price = _price_of(named_item)
    interval, interval_count = _interval(price)
    fields.update(
        product_name=_product_name(price, previous),
        price_name=price.get("nickname") or "",
        currency=(price.get("currency") or data.get("currency") or "usd").lower(),
        unit_amount=_unit_amount(price) if plan_item else None,
        quantity=_quantity(plan_item),
        interval=interval,
        interval_count=interval_count,
    )
    return fields


def _current_period(data: dict) -> tuple:
    """Return the current period, which newer API versions keep on each item."""
    start = data.get("current_period_start")
    end = data.get("current_period_end")
    items = _subscription_items(data)
    if start is None and items:
        start = items[0].get("current_period_start")
        end = items[0].get("current_period_end")
    return timestamp(start), timestamp(end)


@transaction.atomic
def apply_subscription(organization, data: dict, snapshot_at):
    row = _locked_row(Subscription, data["id"])
    if _is_kept(row, organization, snapshot_at):
        return row
    period_start, period_end = _current_period(data)
    fields = _plan_fields(data, row)
    fields.update(
        customer_stripe_id=object_id(data.get("customer")),
        status=data.get("status") or Subscription.Status.INCOMPLETE,
        current_period_start=period_start,
        current_period_end=period_end,
        cancel_at_period_end=bool(data.get("cancel_at_period_end")),
        trial_end=timestamp(data.get("trial_end")),
        default_payment_method_id=object_id(data.get("default_payment_method")),
        created=timestamp(data.get("created")) or snapshot_at,
    )
    return _save(Subscription, row, organization, data["id"], snapshot_at, fields)


def _invoice_tax(data: dict) -> int:
    if data.get("tax") is not None:
        return data["tax"]
    return sum(tax.get("amount") or 0 for tax in data.get("total_taxes") or [])


def _invoice_subscription_id(data: dict) -> str:
    if data.get("subscription"):
        return object_id(data["subscription"])
    parent = data.get("parent") or {}
    details = parent.get("subscription_details") or {}
    return object_id(details.get("subscription"))


def _invoice_fields(data: dict, snapshot_at) -> dict:
    created = timestamp(data.get("created")) or snapshot_at
    return {
        "customer_stripe_id": object_id(data.get("customer")),
        "subscription_stripe_id": _invoice_subscription_id(data),
        "number": data.get("number") or "",
        "status": data.get("status") or Invoice.Status.DRAFT,
        "currency": (data.get("currency") or "usd").lower(),
        "subtotal": data.get("subtotal") or 0,
        "tax": _invoice_tax(data),
        "total": data.get("total") or 0,
        "amount_due": data.get("amount_due") or 0,
        "period_start": timestamp(data.get("period_start")) or created,
        "period_end": timestamp(data.get("period_end")) or created,
        "created": created,
        "hosted_invoice_url": data.get("hosted_invoice_url") or "",
        "invoice_pdf": data.get("invoice_pdf") or "",
    }


def _invoice_goes_backwards(row: Invoice, data: dict, snapshot_at) -> bool:
    if row is None or row.snapshot_at != snapshot_at:
        return False
    rank = INVOICE_STATUS_RANK.get(data.get("status"), 0)
    return rank < INVOICE_STATUS_RANK.get(row.status, 0)


@transaction.atomic
def apply_invoice(organization, data: dict, snapshot_at):
    row = _locked_row(Invoice, data["id"])
    if _is_kept(row, organization, snapshot_at):
        return row
    if _invoice_goes_backwards(row, data, snapshot_at):
        return row
    fields = _invoice_fields(data, snapshot_at)
    return _save(Invoice, row, organization, data["id"], snapshot_at, fields)


@transaction.atomic
def delete_invoice(organization, data: dict, snapshot_at) -> None:
    row = _locked_row(Invoice, data["id"])
    if row is not None and not _is_kept(row, organization, snapshot_at):
        row.delete()

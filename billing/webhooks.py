"""Apply verified Stripe webhook events to the mirror, each event id once.

Events cross organizations: the organization is found from the Stripe customer that the
event's object names, so this module queries with `unscoped()`.
"""

import logging

import stripe
from django.db import DataError, IntegrityError, transaction

from billing import mirror, stripe_api
from billing.models import PaymentMethod, StripeCustomer, StripeEvent
from organizations.models import Organization
from organizations.tenancy import unscoped

logger = logging.getLogger(__name__)

# Exceptions that a Stripe object of an unexpected shape raises in the mirror code,
# for example a null or string where an object belongs, a timestamp out of range, or
# a value too long or of the wrong type for its column.
SHAPE_ERRORS = (AttributeError, KeyError, TypeError, ValueError, OverflowError)


class MalformedObject(Exception):
    """The event's object has a shape that the mirror cannot store."""


CUSTOMER_EVENTS = {"customer.created", "customer.updated"}
PAYMENT_METHOD_EVENTS = {
    "payment_method.attached",
    "payment_method.updated",
    "payment_method.automatically_updated",
    "payment_method.detached",
}
SUBSCRIPTION_EVENTS = {
    "customer.subscription.created",
    "customer.subscription.updated",
    "customer.subscription.deleted",
    "customer.subscription.paused",
    "customer.subscription.resumed",
    "customer.subscription.trial_will_end",
    "customer.subscription.pending_update_applied",
    "customer.subscription.pending_update_expired",
}
# `invoice.upcoming` is left out: it previews an invoice that has no id yet.
INVOICE_EVENTS = {
    "invoice.created",
    "invoice.finalized",
    "invoice.finalization_failed",
    "invoice.updated",
    "invoice.paid",
    "invoice.payment_succeeded",
    "invoice.payment_failed",
    "invoice.payment_action_required",
    "invoice.marked_uncollectible",
    "invoice.voided",
    "invoice.sent",
    "invoice.overdue",
}


def _mirrored_organization(customer_id: str):
    customer = (
        StripeCustomer.objects.filter(stripe_id=customer_id)
        .select_related("organization")
        .first()
    )
    return customer.organization if customer is not None else None


def _organization_of_customer(customer_id: str, metadata: dict | None = None):
    organization = _mirrored_organization(customer_id)
    if organization is not None:
        return organization
    # A customer created by this project names its organization in metadata, which
    # lets its `customer.created` event arrive before the mirror row is saved.
    organization_id = (metadata or {}).get("nectar_organization_id")
    if not isinstance(organization_id, str) or not organization_id.isdigit():
        return None
    # sync.ensure_customer holds this lock while it creates the customer, so an
    # event racing a first page view waits here and then finds the mirror row.
    organization = (
        Organization.objects.select_for_update().filter(pk=int(organization_id)).first()
    )
    if organization is None:
        return None
    mirrored = StripeCustomer.objects.filter(organization=organization).first()
    if mirrored is None or mirrored.stripe_id == customer_id:
        return organization
    logger.warning(
        "Stripe customer %s names organization %s, which already has customer %s; "
        "its events are ignored",
        customer_id,
        organization.slug,
        mirrored.stripe_id,
    )
    return None


def _organization_of(event_type: str, data: dict):
    if event_type.startswith("customer.") and data.get("object") == "customer":
        return _organization_of_customer(data["id"], data.get("metadata"))
    customer_id = mirror.object_id(data.get("customer"))
    if customer_id:
        return _organization_of_customer(customer_id)
    if data.get("object") == "payment_method":
        row = PaymentMethod.objects.filter(stripe_id=data["id"]).first()
        return row.organization if row is not None else None
    return None


def _mirror_default_payment_method(organization, customer, snapshot_at) -> None:
    """Fetch the customer's default payment method when no event has brought it."""
    payment_method_id = customer.default_payment_method_id
    if not payment_method_id or not stripe_api.is_configured():
        return
    if PaymentMethod.objects.filter(stripe_id=payment_method_id).exists():
        return
    try:
        data = stripe_api.retrieve_payment_method(payment_method_id)
    except stripe.StripeError:
        # Its own payment_method event or the next sync fills it in.
        return
    mirror.apply_payment_method(organization, data, snapshot_at)


def _apply(event_type: str, organization, data: dict, snapshot_at) -> None:
    if event_type in CUSTOMER_EVENTS:
        customer = mirror.apply_customer(organization, data, snapshot_at)
        _mirror_default_payment_method(organization, customer, snapshot_at)
    elif event_type == "customer.deleted":
        mirror.delete_customer(organization, data, snapshot_at)
    elif event_type in PAYMENT_METHOD_EVENTS:
        mirror.apply_payment_method(organization, data, snapshot_at)
    elif event_type in SUBSCRIPTION_EVENTS:
        mirror.apply_subscription(organization, data, snapshot_at)
    elif event_type in INVOICE_EVENTS:
        mirror.apply_invoice(organization, data, snapshot_at)
    elif event_type == "invoice.deleted":
        mirror.delete_invoice(organization, data, snapshot_at)


def is_handled(event_type: str) -> bool:
    handled = CUSTOMER_EVENTS | PAYMENT_METHOD_EVENTS | SUBSCRIPTION_EVENTS
    handled |= INVOICE_EVENTS | {"customer.deleted", "invoice.deleted"}
    return event_type in handled


def process_event(event: dict) -> str:
    """Apply `event` unless its id was seen before; return what happened.

    The event id is recorded in the same transaction as its changes, so a failure
    rolls both back and Stripe's retry applies the event again. Raises
    MalformedObject when the event's object cannot be read or stored.
    """
    try:
        return _process_with_one_retry(event)
    except (*SHAPE_ERRORS, DataError) as error:
        logger.exception(
            "Stripe event %s (%s) has an object the mirror cannot store",
            event["id"],
            event.get("type"),
        )
        raise MalformedObject(event["id"]) from error


def _process_with_one_retry(event: dict) -> str:
    try:
        return _process(event)
    except IntegrityError:
        # Stripe delivers events about one new object (invoice.created, .finalized,
        # .paid) at the same time, and each inserts the object's row. The losing
        # insert waited for the winner to commit, so a second attempt finds the row
        # and updates it unless it is newer.
        logger.info("Stripe event %s raced another event; retrying", event["id"])
        return _process(event)


def _process(event: dict) -> str:
    event_type = event.get("type") or ""
    data = (event.get("data") or {}).get("object") or {}
    snapshot_at = mirror.timestamp(event["created"])
    # Webhooks name Stripe customers of any organization, so lookups cross tenants.
    with unscoped(), transaction.atomic():
        organization = _organization_of(event_type, data) if data.get("id") else None
        try:
            with transaction.atomic():
                StripeEvent.objects.create(
                    stripe_id=event["id"],
                    type=event_type,
                    created=snapshot_at,
                    organization=organization,
                )
        except IntegrityError:
            return "duplicate"
        if not is_handled(event_type):
            return "ignored"
        if organization is None:
            logger.info(
                "Stripe event %s (%s) names no known customer; ignored",
                event["id"],
                event_type,
            )
            return "unknown customer"
        _apply(event_type, organization, data, snapshot_at)
    return "applied"

"""Create the organization's Stripe customer and copy Stripe's state into the mirror."""

import logging

from django.db import transaction
from django.utils import timezone

from billing import mirror, stripe_api
from billing.models import StripeCustomer
from organizations.models import Organization

logger = logging.getLogger(__name__)


def customer_for(organization) -> StripeCustomer | None:
    return StripeCustomer.objects.filter(organization=organization).first()


def ensure_customer(organization) -> StripeCustomer:
    """Return the organization's customer, creating it in Stripe if it has none.

    Raises StripeNotConfigured or a stripe.StripeError when the customer must be
    created and Stripe cannot do it.
    """
    existing = customer_for(organization)
    if existing is not None:
        return existing
    with transaction.atomic():
        # The organization row lock makes a concurrent first visit wait here and then
        # find the customer, instead of creating a second one in Stripe.
        Organization.objects.select_for_update().get(pk=organization.pk)
        existing = customer_for(organization)
        if existing is not None:
            return existing
        data = stripe_api.create_customer(
            name=organization.name,
            email=organization.billing_email,
            organization_id=organization.pk,
        )
        customer = mirror.apply_customer(organization, data, timezone.now())
    logger.info(
        "Created Stripe customer %s for organization %s",
        customer.stripe_id,
        organization.slug,
    )
    return customer


def sync_organization(organization) -> dict:
    """Copy the customer, payment methods, subscriptions and invoices from Stripe.

    Returns the number of objects copied per kind. Rows newer than this read (from a
    webhook that arrived meanwhile) are kept.
    """
    customer = customer_for(organization)
    if customer is None:
        return {}
    snapshot_at = timezone.now()
    data = stripe_api.retrieve_customer(customer.stripe_id)
    if data.get("deleted"):
        mirror.delete_customer(organization, data, snapshot_at)
        return {"customers": 0}
    mirror.apply_customer(organization, data, snapshot_at)
    counts = {"customers": 1, "payment_methods": 0, "subscriptions": 0, "invoices": 0}
    for item in stripe_api.list_payment_methods(customer.stripe_id):
        mirror.apply_payment_method(organization, item, snapshot_at)
        counts["payment_methods"] += 1
    for item in stripe_api.list_subscriptions(customer.stripe_id):
        mirror.apply_subscription(organization, item, snapshot_at)
        counts["subscriptions"] += 1
    for item in stripe_api.iter_invoices(customer.stripe_id):
        mirror.apply_invoice(organization, item, snapshot_at)
        counts["invoices"] += 1
    return counts

import json
import time

import pytest
import stripe
from django.urls import reverse

from billing.models import (
    Invoice,
    PaymentMethod,
    StripeCustomer,
    StripeEvent,
    Subscription,
)
from tests.billing.conftest import TEST_WEBHOOK_SECRET
from tests.billing.stripe_setup import attach_card, subscribe

WEBHOOK = "/billing/stripe/webhook/"


def _events_of(client, object_id, event_type):
    events = client.v1.events.list(params={"limit": 100, "type": event_type})
    found = []
    for event in (item.to_dict() for item in events.data):
        data = event["data"]["object"]
        if object_id in (data.get("id"), data.get("customer")):
            found.append(event)
    return found


def _event(client, object_id, event_type):
    found = _events_of(client, object_id, event_type)
    assert found, f"localstripe sent no {event_type} event for {object_id}"
    return found[-1]


def _post(client, event, secret=TEST_WEBHOOK_SECRET, timestamp=None, payload=None):
    payload = payload if payload is not None else json.dumps(event)
    header = stripe.WebhookSignature.generate_signature_header(
        payload, secret, timestamp=timestamp
    )
    return client.post(
        WEBHOOK, payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )


@pytest.fixture
def remote_customer(org, stripe_client, stripe_settings):
    """A customer made in Stripe by this project but not yet mirrored."""
    return stripe_client.v1.customers.create(
        params={
            "name": org.name,
            "email": org.billing_email,
            "metadata": {"nectar_organization_id": str(org.pk)},
        }
    )


def test_webhook_url_name():
    assert reverse("billing-webhook:stripe") == WEBHOOK


def test_valid_event_creates_customer(org, client, stripe_client, remote_customer):
    event = _event(stripe_client, remote_customer.id, "customer.created")

    response = _post(client, event)

    assert response.status_code == 200
    customer = StripeCustomer.objects.get(stripe_id=remote_customer.id)
    assert customer.organization == org
    assert customer.email == org.billing_email
    assert StripeEvent.objects.get(stripe_id=event["id"]).organization == org


def test_customer_update_brings_address_and_card(
    org, client, stripe_client, remote_customer
):
    _post(client, _event(stripe_client, remote_customer.id, "customer.created"))
    stripe_client.v1.customers.update(
        remote_customer.id,
        params={
            "address": {"line1": "9 Elm Street", "city": "Albany", "country": "US"}
        },
    )
    attach_card(stripe_client, remote_customer.id, number="5555555555554444")
    updates = _events_of(stripe_client, remote_customer.id, "customer.updated")

    responses = [_post(client, event) for event in updates]

    assert [response.status_code for response in responses] == [200, 200]
    customer = StripeCustomer.objects.get(stripe_id=remote_customer.id)
    assert customer.address_line1 == "9 Elm Street"
    assert customer.city == "Albany"
    assert customer.default_payment_method_id.startswith("pm_")
    card = PaymentMethod.objects.get(stripe_id=customer.default_payment_method_id)
    assert card.organization == org
    assert card.last4 == "4444"


def test_subscription_and_invoice_events(org, client, stripe_client, remote_customer):
    _post(client, _event(stripe_client, remote_customer.id, "customer.created"))
    attach_card(stripe_client, remote_customer.id)
    subscription = subscribe(stripe_client, remote_customer.id)

    for event_type in ("customer.subscription.created", "invoice.created"):
        response = _post(client, _event(stripe_client, remote_customer.id, event_type))
        assert response.status_code == 200
    paid = _post(
        client, _event(stripe_client, remote_customer.id, "invoice.payment_succeeded")
    )

    assert paid.status_code == 200
    mirrored = Subscription.objects.get(stripe_id=subscription.id)
    assert mirrored.organization == org
    assert mirrored.product_name == "Nectar Growth"
    assert mirrored.unit_amount == 49000
    invoice = Invoice.objects.get(subscription_stripe_id=subscription.id)
    assert invoice.status == "paid"
    assert invoice.total == 49000


def test_invalid_signature_is_rejected(client, stripe_client, remote_customer):
    event = _event(stripe_client, remote_customer.id, "customer.created")

    response = _post(client, event, secret="whsec_someone_else")

    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0
    assert StripeCustomer.objects.count() == 0


def test_missing_signature_is_rejected(client, stripe_client, remote_customer):
    event = _event(stripe_client, remote_customer.id, "customer.created")

    response = client.post(WEBHOOK, json.dumps(event), content_type="application/json")

    assert response.status_code == 400
    assert StripeEvent.objects.count() == 0


def test_stale_signature_is_rejected(client, stripe_client, remote_customer):
    event = _event(stripe_client, remote_customer.id, "customer.created")

    response = _post(client, event, timestamp=int(time.time()) - 600)

    assert response.status_code == 400
    assert StripeCustomer.objects.count() == 0


def test_unset_webhook_secret_rejects_everything(
    client, settings, stripe_client, remote_customer
):
    settings.STRIPE_WEBHOOK_SECRET = ""
    event = _event(stripe_client, remote_customer.id, "customer.created")

    response = _post(client, event, secret="")

    assert response.status_code == 400


def test_signed_payload_that_is_not_an_event(db, client):
    response = _post(client, None, payload="[1, 2, 3]")

    assert response.status_code == 400


def test_replayed_event_is_a_no_op(client, stripe_client, remote_customer):
    event = _event(stripe_client, remote_customer.id, "customer.created")
    first = _post(client, event)
    StripeCustomer.objects.filter(stripe_id=remote_customer.id).update(name="Renamed")

    replay = _post(client, event)

    assert first.status_code == 200
    assert replay.status_code == 200
    assert replay.content == b"duplicate"
    assert StripeEvent.objects.filter(stripe_id=event["id"]).count() == 1
    assert StripeCustomer.objects.get(stripe_id=remote_customer.id).name == "Renamed"


def test_older_event_does_not_overwrite_newer(client, stripe_client, remote_customer):
    _post(client, _event(stripe_client, remote_customer.id, "customer.created"))
    attach_card(stripe_client, remote_customer.id)
    subscription = subscribe(stripe_client, remote_customer.id)
    created = _event(stripe_client, remote_customer.id, "customer.subscription.created")
    changed = stripe_client.v1.subscriptions.update(
        subscription.id, params={"cancel_at_period_end": True}
    )
    # localstripe sends no customer.subscription.updated event, so the test wraps
    # the updated subscription in one, dated after the created event.
    updated = {
        "id": "evt_test_subscription_updated",
        "object": "event",
        "type": "customer.subscription.updated",
        "created": created["created"] + 5,
        "data": {"object": changed.to_dict()},
    }

    newer = _post(client, updated)
    older = _post(client, created)

    assert newer.status_code == 200
    assert older.status_code == 200
    mirrored = Subscription.objects.get(stripe_id=subscription.id)
    assert mirrored.cancel_at_period_end is True
    assert created["created"] < updated["created"]


def test_unknown_event_type_is_acknowledged(client, stripe_client, remote_customer):
    product = stripe_client.v1.products.create(params={"name": "Unrelated product"})
    event = _event(stripe_client, product.id, "product.created")

    response = _post(client, event)

    assert response.status_code == 200
    assert response.content == b"ignored"
    assert StripeEvent.objects.filter(type="product.created").count() == 1


def test_unknown_customer_is_acknowledged(org, client, stripe_client, stripe_settings):
    stranger = stripe_client.v1.customers.create(params={"email": "x@example.org"})
    attach_card(stripe_client, stranger.id)
    subscribe(stripe_client, stranger.id)
    event = _event(stripe_client, stranger.id, "customer.subscription.created")

    response = _post(client, event)

    assert response.status_code == 200
    assert response.content == b"unknown customer"
    assert Subscription.objects.count() == 0
    assert StripeCustomer.objects.count() == 0

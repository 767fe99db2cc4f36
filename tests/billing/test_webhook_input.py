"""Signed webhook payloads of unexpected shapes, and events racing each other."""

import json
import logging
import threading

import pytest
import stripe
from django.db import connection
from django.test import Client

from billing.models import Invoice, StripeCustomer, StripeEvent
from tests.billing.builders import make_customer, make_invoice, make_payment_method, utc
from tests.billing.conftest import TEST_WEBHOOK_SECRET

WEBHOOK = "/billing/stripe/webhook/"
CREATED = 1767225600


def _post(payload, client=None):
    client = client or Client(raise_request_exception=False)
    body = payload if isinstance(payload, str) else json.dumps(payload)
    header = stripe.WebhookSignature.generate_signature_header(
        body, TEST_WEBHOOK_SECRET
    )
    return client.post(
        WEBHOOK, body, content_type="application/json", HTTP_STRIPE_SIGNATURE=header
    )


def _event(event_type, stripe_object, event_id="evt_test_input", created=CREATED):
    return {
        "id": event_id,
        "object": "event",
        "type": event_type,
        "created": created,
        "data": {"object": stripe_object},
    }


def _invoice(**fields):
    return {"id": "in_test_input", "customer": "cus_test_acme", **fields}


NOT_EVENTS = {
    "created out of range": _event("invoice.paid", _invoice(), created=10**20),
    "created as text": _event("invoice.paid", _invoice(), created="1767225600"),
    "type as list": _event(["invoice.paid"], _invoice()),
    "data as text": {**_event("invoice.paid", {}), "data": "invoice"},
    "object as text": _event("invoice.paid", "in_test_input"),
    "object id as object": _event("invoice.paid", _invoice(id={"id": "in_1"})),
}

MALFORMED_OBJECTS = {
    "null subscription item": _event(
        "customer.subscription.updated",
        {"id": "sub_test", "customer": "cus_test_acme", "items": {"data": [None]}},
    ),
    "items as list": _event(
        "customer.subscription.updated",
        {"id": "sub_test", "customer": "cus_test_acme", "items": [1]},
    ),
    "negative quantity": _event(
        "customer.subscription.updated",
        {
            "id": "sub_test",
            "customer": "cus_test_acme",
            "items": {"data": [{"quantity": -2, "price": {"unit_amount": 100}}]},
        },
    ),
    "null tax entry": _event("invoice.paid", _invoice(total_taxes=[None])),
    "four-letter currency": _event("invoice.paid", _invoice(currency="usdt")),
    "amount as text": _event("invoice.paid", _invoice(total="12.00")),
    "period out of range": _event("invoice.paid", _invoice(period_start=10**20)),
    "status too long": _event("invoice.paid", _invoice(status="x" * 40)),
    "address as text": _event(
        "customer.updated",
        {"id": "cus_test_acme", "object": "customer", "address": "9 Elm Street"},
    ),
    "card month as text": _event(
        "payment_method.attached",
        {"id": "pm_test", "customer": "cus_test_acme", "card": {"exp_month": "x"}},
    ),
}


@pytest.mark.parametrize("event", NOT_EVENTS.values(), ids=NOT_EVENTS.keys())
def test_webhook_rejects_malformed_envelope(org, event):
    make_customer(org)

    response = _post(event)

    assert response.status_code == 400
    assert response.content == b"The payload is not a Stripe event."
    assert StripeEvent.objects.count() == 0
    assert Invoice.objects.count() == 0


@pytest.mark.parametrize(
    "event", MALFORMED_OBJECTS.values(), ids=MALFORMED_OBJECTS.keys()
)
def test_webhook_rejects_malformed_object(org, event, caplog):
    customer = make_customer(org)

    with caplog.at_level(logging.ERROR, logger="billing.webhooks"):
        response = _post(event)

    assert response.status_code == 400
    assert response.content == b"The event's object could not be mirrored."
    # Not recorded, so Stripe's retry is applied once the mirror accepts the shape.
    assert StripeEvent.objects.count() == 0
    customer.refresh_from_db()
    assert customer.address_line1 == ""
    assert "evt_test_input" in caplog.text


def test_webhook_ignores_second_customer_of_organization(org, caplog):
    make_customer(org, stripe_id="cus_test_first")
    event = _event(
        "customer.created",
        {
            "id": "cus_test_second",
            "object": "customer",
            "name": "Impostor",
            "metadata": {"nectar_organization_id": str(org.pk)},
        },
    )

    with caplog.at_level(logging.WARNING, logger="billing.webhooks"):
        response = _post(event)

    assert response.status_code == 200
    assert response.content == b"unknown customer"
    [customer] = StripeCustomer.objects.filter(organization=org)
    assert customer.stripe_id == "cus_test_first"
    assert customer.name == org.name
    assert "cus_test_second" in caplog.text


def test_webhook_ignores_numeric_organization_metadata(org):
    event = _event(
        "customer.created",
        {
            "id": "cus_test_numeric",
            "object": "customer",
            "metadata": {"nectar_organization_id": org.pk},
        },
    )

    response = _post(event)

    assert response.status_code == 200
    assert response.content == b"unknown customer"
    assert StripeCustomer.objects.count() == 0


@pytest.mark.django_db(transaction=True)
def test_concurrent_events_for_new_invoice(org):
    make_customer(org)
    statuses = ["draft", "open", "paid", "paid"]
    responses = []

    def deliver(index):
        invoice = _invoice(status=statuses[index], currency="usd", created=CREATED)
        event = _event("invoice.updated", invoice, f"evt_race_{index}", CREATED + index)
        responses.append(_post(event))
        connection.close()

    threads = [threading.Thread(target=deliver, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(response.status_code for response in responses) == [200] * 4
    assert StripeEvent.objects.count() == 4
    assert Invoice.objects.get(stripe_id="in_test_input").status == "paid"


def test_event_cannot_move_other_organization_invoice(org, other_org):
    make_customer(org, stripe_id="cus_test_ours")
    theirs = make_customer(other_org, stripe_id="cus_test_theirs")
    invoice = make_invoice(theirs, "in_test_theirs", utc(2026, 1, 1), utc(2026, 2, 1))
    event = _event(
        "invoice.voided",
        {
            "id": "in_test_theirs",
            "customer": "cus_test_ours",
            "status": "void",
            "currency": "usd",
            "total": 1,
        },
    )

    response = _post(event)

    assert response.status_code == 200
    invoice.refresh_from_db()
    assert invoice.organization == other_org
    assert invoice.customer_stripe_id == "cus_test_theirs"
    assert invoice.status == "paid"
    assert invoice.total == 10_000


def test_event_cannot_delete_other_organization_invoice(org, other_org):
    make_customer(org, stripe_id="cus_test_ours")
    theirs = make_customer(other_org, stripe_id="cus_test_theirs")
    make_invoice(theirs, "in_test_theirs", utc(2026, 1, 1), utc(2026, 2, 1))
    event = _event(
        "invoice.deleted", {"id": "in_test_theirs", "customer": "cus_test_ours"}
    )

    response = _post(event)

    assert response.status_code == 200
    assert Invoice.objects.filter(stripe_id="in_test_theirs").exists()


def test_event_cannot_take_other_organization_card(org, other_org):
    make_customer(org, stripe_id="cus_test_ours")
    theirs = make_customer(other_org, stripe_id="cus_test_theirs")
    card = make_payment_method(theirs, stripe_id="pm_test_theirs")
    event = _event(
        "payment_method.updated",
        {
            "id": "pm_test_theirs",
            "customer": "cus_test_ours",
            "card": {"last4": "0000"},
        },
    )

    response = _post(event)

    assert response.status_code == 200
    card.refresh_from_db()
    assert card.organization == other_org
    assert card.customer_stripe_id == "cus_test_theirs"
    assert card.last4 == "4242"

"""The Billing page and portal while Stripe returns errors or hangs."""

import logging

import pytest
from django.contrib.messages import get_messages
from django.urls import reverse

from billing import stripe_api
from billing.models import StripeCustomer
from tests.billing.builders import make_customer

OVERVIEW = reverse("billing:overview")
PORTAL = reverse("billing:portal")
# gunicorn's default worker timeout; the Dockerfile does not change it.
WORKER_TIMEOUT_SECONDS = 30


@pytest.fixture
def short_read_timeout(monkeypatch):
    monkeypatch.setattr(stripe_api, "READ_TIMEOUT", 1)
    stripe_api._build_client.cache_clear()
    yield
    stripe_api._build_client.cache_clear()


def test_stripe_call_fits_worker_timeout():
    attempts = 1 + stripe_api.MAX_NETWORK_RETRIES
    per_attempt = stripe_api.CONNECT_TIMEOUT + stripe_api.READ_TIMEOUT
    # The stripe library sleeps at most 0.5 s before its first retry.
    assert attempts * per_attempt + 0.5 * (attempts - 1) < WORKER_TIMEOUT_SECONDS


def test_page_with_hung_stripe_shows_banner(
    org, admin_client, failing_stripe, short_read_timeout
):
    server = failing_stripe(None)

    first = admin_client.get(OVERVIEW)
    attempts = len(server.requests)
    second = admin_client.get(OVERVIEW)

    assert first.status_code == 200
    assert second.status_code == 200
    assert StripeCustomer.objects.count() == 0
    assert "Stripe was unavailable" in second.content.decode()
    assert attempts == 1 + stripe_api.MAX_NETWORK_RETRIES
    assert len(server.requests) == attempts


@pytest.mark.parametrize("status", [500, 503, 401])
def test_page_with_failing_stripe_calls_it_once(
    org, admin_client, failing_stripe, status, caplog
):
    server = failing_stripe(status)

    with caplog.at_level(logging.DEBUG):
        first = admin_client.get(OVERVIEW)
    attempts = len(server.requests)
    second = admin_client.get(OVERVIEW)

    assert first.status_code == 200
    assert second.status_code == 200
    assert StripeCustomer.objects.count() == 0
    assert attempts >= 1
    assert len(server.requests) == attempts
    assert "Stripe was unavailable" in second.content.decode()
    assert "sk_test_nectar" not in caplog.text


def test_page_keeps_calling_after_request_error(org, admin_client, failing_stripe):
    # A 400 concerns one request, not Stripe as a whole, so no banner follows it.
    server = failing_stripe(400)

    admin_client.get(OVERVIEW)
    response = admin_client.get(OVERVIEW)

    assert response.status_code == 200
    assert len(server.requests) == 2
    assert "Stripe was unavailable" not in response.content.decode()


@pytest.mark.parametrize(
    ("status", "message"),
    [
        (400, "Stripe rejected the request"),
        (401, "Stripe rejected the request"),
        (500, "Stripe did not respond"),
        (None, "Stripe did not respond"),
    ],
    ids=["400", "401", "500", "hung"],
)
def test_portal_with_failing_stripe_explains(
    org, admin_client, failing_stripe, short_read_timeout, status, message, caplog
):
    server = failing_stripe(status)
    make_customer(org, stripe_id="cus_portal")

    with caplog.at_level(logging.DEBUG):
        response = admin_client.post(PORTAL)

    assert response.status_code == 302
    assert response.url == OVERVIEW
    assert server.requests[0] == "/v1/billing_portal/sessions"
    [shown] = get_messages(response.wsgi_request)
    assert message in str(shown)
    assert "sk_test_nectar" not in caplog.text
    assert "return_url" not in caplog.text
    assert "testserver" not in caplog.text

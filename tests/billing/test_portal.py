import logging

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse

from billing.models import StripeCustomer
from tests.billing.builders import make_customer
from tests.billing.servers import free_port

PORTAL = reverse("billing:portal")
OVERVIEW = reverse("billing:overview")


def _point_stripe_at(settings, url):
    settings.STRIPE_SECRET_KEY = "sk_test_nectar"
    settings.STRIPE_API_BASE = url


def test_portal_redirects_to_session_url(org, admin_client, settings, fake_portal):
    _point_stripe_at(settings, fake_portal.url)
    make_customer(org, stripe_id="cus_portal")

    response = admin_client.post(PORTAL)

    assert response.status_code == 303
    assert response["Location"] == f"{fake_portal.url}/portal/session/bps_test_portal"
    [sent] = fake_portal.requests
    assert sent["path"] == "/v1/billing_portal/sessions"
    assert sent["form"]["customer"] == "cus_portal"
    assert sent["form"]["return_url"] == f"http://testserver{OVERVIEW}"
    assert sent["authorization"] == "Bearer sk_test_nectar"


def test_portal_never_logs_session_url(
    org, admin_client, settings, fake_portal, caplog
):
    _point_stripe_at(settings, fake_portal.url)
    make_customer(org, stripe_id="cus_portal")

    with caplog.at_level(logging.DEBUG):
        response = admin_client.post(PORTAL)

    assert response.status_code == 303
    assert "bps_test_portal" not in caplog.text
    assert "sk_test_nectar" not in caplog.text


def test_portal_creates_missing_customer(
    org, admin_client, stripe_settings, fake_portal
):
    # The customer comes from localstripe; only the portal call goes to the fake.
    admin_client.get(OVERVIEW)
    customer = StripeCustomer.objects.get(organization=org)
    stripe_settings.STRIPE_API_BASE = fake_portal.url

    response = admin_client.post(PORTAL)

    assert response.status_code == 303
    assert fake_portal.requests[0]["form"]["customer"] == customer.stripe_id


def test_portal_without_stripe_explains(org, admin_client):
    response = admin_client.post(PORTAL)

    assert response.status_code == 302
    assert response.url == OVERVIEW
    [message] = get_messages(response.wsgi_request)
    assert "Stripe is not configured" in str(message)


def test_portal_with_unreachable_stripe_explains(org, admin_client, settings, caplog):
    _point_stripe_at(settings, f"http://127.0.0.1:{free_port()}")
    make_customer(org, stripe_id="cus_portal")

    response = admin_client.post(PORTAL, follow=True)

    assert response.status_code == 200
    page = response.content.decode()
    assert "Stripe did not respond" in page
    assert "Stripe was unavailable" in page
    assert "sk_test_nectar" not in caplog.text


def test_portal_requires_csrf_token(org, admin_user, settings, fake_portal):
    _point_stripe_at(settings, fake_portal.url)
    make_customer(org, stripe_id="cus_portal")
    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)

    response = client.post(PORTAL)

    assert response.status_code == 403
    assert fake_portal.requests == []

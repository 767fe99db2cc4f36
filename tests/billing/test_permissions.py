"""Every billing URL through the four personas (the webhook has its own tests)."""

import pytest
from django.urls import reverse

from tests.billing.builders import make_customer, make_invoice, utc

OVERVIEW = reverse("billing:overview")
PORTAL = reverse("billing:portal")


@pytest.mark.parametrize(
    ("method", "url"), [("get", OVERVIEW), ("post", PORTAL)], ids=["overview", "portal"]
)
def test_anonymous_goes_to_login(anonymous_client, method, url):
    response = getattr(anonymous_client, method)(url)

    assert response.status_code == 302
    assert response.url.startswith(reverse("login"))


@pytest.mark.parametrize(
    ("method", "url"), [("get", OVERVIEW), ("post", PORTAL)], ids=["overview", "portal"]
)
def test_member_is_forbidden(member_client, method, url):
    response = getattr(member_client, method)(url)

    assert response.status_code == 403


def test_overview_works_for_admin(admin_client):
    response = admin_client.get(OVERVIEW)

    assert response.status_code == 200
    assert b"Billing details" in response.content


def test_portal_answers_admin_with_redirect(admin_client):
    response = admin_client.post(PORTAL)

    assert response.status_code == 302
    assert response.url == OVERVIEW


def test_overview_hides_other_organization_rows(org, other_org, other_admin_client):
    customer = make_customer(org, stripe_id="cus_acme")
    make_invoice(customer, "in_acme_secret", utc(2026, 1, 1), utc(2026, 2, 1))
    make_customer(other_org, stripe_id="cus_globex")

    response = other_admin_client.get(OVERVIEW)

    assert response.status_code == 200
    assert b"cus_globex" in response.content
    assert b"cus_acme" not in response.content
    assert b"IN_ACME_SECRET" not in response.content


def test_portal_uses_own_customer_only(
    org, other_org, other_admin_client, settings, fake_portal
):
    settings.STRIPE_SECRET_KEY = "sk_test_nectar"
    settings.STRIPE_API_BASE = fake_portal.url
    make_customer(org, stripe_id="cus_acme")
    make_customer(other_org, stripe_id="cus_globex")

    response = other_admin_client.post(PORTAL)

    assert response.status_code == 303
    assert [request["form"]["customer"] for request in fake_portal.requests] == [
        "cus_globex"
    ]


def test_portal_rejects_get(admin_client):
    response = admin_client.get(PORTAL)

    assert response.status_code == 405


def test_overview_rejects_post(admin_client):
    response = admin_client.post(OVERVIEW)

    assert response.status_code == 405

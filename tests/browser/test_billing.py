import pytest

from tests.billing.builders import make_customer
from tests.billing.servers import FakePortalServer

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def fake_portal():
    server = FakePortalServer()
    yield server
    server.stop()


def test_manage_billing_opens_portal(
    log_in, admin_user, org, live_server, settings, fake_portal
):
    settings.STRIPE_SECRET_KEY = "sk_test_nectar"
    settings.STRIPE_API_BASE = fake_portal.url
    make_customer(org, stripe_id="cus_browser")
    page = log_in(admin_user)
    page.goto(f"{live_server.url}/settings/organization/billing/")

    page.get_by_role("button", name="Manage billing").click()
    page.wait_for_url(f"{fake_portal.url}/portal/session/bps_test_portal")

    assert page.locator("h1").inner_text() == "Fake Stripe portal"
    [sent] = fake_portal.requests
    assert sent["form"]["customer"] == "cus_browser"
    assert (
        sent["form"]["return_url"]
        == f"{live_server.url}/settings/organization/billing/"
    )

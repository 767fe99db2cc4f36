import pytest

from tests.billing.builders import make_customer, make_invoice, utc
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


@pytest.fixture
def invoiced_page(log_in, admin_user, org, live_server):
    customer = make_customer(org)
    make_invoice(customer, "in_browser", utc(2026, 1, 1), utc(2026, 2, 1), tax=900)
    page = log_in(admin_user)
    page.goto(f"{live_server.url}/settings/organization/billing/")
    return page


def test_invoice_amounts_align_right(invoiced_page):
    total = invoiced_page.locator(".invoice-table td.num").first
    unit_price = invoiced_page.locator(".usage-table td.num").first

    assert total.evaluate("cell => getComputedStyle(cell).textAlign") == "right"
    assert unit_price.evaluate("cell => getComputedStyle(cell).textAlign") == "right"


def test_invoices_fit_narrow_screen(invoiced_page):
    invoiced_page.set_viewport_size({"width": 375, "height": 800})
    table_wrap = invoiced_page.locator("#invoices .table-wrap")

    scroll_width = table_wrap.evaluate("element => element.scrollWidth")
    client_width = table_wrap.evaluate("element => element.clientWidth")
    total = invoiced_page.locator(".invoice-table td.num").first.bounding_box()
    status = invoiced_page.locator(".invoice-table .badge").first.bounding_box()

    assert scroll_width <= client_width
    assert total["x"] + total["width"] <= 375
    assert status["x"] + status["width"] <= 375
    assert invoiced_page.locator(".invoice-table thead").is_hidden()

import pytest
from playwright.sync_api import expect

from branding.encryption import decrypt_password
from branding.models import Branding, MagicLink
from repository.models import Connection
from tests.factories import CompanyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_typed_color_changes_preview_before_saving(
    log_in, admin_user, org, live_server
):
    page = log_in(admin_user)
    page.goto(f"{live_server.url}/settings/organization/white-label/")
    button = page.locator("[data-preview-button]")
    expect(button).to_have_css("background-color", "rgb(29, 78, 216)")

    page.fill("#id_company_name", "Acme Energy")
    page.fill("#id_brand_color", "#0F766E")

    expect(button).to_have_css("background-color", "rgb(15, 118, 110)")
    expect(page.locator("#branding-preview .brand-name")).to_have_text("Acme Energy")
    assert not Branding.objects.filter(organization=org).exists()

    page.fill("#id_brand_color", "#FFFF00")
    expect(page.locator(".contrast-warning")).to_be_visible()
    page.click("[data-use-color]")
    expect(page.locator("#id_brand_color")).to_have_value("#7A7A00")
    expect(page.locator(".contrast-warning")).to_have_count(0)

    page.click("text=Save branding")
    expect(page.locator(".message-success")).to_contain_text("Branding saved")
    assert Branding.objects.get(organization=org).brand_color == "#7A7A00"


def test_end_client_submits_credentials(page, admin_user, org, live_server):
    Branding.objects.create(
        organization=org, company_name="Acme Energy", brand_color="#0F766E"
    )
    company = CompanyFactory(organization=org, name="Initech Offices")
    _, token = MagicLink.issue(company=company, days=30, created_by=admin_user)
    console_errors = []
    page.on(
        "console",
        lambda message: message.type == "error" and console_errors.append(message.text),
    )
    page.set_viewport_size({"width": 375, "height": 800})

    page.goto(f"{live_server.url}/p/{token}/")
    expect(page.locator(".brand-name")).to_have_text("Acme Energy")
    page.fill("[data-provider-search]", "georgia")
    expect(page.locator(".provider-list .provider-option:visible")).to_have_count(1)
    page.check("input[value=georgia-power]")
    page.fill("#id_username", "facilities@initech.example")
    page.fill("#id_password", "portal-pass-123")
    page.click("text=Connect account")

    expect(page.locator("h1")).to_contain_text("your login was received")
    connection = Connection.objects.get(company=company)
    assert connection.provider_name == "Georgia Power"
    assert decrypt_password(connection.encrypted_password) == "portal-pass-123"
    # The Content-Security-Policy blocked nothing that the page needs.
    assert console_errors == []
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375

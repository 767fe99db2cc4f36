import pytest

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_admin_logs_in_and_sees_settings(log_in, admin_user, live_server):
    page = log_in(admin_user)

    page.goto(f"{live_server.url}/settings/organization/faq/")

    assert page.locator("h1").inner_text() == "Settings FAQ"
    assert page.locator(".sidebar").get_by_text("White label").is_visible()


def test_wrong_password_shows_form_error(page, admin_user, live_server):
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "not-the-password")
    page.click("button[type=submit]")

    assert page.locator(".form-error").is_visible()

import pytest

from apikeys.models import ApiKey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _ping(page, live_server, value):
    return page.request.get(
        f"{live_server.url}/api/v1/ping", headers={"X-API-Key": value}
    )


def test_create_copy_call_and_delete_key(log_in, admin_user, live_server):
    page = log_in(admin_user)
    page.goto(f"{live_server.url}/settings/organization/api-keys/")

    page.get_by_role("link", name="Create key").click()
    dialog = page.locator("#key-dialog")
    dialog.get_by_label("Name").fill("Browser key")
    dialog.get_by_label("Sandbox").check()
    dialog.get_by_role("button", name="Create key").click()
    dialog.get_by_text("will not be shown again").wait_for()
    shown = dialog.locator("#new-key-value").inner_text()
    dialog.get_by_role("button", name="Copy").click()
    copied = page.evaluate("navigator.clipboard.readText()")

    assert copied == shown
    assert copied.startswith("nectar_sandbox_")
    response = _ping(page, live_server, copied)
    assert response.status == 200
    assert response.json()["key_name"] == "Browser key"

    dialog.get_by_role("button", name="Done").click()
    assert not dialog.is_visible()
    assert copied not in page.content()
    row = page.locator("#key-table tbody tr", has_text="Browser key")
    row.get_by_role("link", name="Delete").click()
    dialog.get_by_label("Type the key's name").fill("Browser key")
    dialog.get_by_role("button", name="Delete key").click()
    page.get_by_text("Deleted “Browser key”").wait_for()

    assert page.locator("#key-table tbody tr", has_text="Browser key").count() == 0
    assert not dialog.is_visible()
    assert ApiKey.objects.get(name="Browser key").revoked_at is not None
    assert _ping(page, live_server, copied).status == 401


def test_create_key_without_javascript(browser, live_server, admin_user):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", admin_user.username)
    page.fill("#id_password", "correct-horse-battery")
    page.click("button[type=submit]")

    page.goto(f"{live_server.url}/settings/organization/api-keys/")
    page.get_by_role("link", name="Create key").click()
    page.get_by_label("Name").fill("No script key")
    page.get_by_role("button", name="Create key").click()

    assert page.get_by_text("will not be shown again").is_visible()
    assert page.locator("#new-key-value").inner_text().startswith("nectar_sandbox_")
    context.close()

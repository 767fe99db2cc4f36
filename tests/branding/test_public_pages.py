from datetime import timedelta

import pytest
from django.test import Client, override_settings
from django.urls import reverse
from django.utils import timezone
from django.views.debug import ExceptionReporter

from branding.encryption import decrypt_password
from branding.models import Branding, MagicLink
from repository.models import Connection
from tests.factories import CompanyFactory, ConnectionFactory

SECRET = "s3cret-Portal-pass!"


def _url(token):
    return reverse("magic-links:start", args=[token])


def _connect_data(**overrides):
    return {
        "provider": "con-edison",
        "username": "facilities@initech.example",
        "password": SECRET,
        **overrides,
    }


def test_company_link_shows_saved_branding(
    anonymous_client, company, branding, issue_link
):
    _, token = issue_link(company)

    response = anonymous_client.get(_url(token))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Acme Energy" in content
    assert "--brand: #0F766E" in content
    assert 'src="https://cdn.acme.example/logo.png"' in content
    assert 'referrerpolicy="no-referrer"' in content
    assert "Initech Offices" in content
    assert "Con Edison" in content
    assert "Pacific Gas and Electric" in content


def test_company_link_without_branding_shows_nectar(
    anonymous_client, company, issue_link
):
    _, token = issue_link(company)

    response = anonymous_client.get(_url(token))

    assert response.status_code == 200
    content = response.content.decode()
    assert '<span class="brand-name">Nectar</span>' in content
    assert "--brand: #1D4ED8" in content
    assert "branding/nectar-logo.svg" in content


def test_public_page_picks_black_text_on_yellow(
    anonymous_client, org, company, issue_link
):
    Branding.objects.create(
        organization=org, company_name="Sunny", brand_color="#FFFF00"
    )
    _, token = issue_link(company)

    response = anonymous_client.get(_url(token))

    assert "--brand-text: #000000" in response.content.decode()


def test_public_page_escapes_branding(anonymous_client, org, company, issue_link):
    Branding.objects.create(
        organization=org,
        company_name='Acme <img src=x onerror="alert(1)">',
        brand_color="#111111",
    )
    _, token = issue_link(company)

    response = anonymous_client.get(_url(token))

    content = response.content.decode()
    assert "<img src=x" not in content
    assert "Acme &lt;img src=x onerror=&quot;alert(1)&quot;&gt;" in content


def test_public_page_sends_security_headers(anonymous_client, company, issue_link):
    _, token = issue_link(company)

    response = anonymous_client.get(_url(token))

    policy = response["Content-Security-Policy"]
    assert "img-src 'self' https:" in policy
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy
    assert response["Referrer-Policy"] == "same-origin"
    assert "no-store" in response["Cache-Control"]
    content = response.content.decode()
    nonce = policy.split("'nonce-")[1].split("'")[0]
    assert f'<style nonce="{nonce}">' in content
    # Every script is an external file of this site.
    assert content.count("<script") == content.count('<script src="/static/')


def test_search_filters_providers_without_javascript(
    anonymous_client, company, issue_link
):
    _, token = issue_link(company)

    response = anonymous_client.get(_url(token), {"q": "edison"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Southern California Edison" in content
    assert "Con Edison" in content
    assert "Georgia Power" not in content


def test_company_link_creates_pending_connection(anonymous_client, company, issue_link):
    link, token = issue_link(company)

    response = anonymous_client.post(_url(token), _connect_data())

    assert response.status_code == 302
    assert response["Location"] == reverse("magic-links:done", args=[token])
    connection = Connection.objects.get(company=company)
    assert connection.organization == company.organization
    assert connection.provider_name == "Con Edison"
    assert connection.provider_url == "https://www.coned.com/"
    assert connection.username == "facilities@initech.example"
    assert connection.status == Connection.Status.PENDING
    assert connection.created_via == Connection.CreatedVia.MAGIC_LINK
    link.refresh_from_db()
    assert link.use_count == 1
    assert link.last_used_at is not None
    done = anonymous_client.get(response["Location"])
    assert done.status_code == 200
    assert "your login was received" in done.content.decode()


def test_password_is_stored_encrypted(anonymous_client, company, issue_link):
    _, token = issue_link(company)

    anonymous_client.post(_url(token), _connect_data())

    connection = Connection.objects.get(company=company)
    stored = bytes(connection.encrypted_password)
    assert SECRET.encode() not in stored
    assert stored.startswith(b"gAAAAA")  # Fernet token, version byte 0x80
    assert decrypt_password(stored) == SECRET


@override_settings(FIELD_ENCRYPTION_KEY="9dsFmPkH1JeCmOI0M3dQvvC8lHzSKb0tC7Nh8G7U3mc=")
def test_password_uses_configured_key(anonymous_client, company, issue_link):
    from cryptography.fernet import Fernet

    _, token = issue_link(company)

    anonymous_client.post(_url(token), _connect_data())

    stored = bytes(Connection.objects.get(company=company).encrypted_password)
    key = "9dsFmPkH1JeCmOI0M3dQvvC8lHzSKb0tC7Nh8G7U3mc="
    assert Fernet(key).decrypt(stored).decode() == SECRET


def test_password_is_never_rendered(anonymous_client, company, issue_link):
    _, token = issue_link(company)

    response = anonymous_client.post(_url(token), _connect_data(provider=""))

    assert response.status_code == 422
    content = response.content.decode()
    assert SECRET not in content
    assert "Choose your utility provider." in content
    assert "facilities@initech.example" in content


def test_custom_provider_creates_connection(anonymous_client, company, issue_link):
    _, token = issue_link(company)
    data = _connect_data(
        provider="custom",
        custom_name="Springfield Municipal Water",
        custom_url="https://pay.springfield-water.example/login",
    )

    response = anonymous_client.post(_url(token), data)

    assert response.status_code == 302
    connection = Connection.objects.get(company=company)
    assert connection.provider_name == "Springfield Municipal Water"
    assert connection.provider_url == "https://pay.springfield-water.example/login"


@pytest.mark.parametrize(
    ("custom_name", "custom_url", "message"),
    [
        ("", "https://water.example/", "Enter the name of your utility provider."),
        ("Water", "", "Enter the address of the provider&#x27;s portal."),
        ("Water", "http://water.example/", "must start with https://"),
        ("Water", "javascript:alert(1)", "must start with https://"),
    ],
)
def test_custom_provider_needs_name_and_https_url(
    anonymous_client, company, issue_link, custom_name, custom_url, message
):
    _, token = issue_link(company)
    data = _connect_data(
        provider="custom", custom_name=custom_name, custom_url=custom_url
    )

    response = anonymous_client.post(_url(token), data)

    assert response.status_code == 422
    assert not Connection.objects.filter(company=company).exists()
    assert message in response.content.decode()


def test_update_link_updates_existing_connection(
    anonymous_client, connection, issue_link
):
    Connection.objects.filter(pk=connection.pk).update(status=Connection.Status.ERROR)
    link, token = issue_link(connection.company, connection=connection)

    page = anonymous_client.get(_url(token))
    assert page.status_code == 200
    assert 'value="facilities@initech.example"' in page.content.decode()

    response = anonymous_client.post(
        _url(token), {"username": "new-user@initech.example", "password": SECRET}
    )

    assert response.status_code == 302
    assert Connection.objects.filter(company=connection.company).count() == 1
    connection.refresh_from_db()
    assert connection.username == "new-user@initech.example"
    assert connection.status == Connection.Status.PENDING
    assert decrypt_password(connection.encrypted_password) == SECRET
    link.refresh_from_db()
    assert link.use_count == 1


def test_update_link_requires_password(anonymous_client, connection, issue_link):
    _, token = issue_link(connection.company, connection=connection)

    response = anonymous_client.post(_url(token), {"username": "x", "password": ""})

    assert response.status_code == 422
    connection.refresh_from_db()
    assert connection.encrypted_password in (b"", memoryview(b""))


def test_expired_link_is_gone(anonymous_client, company, branding, issue_link):
    link, token = issue_link(company)
    MagicLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    response = anonymous_client.get(_url(token))

    assert response.status_code == 410
    content = response.content.decode()
    assert "This link is no longer valid" in content
    assert "Acme Energy" in content
    assert "Initech Offices" not in content


def test_expired_link_rejects_post(anonymous_client, company, issue_link):
    link, token = issue_link(company)
    MagicLink.objects.filter(pk=link.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )

    response = anonymous_client.post(_url(token), _connect_data())

    assert response.status_code == 410
    assert not Connection.objects.filter(company=company).exists()


def test_revoked_link_is_gone(anonymous_client, company, issue_link):
    link, token = issue_link(company)
    link.revoke()

    get_response = anonymous_client.get(_url(token))
    post_response = anonymous_client.post(_url(token), _connect_data())
    done_response = anonymous_client.get(reverse("magic-links:done", args=[token]))

    assert get_response.status_code == 410
    assert post_response.status_code == 410
    assert done_response.status_code == 410
    assert not Connection.objects.filter(company=company).exists()
    assert "Initech Offices" not in get_response.content.decode()


@pytest.mark.parametrize(
    "mangle",
    [
        lambda token: token[:-1] + ("A" if token[-1] != "A" else "B"),  # signature
        lambda token: ("A" if token[0] != "A" else "B") + token[1:],  # key
        lambda token: token.split(".")[0],  # signature removed
        lambda token: "not-a-token",
        lambda token: token[:-4],  # truncated
        lambda token: token + "=",  # base64 padding on the signature
        lambda token: token.replace(".", "=.", 1),  # base64 padding on the key
        lambda token: token + "A" * 10_000,  # very long
        lambda token: token + "." + token.split(".")[1],  # signature twice
    ],
)
def test_tampered_link_is_not_found(
    anonymous_client, company, branding, issue_link, mangle
):
    _, token = issue_link(company)

    response = anonymous_client.get(_url(mangle(token)))

    assert response.status_code == 404
    content = response.content.decode()
    assert "This link is no longer valid" in content
    assert "Acme Energy" not in content
    assert "Initech Offices" not in content


def test_validly_signed_unknown_key_is_not_found(anonymous_client, company, issue_link):
    from django.core.signing import Signer

    token = Signer(salt="branding.magic-link", sep=".").sign("unknown-key")

    response = anonymous_client.get(_url(token))

    assert response.status_code == 404


def test_link_shows_only_its_organization(
    anonymous_client, org, other_org, company, branding, issue_link
):
    Branding.objects.create(
        organization=other_org, company_name="Globex Brand", brand_color="#B91C1C"
    )
    other_company = CompanyFactory(organization=other_org, name="Umbrella Labs")
    _, own_token = issue_link(company)
    _, other_token = issue_link(other_company)

    own = anonymous_client.get(_url(own_token)).content.decode()
    other = anonymous_client.get(_url(other_token)).content.decode()

    assert "Acme Energy" in own
    assert "Globex Brand" not in own
    assert "Umbrella Labs" not in own
    assert "Globex Brand" in other
    assert "Acme Energy" not in other
    assert "Initech Offices" not in other


def test_post_creates_connection_in_link_organization(
    other_admin_client, company, issue_link
):
    """A logged-in admin of another organization still creates the row in the link's."""
    _, token = issue_link(company)

    response = other_admin_client.post(_url(token), _connect_data())

    assert response.status_code == 302
    connection = Connection.objects.get(company=company)
    assert connection.organization == company.organization


def test_post_requires_csrf_token(company, issue_link):
    _, token = issue_link(company)
    client = Client(enforce_csrf_checks=True)

    response = client.post(_url(token), _connect_data())

    assert response.status_code == 403
    assert not Connection.objects.filter(company=company).exists()


def test_post_with_csrf_token_passes(company, issue_link):
    _, token = issue_link(company)
    client = Client(enforce_csrf_checks=True)
    client.get(_url(token))
    csrf = client.cookies["csrftoken"].value

    response = client.post(
        _url(token), {**_connect_data(), "csrfmiddlewaretoken": csrf}
    )

    assert response.status_code == 302


@override_settings(MAGIC_LINK_POSTS_PER_HOUR=3)
def test_posts_are_rate_limited_per_link(anonymous_client, company, issue_link):
    _, token = issue_link(company)
    _, other_token = issue_link(company)

    statuses = [
        anonymous_client.post(_url(token), _connect_data(password="")).status_code
        for _ in range(4)
    ]
    other = anonymous_client.post(_url(other_token), _connect_data())

    assert statuses == [422, 422, 422, 429]
    assert other.status_code == 302
    limited = anonymous_client.post(_url(token), _connect_data())
    assert limited.status_code == 429
    assert "Too many attempts" in limited.content.decode()
    assert Connection.objects.filter(company=company).count() == 1


def test_public_page_is_responsive(anonymous_client, company, issue_link):
    _, token = issue_link(company)

    response = anonymous_client.get(_url(token))

    assert (
        'name="viewport" content="width=device-width, initial-scale=1"'
        in response.content.decode()
    )


@override_settings(FIELD_ENCRYPTION_KEY="not-a-fernet-key")
def test_error_report_hides_password(company, issue_link, caplog):
    _, token = issue_link(company)
    client = Client(raise_request_exception=False)

    response = client.post(_url(token), _connect_data())

    assert response.status_code == 500
    records = [record for record in caplog.records if record.name == "django.request"]
    assert len(records) == 1
    # The report Django mails to ADMINS and shows with DEBUG, built from the log record.
    reporter = ExceptionReporter(records[0].request, *records[0].exc_info)
    assert SECRET not in reporter.get_traceback_text()
    assert SECRET not in reporter.get_traceback_html()
    assert SECRET not in caplog.text


def test_double_submit_creates_one_connection(anonymous_client, company, issue_link):
    link, token = issue_link(company)

    first = anonymous_client.post(_url(token), _connect_data(password="first-try"))
    second = anonymous_client.post(_url(token), _connect_data())

    assert first.status_code == 302
    assert second.status_code == 302
    connection = Connection.objects.get(company=company)
    assert decrypt_password(connection.encrypted_password) == SECRET
    assert connection.status == Connection.Status.PENDING
    link.refresh_from_db()
    assert link.use_count == 2


def test_resubmit_keeps_active_connection(anonymous_client, company, issue_link):
    existing = ConnectionFactory(
        company=company,
        provider_name="Con Edison",
        username="facilities@initech.example",
        status=Connection.Status.ACTIVE,
    )
    _, token = issue_link(company)

    response = anonymous_client.post(_url(token), _connect_data())

    assert response.status_code == 302
    # A company link only adds connections; it never replaces a working login.
    existing.refresh_from_db()
    assert existing.status == Connection.Status.ACTIVE
    assert Connection.objects.filter(company=company).count() == 2


@pytest.mark.parametrize(
    "provider_url",
    [
        "javascript:alert(1)",
        "data:text/html,<b>x</b>",
        "//evil.example",
        "https://[::1/portal",
    ],
)
def test_update_page_links_only_web_urls(
    anonymous_client, connection, issue_link, provider_url
):
    # Connections also come from the dashboard and the API, which store other URLs.
    Connection.objects.filter(pk=connection.pk).update(provider_url=provider_url)
    _, token = issue_link(connection.company, connection=connection)

    response = anonymous_client.get(_url(token))

    assert response.status_code == 200
    content = response.content.decode()
    assert 'href="javascript:' not in content
    assert 'href="data:' not in content
    assert 'href="//evil.example"' not in content
    assert 'href="https://[' not in content


def test_update_page_links_https_portal(anonymous_client, connection, issue_link):
    Connection.objects.filter(pk=connection.pk).update(
        provider_url="https://www.coned.com/"
    )
    _, token = issue_link(connection.company, connection=connection)

    response = anonymous_client.get(_url(token))

    assert response.status_code == 200
    assert 'href="https://www.coned.com/"' in response.content.decode()


def test_revoked_update_link_keeps_credentials(
    anonymous_client, connection, issue_link
):
    link, token = issue_link(connection.company, connection=connection)
    anonymous_client.post(_url(token), {"username": "first", "password": "first-pw"})
    link.revoke()

    response = anonymous_client.post(
        _url(token), {"username": "attacker", "password": "attacker-pw"}
    )

    assert response.status_code == 410
    connection.refresh_from_db()
    assert connection.username == "first"
    assert decrypt_password(connection.encrypted_password) == "first-pw"

"""Every branding and magic-link admin URL through every persona."""

import pytest
from django.urls import reverse

from branding.models import Branding, MagicLink


@pytest.fixture
def admin_urls(company, connection, issue_link):
    link, _ = issue_link(company)
    return {
        "settings": ("get", reverse("branding:settings"), {}),
        "save": (
            "post",
            reverse("branding:settings"),
            {"company_name": "X", "brand_color": "#123456", "logo_url": ""},
        ),
        "preview": (
            "post",
            reverse("branding:preview"),
            {"company_name": "X", "brand_color": "#123456", "logo_url": ""},
        ),
        "reset-confirm": ("get", reverse("branding:reset"), {}),
        "reset": ("post", reverse("branding:reset"), {}),
        "company-link-form": (
            "get",
            reverse("branding:company-link-create", args=[company.pk]),
            {},
        ),
        "company-link-create": (
            "post",
            reverse("branding:company-link-create", args=[company.pk]),
            {"days": "30"},
        ),
        "connection-link-form": (
            "get",
            reverse("branding:connection-link-create", args=[connection.pk]),
            {},
        ),
        "connection-link-create": (
            "post",
            reverse("branding:connection-link-create", args=[connection.pk]),
            {"days": "30"},
        ),
        "revoke-confirm": (
            "get",
            reverse("branding:magic-link-revoke", args=[link.pk]),
            {},
        ),
        "revoke": ("post", reverse("branding:magic-link-revoke", args=[link.pk]), {}),
    }


ALL_URLS = [
    "settings",
    "save",
    "preview",
    "reset-confirm",
    "reset",
    "company-link-form",
    "company-link-create",
    "connection-link-form",
    "connection-link-create",
    "revoke-confirm",
    "revoke",
]
OBJECT_URLS = [
    "company-link-form",
    "company-link-create",
    "connection-link-form",
    "connection-link-create",
    "revoke-confirm",
    "revoke",
]
ADMIN_STATUS = {
    "settings": 200,
    "save": 302,
    "preview": 200,
    "reset-confirm": 200,
    "reset": 302,
    "company-link-form": 200,
    "company-link-create": 201,
    "connection-link-form": 200,
    "connection-link-create": 201,
    "revoke-confirm": 200,
    "revoke": 302,
}


def _request(client, admin_urls, name):
    method, url, data = admin_urls[name]
    return getattr(client, method)(url, data)


@pytest.mark.parametrize("name", ALL_URLS)
def test_anonymous_is_sent_to_login(anonymous_client, admin_urls, name):
    response = _request(anonymous_client, admin_urls, name)

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", ALL_URLS)
def test_member_gets_403(member_client, admin_urls, name, org):
    links_before = MagicLink.objects.count()

    response = _request(member_client, admin_urls, name)

    assert response.status_code == 403
    assert not Branding.objects.filter(organization=org).exists()
    assert MagicLink.objects.count() == links_before
    assert not MagicLink.objects.filter(revoked_at__isnull=False).exists()


@pytest.mark.parametrize("name", ALL_URLS)
def test_admin_of_this_organization_succeeds(admin_client, admin_urls, name):
    response = _request(admin_client, admin_urls, name)

    assert response.status_code == ADMIN_STATUS[name]


@pytest.mark.parametrize("name", OBJECT_URLS)
def test_admin_of_other_organization_gets_404(other_admin_client, admin_urls, name):
    links_before = MagicLink.objects.count()

    response = _request(other_admin_client, admin_urls, name)

    assert response.status_code == 404
    assert MagicLink.objects.count() == links_before
    assert not MagicLink.objects.filter(revoked_at__isnull=False).exists()


def test_other_admin_never_sees_this_branding(other_admin_client, branding):
    response = other_admin_client.get(reverse("branding:settings"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Acme Energy" not in content
    assert "Using Nectar defaults" in content


def test_other_admin_reset_keeps_this_branding(other_admin_client, org, branding):
    response = other_admin_client.post(reverse("branding:reset"))

    assert response.status_code == 302
    assert Branding.objects.filter(organization=org).exists()


def test_other_admin_save_creates_own_branding(
    other_admin_client, org, other_org, branding
):
    data = {"company_name": "Globex", "brand_color": "#123456", "logo_url": ""}

    response = other_admin_client.post(reverse("branding:settings"), data)

    assert response.status_code == 302
    branding.refresh_from_db()
    assert branding.company_name == "Acme Energy"
    assert Branding.objects.get(organization=other_org).company_name == "Globex"

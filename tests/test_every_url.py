"""Walk every URL pattern of the project through every persona.

A new URL fails `test_every_url_pattern_is_classified` until it is listed here, so no
page reaches main without its anonymous, member and other-organization checks.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from apikeys import services
from branding.models import MagicLink
from organizations.models import Environment
from tests.factories import BillFactory

# Pages that need no login, or authenticate by other means: a signature (webhook), a
# signed token (magic links) or an API key. Their own test modules cover them.
NOT_ORG_ADMIN_PAGES = {
    "login",
    "logout",
    "home",
    "switch-organization",
    "billing-webhook:stripe",
    "magic-links:start",
    "magic-links:done",
}
API_PREFIX = "api:"

# Settings pages without an object in the URL.
LIST_PAGES = {
    "settings-faq",
    "repository:bills",
    "repository:bills-export",
    "repository:meters",
    "repository:meters-export",
    "repository:accounts",
    "repository:accounts-export",
    "repository:connections",
    "repository:connections-export",
    "repository:companies",
    "billing:overview",
    "billing:portal",
    "branding:settings",
    "branding:preview",
    "branding:reset",
    "apikeys:list",
    "apikeys:create",
}

# Settings pages of one object: the URL keyword and which object of the
# organization's portfolio fills it.
OBJECT_PAGES = {
    "repository:bill-detail": ("pk", "bill"),
    "repository:meter-detail": ("pk", "meter"),
    "repository:account-detail": ("pk", "account"),
    "repository:connection-detail": ("pk", "connection"),
    "repository:company-detail": ("pk", "company"),
    "branding:company-link-create": ("company_id", "company"),
    "branding:connection-link-create": ("connection_id", "connection"),
    "branding:magic-link-revoke": ("link_id", "magic_link"),
    "apikeys:roll": ("pk", "api_key"),
    "apikeys:delete": ("pk", "api_key"),
}

# POST-only actions return 405 to the admin's GET. Every other page returns 200,
# including the no-JavaScript confirmation pages of roll and delete.
POST_ONLY = {"billing:portal", "branding:preview"}


def _url_names(patterns=None, namespace=""):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            inner = f"{pattern.namespace}:" if pattern.namespace else namespace
            yield from _url_names(pattern.url_patterns, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            yield f"{namespace}{pattern.name}"


def _portfolio(org, admin_user):
    bill = BillFactory(company__organization=org)
    link, _token = MagicLink.issue(company=bill.company, days=30, created_by=admin_user)
    key, _value = services.issue_key(
        organization=org,
        created_by=admin_user,
        name="Walker key",
        environment=Environment.PRODUCTION,
        expires_at=None,
    )
    return {
        "bill": bill,
        "meter": bill.meter,
        "account": bill.account,
        "connection": bill.connection,
        "company": bill.company,
        "magic_link": link,
        "api_key": key,
    }


def _settings_urls(org, admin_user):
    objects = _portfolio(org, admin_user)
    urls = {name: reverse(name) for name in LIST_PAGES}
    for name, (keyword, object_name) in OBJECT_PAGES.items():
        urls[name] = reverse(name, kwargs={keyword: objects[object_name].pk})
    return urls


def test_every_url_pattern_is_classified():
    known = NOT_ORG_ADMIN_PAGES | LIST_PAGES | set(OBJECT_PAGES)

    unknown = {
        name
        for name in _url_names()
        if name not in known and not name.startswith(API_PREFIX)
    }

    assert not unknown, f"classify these URLs in {__name__}: {sorted(unknown)}"


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_settings_url_sends_anonymous_to_login(
    org, admin_user, anonymous_client, method
):
    for name, url in _settings_urls(org, admin_user).items():
        response = getattr(anonymous_client, method)(url)

        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login")), name


@pytest.mark.parametrize("method", ["get", "post"])
def test_every_settings_url_rejects_members(org, admin_user, member_client, method):
    for name, url in _settings_urls(org, admin_user).items():
        response = getattr(member_client, method)(url)

        assert response.status_code == 403, name


def test_every_object_url_is_404_for_other_organization(
    org, admin_user, other_admin_client
):
    urls = _settings_urls(org, admin_user)

    for name in OBJECT_PAGES:
        for method in ("get", "post"):
            response = getattr(other_admin_client, method)(urls[name])

            assert response.status_code == 404, f"{method} {name}"


def test_every_settings_url_opens_for_its_admin(org, admin_user, admin_client):
    for name, url in _settings_urls(org, admin_user).items():
        response = admin_client.get(url)

        expected = 405 if name in POST_ONLY else 200
        assert response.status_code == expected, name


def test_api_lists_ignore_the_admin_session(org, admin_user, admin_client):
    BillFactory(company__organization=org)

    for resource in (
        "companies",
        "sites",
        "connections",
        "accounts",
        "meters",
        "bills",
    ):
        response = admin_client.get(f"/api/v1/{resource}/")

        assert response.status_code == 401, resource
        assert "detail" in response.json(), resource

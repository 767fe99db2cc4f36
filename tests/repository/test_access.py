"""Every repository URL through every persona."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

LIST_URL_NAMES = [
    "bills",
    "meters",
    "accounts",
    "connections",
    "companies",
    "bills-export",
    "meters-export",
    "accounts-export",
    "connections-export",
]
# URL name, and the portfolio and foreign fixture attributes of its object.
DETAIL_URLS = [
    ("bill-detail", "january", "bill"),
    ("meter-detail", "power_meter", "meter"),
    ("account-detail", "power", "account"),
    ("connection-detail", "edison", "connection"),
    ("company-detail", "north", "company"),
]


def _all_urls(portfolio):
    urls = [reverse(f"repository:{name}") for name in LIST_URL_NAMES]
    for name, attribute, _ in DETAIL_URLS:
        urls.append(
            reverse(f"repository:{name}", args=[getattr(portfolio, attribute).pk])
        )
    return urls


def _body(response):
    if response.streaming:
        return b"".join(response.streaming_content).decode()
    return response.content.decode()


def test_anonymous_is_sent_to_login(anonymous_client, portfolio):
    for url in _all_urls(portfolio):
        response = anonymous_client.get(url)

        assert response.status_code == 302, url
        assert response["Location"].startswith("/login/?next="), url


def test_member_is_forbidden(member_client, portfolio):
    for url in _all_urls(portfolio):
        response = member_client.get(url)

        assert response.status_code == 403, url


def test_admin_opens_every_url(admin_client, portfolio):
    for url in _all_urls(portfolio):
        response = admin_client.get(url)

        assert response.status_code == 200, url


@pytest.mark.parametrize(("name", "attribute", "_"), DETAIL_URLS)
def test_other_admin_gets_404_for_object(
    other_admin_client, portfolio, name, attribute, _
):
    url = reverse(f"repository:{name}", args=[getattr(portfolio, attribute).pk])

    response = other_admin_client.get(url)

    assert response.status_code == 404


@pytest.mark.parametrize(("name", "_", "foreign_attribute"), DETAIL_URLS)
def test_admin_gets_404_for_foreign_object(
    admin_client, foreign, name, _, foreign_attribute
):
    url = reverse(f"repository:{name}", args=[getattr(foreign, foreign_attribute).pk])

    response = admin_client.get(url)

    assert response.status_code == 404


@pytest.mark.parametrize("name", ["bill-detail", "company-detail"])
def test_unknown_or_huge_id_is_404(admin_client, portfolio, name):
    for pk in (0, 987654, 99999999999999999999):
        response = admin_client.get(reverse(f"repository:{name}", args=[pk]))

        assert response.status_code == 404, pk


@pytest.mark.parametrize("name", LIST_URL_NAMES)
def test_other_admin_lists_exclude_foreign_rows(
    other_admin_client, portfolio, foreign, name
):
    response = other_admin_client.get(reverse(f"repository:{name}"))

    assert response.status_code == 200
    body = _body(response)
    assert "Northwind Foreign" in body
    for marker in ("E-1001", "G-2002", "M-1<", "Xcel", "Summit"):
        assert marker not in body, marker

"""Detail pages of bills, accounts, meters, connections and companies."""

import pytest
from django.urls import reverse

from tests.factories import BillFactory

pytestmark = pytest.mark.django_db


def test_bill_detail_shows_its_chain(admin_client, portfolio):
    bill = portfolio.february

    response = admin_client.get(reverse("repository:bill-detail", args=[bill.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert reverse("repository:account-detail", args=[portfolio.heat.pk]) in content
    assert reverse("repository:meter-detail", args=[portfolio.heat_meter.pk]) in content
    assert reverse("repository:connection-detail", args=[portfolio.xcel.pk]) in content
    assert reverse("repository:company-detail", args=[portfolio.summit.pk]) in content
    assert "9 Peak Road, Denver 80202, US" in content
    assert "250.00 USD" in content
    assert "80 therms" in content
    assert "2026-02-01 – 2026-02-28" in content
    assert "Pending" in content
    assert "Upload" in content
    assert ">28<" in content


def test_bill_detail_without_meter_or_connection(admin_client, portfolio):
    bill = BillFactory(
        company=portfolio.north,
        meter=None,
        account=portfolio.power,
        connection=None,
        source="manual",
    )

    response = admin_client.get(reverse("repository:bill-detail", args=[bill.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Not assigned" in content
    assert "None (manual)" in content


def test_account_detail_lists_meters_and_bills(admin_client, portfolio):
    response = admin_client.get(
        reverse("repository:account-detail", args=[portfolio.power.pk])
    )

    assert response.status_code == 200
    assert list(response.context["meters"]) == [portfolio.power_meter]
    assert list(response.context["recent_bills"]) == [
        portfolio.march,
        portfolio.january,
    ]
    content = response.content.decode()
    assert f"?account={portfolio.power.pk}" in content
    assert "All 2 bills" in content


def test_meter_detail_lists_recent_bills(admin_client, portfolio):
    BillFactory.create_batch(15, company=portfolio.north, meter=portfolio.power_meter)

    response = admin_client.get(
        reverse("repository:meter-detail", args=[portfolio.power_meter.pk])
    )

    assert response.status_code == 200
    assert len(response.context["recent_bills"]) == 12
    content = response.content.decode()
    assert "All 17 bills" in content
    assert "Depot" in content
    assert "E-1001" in content


def test_connection_detail_lists_accounts(admin_client, portfolio):
    response = admin_client.get(
        reverse("repository:connection-detail", args=[portfolio.xcel.pk])
    )

    assert response.status_code == 200
    assert list(response.context["accounts"]) == [portfolio.heat]
    content = response.content.decode()
    assert "summit-login" in content
    assert "Magic link" in content
    assert f"?connection={portfolio.xcel.pk}" in content


def test_companies_lists_counts(admin_client, portfolio, foreign):
    response = admin_client.get(reverse("repository:companies"))

    assert response.status_code == 200
    companies = list(response.context["page"].object_list)
    assert companies == [portfolio.north, portfolio.summit]
    assert companies[0].bill_count == 2
    assert companies[0].meter_count == 1
    assert companies[0].site_count == 1
    assert companies[1].bill_count == 1


def test_companies_filters_and_sorts(admin_client, portfolio):
    response = admin_client.get(
        reverse("repository:companies"), {"q": "mit", "sort": "-name"}
    )

    assert response.status_code == 200
    assert list(response.context["page"].object_list) == [portfolio.summit]


def test_companies_invalid_sort_shows_error(admin_client, portfolio):
    response = admin_client.get(reverse("repository:companies"), {"sort": "secret"})

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()


def test_companies_sort_header_targets_results(admin_client, portfolio):
    response = admin_client.get(reverse("repository:companies"))

    content = response.content.decode()
    # Sort and page links carry hx-get; without an inherited target htmx would swap
    # the whole page into the clicked link.
    assert '<div id="results" hx-target="#results" hx-push-url="true"' in content


def test_companies_htmx_request_renders_results_only(admin_client, portfolio):
    response = admin_client.get(
        reverse("repository:companies"),
        {"sort": "-name"},
        headers={"HX-Request": "true", "HX-Target": "results"},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert 'role="search"' not in content
    assert 'id="filter-state" class="filter-state" hx-swap-oob="true"' in content
    assert list(response.context["page"].object_list) == [
        portfolio.summit,
        portfolio.north,
    ]
    assert "HX-Request" in response["Vary"]


def test_company_detail_shows_sites_connections_counts(admin_client, portfolio):
    response = admin_client.get(
        reverse("repository:company-detail", args=[portfolio.north.pk])
    )

    assert response.status_code == 200
    assert response.context["counts"] == {
        "sites": 1,
        "connections": 1,
        "accounts": 1,
        "meters": 1,
        "bills": 2,
    }
    content = response.content.decode()
    assert "Production" in content
    assert "Depot" in content
    assert "Edison" in content
    assert portfolio.north.public_id in content

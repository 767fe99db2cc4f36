"""The four table pages: filters in the URL, sorting, pagination, htmx and queries."""

import pytest
from django.urls import reverse

from repository.listing import PAGE_SIZE
from repository.models import Bill, UtilityType
from tests.factories import BillFactory

pytestmark = pytest.mark.django_db

TABLE_URL_NAMES = ["bills", "meters", "accounts", "connections"]
HTMX_HEADERS = {"HX-Request": "true", "HX-Target": "results"}


def _rows(response):
    return list(response.context["page"].object_list)


@pytest.mark.parametrize("name", TABLE_URL_NAMES)
def test_table_lists_only_own_rows(admin_client, portfolio, foreign, name):
    response = admin_client.get(reverse(f"repository:{name}"))

    assert response.status_code == 200
    rows = _rows(response)
    assert rows
    assert all(row.organization_id == portfolio.north.organization_id for row in rows)
    assert "Northwind Foreign" not in response.content.decode()


def test_bills_page_shows_formatted_columns(admin_client, portfolio):
    response = admin_client.get(reverse("repository:bills"))

    assert response.status_code == 200
    content = response.content.decode()
    assert "Northwind" in content
    assert "Depot" in content
    assert "250.00 USD" in content
    assert "80 therms" in content
    assert "Has issues" in content
    assert "2026-02-01 – 2026-02-28" in content
    assert "<strong>3</strong> bills" in content


def test_bills_filter_from_url_limits_rows(admin_client, portfolio):
    url = reverse("repository:bills")

    response = admin_client.get(
        url, {"utility_type": "electricity", "sort": "period_start"}
    )

    assert response.status_code == 200
    assert _rows(response) == [portfolio.january, portfolio.march]
    assert 'value="electricity" selected' in response.content.decode()


def test_sort_header_links_keep_filters(admin_client, portfolio):
    url = reverse("repository:bills")

    response = admin_client.get(url, {"utility_type": "gas", "page": "1"})

    content = response.content.decode()
    expected = f"{url}?utility_type=gas&amp;sort=total_charges"
    assert f'href="{expected}"' in content
    assert f'hx-get="{expected}"' in content


def test_sorted_header_links_to_descending(admin_client, portfolio):
    url = reverse("repository:bills")

    response = admin_client.get(url, {"sort": "total_charges"})

    assert _rows(response) == [portfolio.march, portfolio.january, portfolio.february]
    content = response.content.decode()
    assert f'href="{url}?sort=-total_charges"' in content
    assert 'aria-sort="ascending"' in content


def test_htmx_request_renders_results_only(admin_client, portfolio):
    response = admin_client.get(
        reverse("repository:bills"), {"status": "pending"}, headers=HTMX_HEADERS
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" not in content
    assert 'id="filter-form"' not in content
    assert 'id="filter-state" class="filter-state" hx-swap-oob="true"' in content
    assert _rows(response) == [portfolio.february]
    assert "HX-Request" in response["Vary"]


def test_history_restore_renders_full_page(admin_client, portfolio):
    headers = {**HTMX_HEADERS, "HX-History-Restore-Request": "true"}

    response = admin_client.get(reverse("repository:bills"), headers=headers)

    assert response.status_code == 200
    assert "<html" in response.content.decode()


def test_page_works_without_javascript(admin_client, portfolio):
    response = admin_client.get(reverse("repository:bills"))

    content = response.content.decode()
    assert 'method="get"' in content
    assert (
        '<button type="submit" class="button button-primary">Apply filters</button>'
        in content
    )
    assert 'hx-push-url="true"' in content


def test_relation_filter_shows_removable_chip(admin_client, portfolio):
    url = reverse("repository:bills")

    response = admin_client.get(
        url, {"account": portfolio.power.pk, "utility_type": "electricity"}
    )

    assert response.status_code == 200
    assert _rows(response) == [portfolio.march, portfolio.january]
    content = response.content.decode()
    assert "Account: E-1001" in content
    assert f'href="{url}?utility_type=electricity"' in content
    assert f'name="account" value="{portfolio.power.pk}"' in content


@pytest.fixture
def many_bills(portfolio):
    return BillFactory.create_batch(
        2 * PAGE_SIZE + 7, company=portfolio.north, meter=portfolio.power_meter
    )


@pytest.mark.parametrize(
    ("page", "expected_number"),
    [
        ("1", 1),
        ("2", 2),
        ("3", 3),
        ("0", 1),
        ("-4", 1),
        ("abc", 1),
        ("", 1),
        ("4", 3),
        ("99999999999999999999999999", 3),
        ("9" * 5000, 1),
    ],
)
def test_page_number_falls_back_to_nearest(
    admin_client, many_bills, page, expected_number
):
    response = admin_client.get(reverse("repository:bills"), {"page": page})

    assert response.status_code == 200
    assert response.context["page"].number == expected_number


def test_pagination_links_keep_filters(admin_client, many_bills):
    url = reverse("repository:bills")

    response = admin_client.get(url, {"utility_type": "electricity", "page": "2"})

    content = response.content.decode()
    assert f'href="{url}?utility_type=electricity&amp;page=3"' in content
    assert f'href="{url}?utility_type=electricity&amp;page=1"' in content
    assert "Page 2 of 3" in content
    assert "showing 51–100" in content


@pytest.mark.parametrize("name", TABLE_URL_NAMES)
def test_table_query_count_is_fixed(
    admin_client, portfolio, django_assert_max_num_queries, name
):
    url = reverse(f"repository:{name}")
    params = {"company": portfolio.north.pk, "sort": "company"}
    admin_client.get(url, params)
    BillFactory.create_batch(30, company=portfolio.north)

    with django_assert_max_num_queries(10):
        response = admin_client.get(url, params)

    assert response.status_code == 200
    assert len(_rows(response)) > 2


@pytest.mark.parametrize(
    ("params", "message"),
    [
        ({"period_after": "2026-02-30"}, "Enter a valid date"),
        (
            {"period_after": "2026-03-01", "period_before": "2026-02-01"},
            "Must be on or after period from",
        ),
        ({"company": "12345678"}, "Select a valid choice"),
        ({"meter": "abc"}, "Select a valid choice"),
        ({"sort": "organization__name"}, "Select a valid choice"),
        ({"q": "x" * 10_240}, "at most 200 characters"),
        ({"utility_type": "plutonium"}, "Select a valid choice"),
        ({"tracked": "maybe", "status": "lost"}, "Select a valid choice"),
    ],
)
def test_invalid_filter_shows_form_error(admin_client, portfolio, params, message):
    response = admin_client.get(reverse("repository:bills"), params)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Some filters are invalid and were not applied." in content
    assert message in content


def test_invalid_filter_still_applies_valid_ones(admin_client, portfolio):
    params = {"utility_type": "gas", "period_after": "not-a-date"}

    response = admin_client.get(reverse("repository:bills"), params)

    assert response.status_code == 200
    assert _rows(response) == [portfolio.february]


def test_foreign_company_id_is_form_error(admin_client, portfolio, foreign):
    response = admin_client.get(
        reverse("repository:meters"), {"company": foreign.company.pk}
    )

    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert foreign.meter not in _rows(response)


def test_meters_period_filter_matches_one_bill(admin_client, portfolio):
    params = {"period_after": "2026-02-05", "period_before": "2026-02-20"}

    response = admin_client.get(reverse("repository:meters"), params)

    assert _rows(response) == [portfolio.heat_meter]


def test_empty_filter_result_shows_message(admin_client, portfolio):
    response = admin_client.get(
        reverse("repository:bills"), {"utility_type": UtilityType.SOLAR}
    )

    assert response.status_code == 200
    assert "No bills match these filters." in response.content.decode()


def test_empty_repository_shows_empty_state(admin_client):
    response = admin_client.get(reverse("repository:connections"))

    assert response.status_code == 200
    assert "No connections yet." in response.content.decode()
    assert Bill.objects.count() == 0

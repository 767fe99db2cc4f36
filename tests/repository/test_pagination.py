"""Table pagination: the capped count, its labelled estimate, deep pages and queries."""

import pytest
from django import forms
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from repository import listing
from repository.filters import FastSelect
from repository.models import Bill

pytestmark = pytest.mark.django_db

BILLS_URL = "repository:bills"


def _page(response):
    return response.context["page"]


def test_bills_count_is_exact_up_to_the_limit(admin_client, portfolio, small_pages):
    # The portfolio contains 3 bills, as many as the limit.
    response = admin_client.get(reverse(BILLS_URL))

    assert response.status_code == 200
    page = _page(response)
    assert Bill.objects.count() == 3
    assert page.paginator.count == 3
    assert not page.paginator.count_is_estimate
    content = response.content.decode()
    assert "<strong>3</strong> bills" in content
    assert "estimate" not in content
    assert "Page 1 of 2" in content


def test_bills_count_above_the_limit_is_a_labelled_estimate(
    admin_client, portfolio, small_pages, monkeypatch, add_bills
):
    if connection.vendor != "postgresql":
        # SQLite has no planner estimate; stand in for PostgreSQL's.
        monkeypatch.setattr(listing, "estimate_count", lambda queryset: 7)
    add_bills(4)

    response = admin_client.get(reverse(BILLS_URL))

    assert response.status_code == 200
    paginator = _page(response).paginator
    assert Bill.objects.count() == 7
    assert paginator.count_is_estimate
    # The count query stops after the limit plus one row.
    assert paginator.count >= 4
    content = response.content.decode()
    assert f"About <strong>{paginator.count}</strong> bills (estimate)" in content
    assert "Page 1 of about" in content


def test_estimate_on_postgresql_comes_from_the_planner(portfolio):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite has no row estimate")

    estimate = listing.estimate_count(Bill.objects.filter(company=portfolio.north))

    assert isinstance(estimate, int)
    assert estimate >= 0


def test_estimate_is_rounded_to_two_significant_figures():
    assert listing._round_estimate(999_874) == 1_000_000
    assert listing._round_estimate(1_234_567) == 1_200_000
    assert listing._round_estimate(49_233) == 49_000
    assert listing._round_estimate(87) == 87


def test_page_past_a_high_estimate_shows_the_real_last_page(
    admin_client, portfolio, small_pages, monkeypatch, add_bills
):
    monkeypatch.setattr(listing, "estimate_count", lambda queryset: 1_000)
    add_bills(4)

    response = admin_client.get(reverse(BILLS_URL), {"page": "100"})

    assert response.status_code == 200
    page = _page(response)
    assert page.number == 4
    assert len(page.object_list) == 1
    assert not page.paginator.count_is_estimate
    content = response.content.decode()
    assert "Page 4 of 4" in content
    assert "<strong>7</strong> bills" in content


def test_pages_past_a_low_estimate_stay_reachable(
    admin_client, portfolio, small_pages, monkeypatch, add_bills
):
    monkeypatch.setattr(listing, "estimate_count", lambda queryset: 4)
    add_bills(4)
    url = reverse(BILLS_URL)

    response = admin_client.get(url, {"page": "3"})

    assert response.status_code == 200
    page = _page(response)
    assert page.number == 3
    assert len(page.object_list) == 2
    assert page.has_next()
    assert f'href="{url}?page=4"' in response.content.decode()


def test_pages_follow_the_bills_order(admin_client, portfolio, small_pages, add_bills):
    add_bills(4)
    url = reverse(BILLS_URL)
    expected = list(Bill.objects.order_by("-statement_date", "-id"))

    listed = []
    for number in range(1, 5):
        response = admin_client.get(url, {"page": str(number)})
        assert response.status_code == 200
        listed += list(_page(response).object_list)

    assert listed == expected


@pytest.mark.parametrize("limit", [3, 10_000], ids=["estimated", "exact"])
def test_bills_query_count_is_the_same_on_a_deep_page(
    admin_client,
    portfolio,
    monkeypatch,
    django_assert_max_num_queries,
    limit,
    add_bills,
):
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    monkeypatch.setattr(listing, "EXACT_COUNT_LIMIT", limit)
    add_bills(17)
    url = reverse(BILLS_URL)
    admin_client.get(url)

    with CaptureQueriesContext(connection) as first_page:
        response = admin_client.get(url)
    assert response.status_code == 200
    with django_assert_max_num_queries(len(first_page)):
        response = admin_client.get(url, {"page": "10"})

    assert response.status_code == 200
    assert _page(response).number == 10
    assert len(first_page) <= 10


@pytest.mark.parametrize("value", ["b", "", None])
def test_fast_select_renders_djangos_select_markup(value):
    choices = [("", "All"), ("a", "Gas & water"), ("b", "<b>Solar</b>")]
    attrs = {"id": "id_kind", "required": True}

    django_html = forms.Select(choices=choices).render("kind", value, attrs)
    fast_html = FastSelect(choices=choices).render("kind", value, attrs)

    assert fast_html == django_html.replace("\n", "").replace("  ", "")

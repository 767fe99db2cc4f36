"""Filter the demo portfolio's bills through the form, updated in place by htmx."""

import datetime

import pytest
from django.core.management import call_command

from organizations.demo import DEMO_PASSWORD
from organizations.models import Organization
from repository.models import Bill, UtilityType

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _period_range():
    """Return a two-month range in the middle of the seeded billing periods."""
    first = Bill.objects.order_by("period_start").first().period_start
    after = (first + datetime.timedelta(days=62)).replace(day=10)
    before = after + datetime.timedelta(days=45)
    return after, before


def test_bills_filter_by_utility_and_period(page, live_server):
    call_command("seed_demo", companies=3, months=6)
    demo = Organization.objects.get(slug="demo")
    after, before = _period_range()
    expected = Bill.objects.filter(
        organization=demo,
        utility_type=UtilityType.GAS,
        period_end__gte=after,
        period_start__lte=before,
    ).count()
    assert expected > 0

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "demo-admin")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/settings/organization/repository/")
    # A full page load would drop this marker, but an htmx swap keeps it.
    page.evaluate("window.loadedOnce = true")

    page.select_option("#id_utility_type", "gas")
    page.fill("#id_period_after", after.isoformat())
    page.fill("#id_period_before", before.isoformat())
    page.click("button:has-text('Apply filters')")
    page.wait_for_url("**period_before=*")
    page.wait_for_load_state("networkidle")

    assert page.evaluate("window.loadedOnce") is True
    assert "utility_type=gas" in page.url
    count_text = page.locator(".result-count strong").inner_text()
    assert int(count_text.replace(",", "")) == expected
    rows = page.locator("#results tbody tr")
    assert rows.count() == min(expected, 50)
    for index in range(rows.count()):
        cells = rows.nth(index).locator("td")
        assert cells.nth(3).inner_text() == "Gas"
        start, end = cells.nth(4).inner_text().split(" – ")
        assert datetime.date.fromisoformat(end) >= after
        assert datetime.date.fromisoformat(start) <= before


def test_companies_sort_header_swaps_results_only(page, live_server):
    call_command("seed_demo", companies=3, months=2)

    page.goto(f"{live_server.url}/login/")
    page.fill("#id_username", "demo-admin")
    page.fill("#id_password", DEMO_PASSWORD)
    page.click("button[type=submit]")
    page.goto(f"{live_server.url}/settings/organization/repository/companies/")
    page.click("#results th a:has-text('Company')")
    page.wait_for_url("**sort=-name")
    page.wait_for_load_state("networkidle")

    assert page.locator("h1").count() == 1
    names = page.locator("#results tbody tr td:first-child > a").all_inner_texts()
    assert names == sorted(names, reverse=True)
    assert page.locator("#filter-state input[name=sort]").input_value() == "-name"

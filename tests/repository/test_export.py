"""CSV export: exactly the filtered, sorted rows, with formula cells neutralized."""

import csv
import io

import pytest
from django.urls import reverse

from repository.listing import neutralize_formula
from tests.factories import BillFactory, ConnectionFactory

pytestmark = pytest.mark.django_db


def _csv_rows(response):
    content = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(content)))


def test_bills_export_holds_filtered_sorted_rows(admin_client, portfolio, foreign):
    response = admin_client.get(
        reverse("repository:bills-export"),
        {"utility_type": "electricity", "sort": "-total_charges", "page": "2"},
    )

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith(
        'attachment; filename="acme-bills-'
    )
    header, *rows = _csv_rows(response)
    assert header[:3] == ["Bill ID", "Company", "Site"]
    assert [row[0] for row in rows] == [
        str(portfolio.january.pk),
        str(portfolio.march.pk),
    ]
    assert rows[0][header.index("Total charges")] == "100.00"
    assert rows[0][header.index("Usage unit")] == "kWh"
    assert rows[0][header.index("Site")] == "Depot"


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("connections", ["edison", "xcel"]),
        ("accounts", ["power", "heat"]),
        ("meters", ["power_meter", "heat_meter"]),
        ("bills", ["january", "february", "march"]),
    ],
)
def test_export_never_holds_foreign_rows(
    admin_client, portfolio, foreign, name, expected
):
    response = admin_client.get(reverse(f"repository:{name}-export"))

    assert response.status_code == 200
    ids = sorted(int(row[0]) for row in _csv_rows(response)[1:])
    assert ids == sorted(getattr(portfolio, key).pk for key in expected)


def test_export_matches_table_count(admin_client, portfolio):
    BillFactory.create_batch(60, company=portfolio.summit, utility_type="gas")
    params = {"company": portfolio.summit.pk}

    table = admin_client.get(reverse("repository:bills"), params)
    export = admin_client.get(reverse("repository:bills-export"), params)

    assert table.context["page"].paginator.count == 61
    assert len(_csv_rows(export)) == 1 + 61


def test_export_neutralizes_formula_cells(admin_client, portfolio):
    ConnectionFactory(
        company=portfolio.north,
        provider_name='=HYPERLINK("http://attacker.example","Click")',
        username="+1+1",
        provider_url="",
    )
    ConnectionFactory(company=portfolio.north, provider_name="@SUM(A1)", username="-2")
    ConnectionFactory(
        company=portfolio.north, provider_name="\tTabbed", username="\rReturn"
    )

    response = admin_client.get(
        reverse("repository:connections-export"), {"sort": "provider"}
    )

    assert response.status_code == 200
    cells = {cell for row in _csv_rows(response)[1:] for cell in row}
    assert '\'=HYPERLINK("http://attacker.example","Click")' in cells
    assert "'+1+1" in cells
    assert "'@SUM(A1)" in cells
    assert "'-2" in cells
    assert "'\tTabbed" in cells
    assert "'\rReturn" in cells
    assert not any(cell.startswith(("=", "+", "-", "@", "\t", "\r")) for cell in cells)


def test_neutralize_formula_leaves_numbers_and_plain_text():
    assert neutralize_formula("Edison") == "Edison"
    assert neutralize_formula(-12.5) == -12.5
    assert neutralize_formula("") == ""
    assert neutralize_formula("-12.50") == "'-12.50"


def test_export_with_invalid_filter_is_rejected(admin_client, portfolio):
    response = admin_client.get(
        reverse("repository:bills-export"),
        {"period_after": "2026-03-01", "period_before": "2026-01-01"},
    )

    assert response.status_code == 400
    assert "Must be on or after period from" in response.content.decode()


def test_table_links_export_with_current_filters(admin_client, portfolio):
    response = admin_client.get(
        reverse("repository:meters"), {"tracked": "true", "page": "1"}
    )

    export_url = reverse("repository:meters-export")
    assert f'href="{export_url}?tracked=true"' in response.content.decode()

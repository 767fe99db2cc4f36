"""Bills page rows built in Python: escaping, missing relations, numbers and queries.

Each hostile text below fits its column's max_length, so the database stores it as
typed and only the page's escaping keeps it out of the markup.
"""

import csv
import io
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from repository.models import Bill
from tests.factories import (
    AccountFactory,
    BillFactory,
    CompanyFactory,
    MeterFactory,
    SiteFactory,
)

pytestmark = pytest.mark.django_db

BILLS_URL = reverse("repository:bills")
EXPORT_URL = reverse("repository:bills-export")

HOSTILE = {
    "company": "<script>alert('company')</script>",
    "site": '"><img src=x onerror=alert(1)>',
    "account": "<b onmouseover=alert(2)>A-1</b>",
    "meter": "'><svg onload=alert(3)>",
    "currency": "<i>",
    "unit": "<img src=x>",
}


def _csv_rows(response):
    content = b"".join(response.streaming_content).decode()
    return list(csv.reader(io.StringIO(content)))


@pytest.fixture
def hostile_bill(org):
    company = CompanyFactory(organization=org, name=HOSTILE["company"])
    site = SiteFactory(company=company, name=HOSTILE["site"])
    account = AccountFactory(company=company, account_number=HOSTILE["account"])
    meter = MeterFactory(
        company=company, account=account, site=site, meter_number=HOSTILE["meter"]
    )
    return BillFactory(
        company=company,
        meter=meter,
        currency=HOSTILE["currency"],
        usage_unit=HOSTILE["unit"],
    )


def test_bill_rows_escape_every_database_text(admin_client, hostile_bill):
    response = admin_client.get(BILLS_URL)

    assert response.status_code == 200
    content = response.content.decode()
    for name, text in HOSTILE.items():
        assert text not in content, f"{name} is rendered unescaped"
    assert "&lt;script&gt;alert(&#x27;company&#x27;)&lt;/script&gt;" in content
    assert "&quot;&gt;&lt;img src=x onerror=alert(1)&gt;" in content
    assert "&lt;b onmouseover=alert(2)&gt;A-1&lt;/b&gt;" in content
    assert "&#x27;&gt;&lt;svg onload=alert(3)&gt;" in content
    assert "123.45 &lt;i&gt;" in content
    assert "850 &lt;img src=x&gt;" in content


def test_filter_options_escape_names(admin_client, hostile_bill):
    response = admin_client.get(reverse("repository:meters"))

    assert response.status_code == 200
    content = response.content.decode()
    assert HOSTILE["company"] not in content
    assert HOSTILE["site"] not in content
    assert "&lt;script&gt;alert(&#x27;company&#x27;)&lt;/script&gt;</option>" in content


def test_chips_escape_account_and_meter_numbers(admin_client, hostile_bill):
    response = admin_client.get(
        BILLS_URL,
        {"account": hostile_bill.account_id, "meter": hostile_bill.meter_id},
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert HOSTILE["account"] not in content
    assert HOSTILE["meter"] not in content


def test_bill_without_meter_row(admin_client, portfolio):
    bill = BillFactory(
        company=portfolio.north,
        meter=None,
        account=portfolio.power,
        connection=None,
        total_charges=Decimal("-12.50"),
        usage=None,
    )

    response = admin_client.get(BILLS_URL, {"account": portfolio.power.pk})

    assert response.status_code == 200
    content = response.content.decode()
    row = _row_of(content, bill.pk)
    assert "Meter" not in row
    assert "Depot" not in row
    assert "-12.50 USD" in row
    assert "—" in row
    assert 'class="cell-sub"' in row  # the source line only


def test_meter_without_site_shows_meter_only(admin_client, portfolio):
    meter = MeterFactory(
        company=portfolio.north,
        account=portfolio.power,
        site=None,
        meter_number="NO-SITE-1",
    )
    bill = BillFactory(company=portfolio.north, meter=meter)

    response = admin_client.get(BILLS_URL)

    assert response.status_code == 200
    row = _row_of(response.content.decode(), bill.pk)
    assert ">NO-SITE-1</a>" in row
    assert row.count('class="cell-sub"') == 2  # meter and source, no site


def _row_of(content, bill_pk):
    """Return the <tr> of the Bills table that links to `bill_pk`."""
    link = f'href="{reverse("repository:bill-detail", args=[bill_pk])}"'
    start = content.rindex("<tr>", 0, content.index(link))
    return content[start : content.index("</tr>", start)]


@pytest.mark.parametrize(
    "total,currency,usage,unit,shown_total,shown_usage",
    [
        ("-1234.50", "USD", "0.000", "kWh", "-1,234.50 USD", "0 kWh"),
        ("1200.00", "JPY", None, "", "1,200.00 JPY", "—"),
        (
            "999999999999.99",
            "EUR",
            # 15 significant digits, which SQLite's floating-point decimals keep.
            "999999999999.999",
            "m3",
            "999,999,999,999.99 EUR",
            "999,999,999,999.999 m3",
        ),
        ("0.00", "USD", "1000.500", "therms", "0.00 USD", "1,000.5 therms"),
        ("-0.01", "USD", "0.001", "kWh", "-0.01 USD", "0.001 kWh"),
    ],
)
def test_bill_numbers_are_formatted(
    admin_client, portfolio, total, currency, usage, unit, shown_total, shown_usage
):
    bill = BillFactory(
        company=portfolio.north,
        meter=portfolio.power_meter,
        total_charges=Decimal(total),
        currency=currency,
        usage=None if usage is None else Decimal(usage),
        usage_unit=unit,
    )

    response = admin_client.get(BILLS_URL)

    assert response.status_code == 200
    row = _row_of(response.content.decode(), bill.pk)
    assert f'<td class="num">{shown_total}</td>' in row
    assert f'<td class="num">{shown_usage}</td>' in row


@pytest.mark.parametrize(
    "field,value",
    [("utility_type", "steam"), ("status", "archived"), ("source", "edi")],
)
def test_bill_with_unlisted_choice_value_renders(admin_client, portfolio, field, value):
    # A value outside the model's choices, as an older release or a direct import
    # can leave behind; the CSV export writes it unchanged.
    Bill.objects.filter(pk=portfolio.january.pk).update(**{field: value})

    response = admin_client.get(BILLS_URL)
    export = admin_client.get(EXPORT_URL)

    assert export.status_code == 200
    assert response.status_code == 200
    assert value in response.content.decode()


def _bills_page_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(BILLS_URL)
    assert response.status_code == 200
    return queries.captured_queries


def test_bills_page_queries_do_not_grow_with_rows(admin_client, portfolio):
    _bills_page_queries(admin_client)  # fills the choice cache
    few = _bills_page_queries(admin_client)

    # 20 bills of 20 new companies: with a site, with a siteless meter, or no meter.
    for index in range(20):
        company = CompanyFactory(organization=portfolio.north.organization)
        site = SiteFactory(company=company) if index % 3 == 0 else None
        meter = MeterFactory(company=company, site=site)
        BillFactory(
            company=company,
            meter=None if index % 4 == 0 else meter,
            account=meter.account,
        )
    _bills_page_queries(admin_client)  # the new companies dropped the choice cache
    many = _bills_page_queries(admin_client)

    assert len(many) == len(few), [query["sql"] for query in many]
    tables = ("organizations_company", "repository_account", "repository_meter")
    per_row = [
        query["sql"]
        for query in many
        if query["sql"].startswith(tuple(f'SELECT "{t}"' for t in tables))
    ]
    assert per_row == []


def test_bill_rows_read_no_deferred_field(admin_client, portfolio, monkeypatch):
    loaded = []
    original = Bill.refresh_from_db

    def record(self, *args, **kwargs):
        loaded.append(kwargs.get("fields"))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Bill, "refresh_from_db", record)

    response = admin_client.get(BILLS_URL)

    assert response.status_code == 200
    assert loaded == []


def test_export_holds_every_column(admin_client, portfolio):
    orphan = BillFactory(
        company=portfolio.north,
        meter=None,
        account=portfolio.power,
        connection=None,
        usage=None,
        usage_unit="",
        total_charges=Decimal("-5.00"),
        currency="JPY",
    )
    siteless_meter = MeterFactory(
        company=portfolio.summit, account=portfolio.heat, site=None, meter_number="S-0"
    )
    siteless = BillFactory(company=portfolio.summit, meter=siteless_meter)

    response = admin_client.get(EXPORT_URL, {"sort": "statement_date"})

    assert response.status_code == 200
    header, *rows = _csv_rows(response)
    assert header == [
        "Bill ID",
        "Company",
        "Site",
        "Provider",
        "Account number",
        "Meter number",
        "Utility type",
        "Period start",
        "Period end",
        "Statement date",
        "Total charges",
        "Currency",
        "Usage",
        "Usage unit",
        "Status",
        "Source",
    ]
    by_id = {int(row[0]): dict(zip(header, row, strict=True)) for row in rows}
    assert set(by_id) == set(Bill.objects.values_list("pk", flat=True))
    for bill in Bill.objects.select_related("company", "account", "meter__site"):
        row = by_id[bill.pk]
        assert row["Company"] == bill.company.name
        assert row["Account number"] == bill.account.account_number
        assert row["Meter number"] == (bill.meter.meter_number if bill.meter else "")
        site = bill.meter.site if bill.meter else None
        assert row["Site"] == (site.name if site else "")
        provider = bill.connection.provider_name if bill.connection else ""
        assert row["Provider"] == provider
        assert row["Total charges"] == str(bill.total_charges)
        assert row["Currency"] == bill.currency
        assert row["Usage"] == ("" if bill.usage is None else str(bill.usage))
        assert row["Usage unit"] == bill.usage_unit
        assert row["Period start"] == bill.period_start.isoformat()
        assert row["Period end"] == bill.period_end.isoformat()
        assert row["Statement date"] == bill.statement_date.isoformat()
        assert row["Utility type"] == bill.utility_type
        assert row["Status"] == bill.status
        assert row["Source"] == bill.source
    assert by_id[orphan.pk]["Total charges"] == "-5.00"
    assert by_id[orphan.pk]["Meter number"] == ""
    assert by_id[siteless.pk]["Site"] == ""
    assert by_id[siteless.pk]["Meter number"] == "S-0"


def test_export_uses_a_fixed_number_of_queries(admin_client, portfolio):
    BillFactory.create_batch(30, company=portfolio.north, meter=portfolio.power_meter)

    with CaptureQueriesContext(connection) as queries:
        response = admin_client.get(EXPORT_URL)
        rows = _csv_rows(response)

    assert len(rows) == 1 + Bill.objects.count()
    assert len(queries) <= 8, [query["sql"] for query in queries.captured_queries]

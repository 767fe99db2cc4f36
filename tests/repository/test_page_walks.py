"""Walking every page of every table: page numbers, sorts, filters and shown totals.

Pages of 2 rows and an exact-count limit of 3 rows put most walks past the limit,
so the pages read the estimate path on PostgreSQL and the exact count on SQLite.
"""

import datetime
import html
import re
from decimal import Decimal

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from organizations.models import Company, Environment
from organizations.tenancy import activate
from repository import listing
from repository.models import Account, Bill, Connection, Meter, UtilityType
from tests.factories import (
    AccountFactory,
    BillFactory,
    CompanyFactory,
    ConnectionFactory,
    MeterFactory,
)

pytestmark = pytest.mark.django_db

MAX_WALK_PAGES = 100
NEXT_LINK = re.compile(r'<a href="([^"]+)"[^>]*rel="next"')

# Sort parameter -> model field path, for each table and its model.
SORTS = {
    "companies": (
        Company,
        {"name": "name", "environment": "environment"},
    ),
    "connections": (
        Connection,
        {
            "provider": "provider_name",
            "username": "username",
            "company": "company__name",
            "status": "status",
            "created_via": "created_via",
            "created_at": "created_at",
            "last_synced_at": "last_synced_at",
        },
    ),
    "accounts": (
        Account,
        {
            "account_number": "account_number",
            "company": "company__name",
            "provider": "connection__provider_name",
            "utility_type": "utility_type",
            "status": "status",
            "tracked": "tracked",
            "created_at": "created_at",
        },
    ),
    "meters": (
        Meter,
        {
            "meter_number": "meter_number",
            "company": "company__name",
            "site": "site__name",
            "account_number": "account__account_number",
            "utility_type": "utility_type",
            "tracked": "tracked",
            "created_at": "created_at",
        },
    ),
    "bills": (
        Bill,
        {
            "statement_date": "statement_date",
            "period_start": "period_start",
            "period_end": "period_end",
            "total_charges": "total_charges",
            "usage": "usage",
            "company": "company__name",
            "account_number": "account__account_number",
            "meter_number": "meter__meter_number",
            "utility_type": "utility_type",
            "status": "status",
            "source": "source",
        },
    ),
}

SORT_CASES = [
    (table, f"{prefix}{param}")
    for table, (_, params) in SORTS.items()
    for param in params
    for prefix in ("", "-")
]


@pytest.fixture
def crowded(portfolio):
    """Rows beyond the portfolio that share sort values and leave nullable ones empty.

    Every table then contains ties on each sort field, nulls where a field allows
    them, and at least 7 rows of Northwind, so a filtered walk spans 4 pages.
    """
    north = portfolio.north
    sandbox = CompanyFactory(
        organization=north.organization,
        name="Northwind",
        environment=Environment.SANDBOX,
    )
    for name in ["Alpha", "Alpha", "Zeta", "Summit"]:
        CompanyFactory(organization=north.organization, name=name)

    moment = timezone.make_aware(datetime.datetime(2026, 1, 10, 12))
    connections = [portfolio.edison]
    for username, status in [
        ("north-login", Connection.Status.ACTIVE),
        ("north-login", Connection.Status.ERROR),
        ("b-login", Connection.Status.PENDING),
    ]:
        created = ConnectionFactory(
            company=north,
            provider_name="Edison",
            username=username,
            status=status,
            last_synced_at=None,
        )
        Connection.objects.filter(pk=created.pk).update(created_at=moment)
        connections.append(created)
    ConnectionFactory(company=sandbox, provider_name="Edison", username="north-login")

    accounts = [portfolio.power]
    for index, number in enumerate(["E-1001", "E-1001", "A-0001", "Z-9999"]):
        accounts.append(
            AccountFactory(
                company=north,
                connection=connections[index % len(connections)],
                account_number=number,
                utility_type=UtilityType.GAS if index % 2 else UtilityType.WATER,
                status=Account.Status.INACTIVE if index == 2 else Account.Status.ACTIVE,
                tracked=index % 2 == 0,
            )
        )
    for account in accounts[1:]:
        Account.objects.filter(pk=account.pk).update(created_at=moment)

    meters = [portfolio.power_meter]
    for index, number in enumerate(["M-1", "M-1", "A-1", "Z-1", "M-1"]):
        meters.append(
            MeterFactory(
                company=north,
                account=accounts[index % len(accounts)],
                site=portfolio.depot if index % 2 else None,
                meter_number=number,
                tracked=index % 2 == 1,
            )
        )
    for meter in meters[1:]:
        Meter.objects.filter(pk=meter.pk).update(created_at=moment)

    for index in range(8):
        BillFactory(
            company=north,
            meter=meters[index % len(meters)] if index % 3 else None,
            account=accounts[index % len(accounts)],
            connection=None if index == 4 else portfolio.edison,
            utility_type=[UtilityType.ELECTRICITY, UtilityType.GAS][index % 2],
            period_start=datetime.date(2026, 1 + index % 2, 1),
            period_end=datetime.date(2026, 1 + index % 2, 28),
            statement_date=datetime.date(2026, 2, 5 + index % 3),
            total_charges=[Decimal("100.00"), Decimal("-12.50")][index % 2],
            usage=None if index % 4 == 0 else Decimal("500.000"),
            status=list(Bill.Status)[index % 3],
            source=list(Bill.Source)[index % 3],
        )
    return portfolio


def _walk(client, url, params):
    """Follow the Next links from the first page and return every listed row's pk."""
    response = client.get(url, params)
    pks = []
    pages = []
    for _ in range(MAX_WALK_PAGES):
        assert response.status_code == 200
        page = response.context["page"]
        pages.append(page)
        pks += [row.pk for row in page.object_list]
        match = NEXT_LINK.search(response.content.decode())
        if not page.has_next():
            assert match is None
            return pks, pages
        assert match is not None, f"page {page.number} has rows after it but no link"
        response = client.get(html.unescape(match.group(1)))
    raise AssertionError(f"more than {MAX_WALK_PAGES} pages")


def _value(row, path):
    for name in path.split("__"):
        if row is None:
            return None
        row = getattr(row, name)
    return row


def _expected_order(model, pks, path, descending):
    """Order `pks` as the sort promises, with the primary key breaking ties.

    Nulls sort last in ascending order and first in descending order.
    """
    rows = sorted(model.objects.filter(pk__in=pks), key=lambda row: row.pk)

    def key(row):
        value = _value(row, path)
        return (1,) if value is None else (0, value)

    return [row.pk for row in sorted(rows, key=key, reverse=descending)]


@pytest.mark.parametrize("filtered", [False, True], ids=["all", "filtered"])
@pytest.mark.parametrize("table,sort", SORT_CASES)
def test_walk_lists_each_row_once_in_order(
    admin_client, crowded, small_pages, table, sort, filtered
):
    model, params = SORTS[table]
    query = {"sort": sort}
    expected_rows = model.objects.all()
    if filtered and table == "companies":
        query["environment"] = Environment.PRODUCTION
        expected_rows = expected_rows.filter(environment=Environment.PRODUCTION)
    elif filtered:
        query["company"] = crowded.north.pk
        expected_rows = expected_rows.filter(company=crowded.north)
    expected_pks = set(expected_rows.values_list("pk", flat=True))

    pks, pages = _walk(admin_client, reverse(f"repository:{table}"), query)

    assert len(pks) == len(set(pks)), "a row is listed on two pages"
    assert set(pks) == expected_pks
    path = params[sort.removeprefix("-")]
    assert pks == _expected_order(model, pks, path, sort.startswith("-"))
    assert [page.number for page in pages] == list(range(1, len(pages) + 1))


def _tied_rows(table, org, company, count):
    """Create `count` rows of `table` in `org` whose default sort values repeat."""
    if table == "companies":
        Company.objects.bulk_create(
            Company(
                organization=org, name=f"Same {i % 3}", public_id=f"same-{org.pk}-{i}"
            )
            for i in range(count)
        )
        return
    if table == "connections":
        Connection.objects.bulk_create(
            Connection(
                organization=org,
                company=company,
                provider_name=f"Edison {i % 3}",
                username="shared-login",
            )
            for i in range(count)
        )
        return
    account = AccountFactory(company=company)
    if table == "accounts":
        Account.objects.bulk_create(
            Account(
                organization=org,
                company=company,
                connection=account.connection,
                account_number=f"AC-{i % 3}",
                utility_type=UtilityType.GAS,
            )
            for i in range(count)
        )
        return
    Meter.objects.bulk_create(
        Meter(
            organization=org,
            company=company,
            account=account,
            meter_number=f"MT-{i % 3}",
            utility_type=UtilityType.GAS,
        )
        for i in range(count)
    )


@pytest.mark.parametrize("per_page,rows", [(2, 41), (50, 801)])
@pytest.mark.parametrize("table", ["companies", "connections", "accounts", "meters"])
def test_default_sort_walk_with_ties(
    admin_client, org, other_org, monkeypatch, table, per_page, rows
):
    # The default order of these tables is their model's Meta.ordering, which ends on
    # a field that repeats, not on the primary key.
    monkeypatch.setattr(listing, "PAGE_SIZE", per_page)
    company = CompanyFactory(organization=org, name="Tied")
    _tied_rows(table, org, company, rows)
    _tied_rows(table, other_org, CompanyFactory(organization=other_org), 3_000)
    model = SORTS[table][0]
    if connection.vendor == "postgresql":
        # The planner's choices on an analyzed table, as a real database has them.
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {model._meta.db_table}")
    expected = set(model.objects.filter(organization=org).values_list("pk", flat=True))

    pks, _ = _walk(admin_client, reverse(f"repository:{table}"), {})

    assert len(pks) == len(set(pks)), "a row is listed on two pages"
    assert set(pks) == expected


@pytest.mark.parametrize("per_page,rows", [(2, 41), (50, 801)])
@pytest.mark.parametrize("table", ["companies", "connections", "accounts", "meters"])
def test_page_shows_offset_selected_rows(org, other_org, table, per_page, rows):
    # Each page must show the first `per_page` of the keys its OFFSET query returns,
    # in the paginator's order, not whichever rows remain after a second sort of
    # tied rows drops one.
    model = SORTS[table][0]
    _tied_rows(table, org, CompanyFactory(organization=org, name="Tied"), rows)
    _tied_rows(table, other_org, CompanyFactory(organization=other_org), 3_000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute(f"ANALYZE {model._meta.db_table}")

    with activate(org):
        rows_in_order = model.objects.all()
        paginator = listing.TablePaginator(rows_in_order, per_page)
        mismatched = []
        for number in range(1, rows // per_page + 2):
            offset = (number - 1) * per_page
            keys = paginator.object_list.values_list("pk", flat=True)
            # The same LIMIT as the paginator's query, which reads one extra row.
            selected = set(list(keys[offset : offset + per_page + 1])[:per_page])
            listed = {row.pk for row in paginator.page(number).object_list}
            if listed != selected:
                mismatched.append(number)

    assert mismatched == []


@pytest.mark.parametrize(
    "raw,number",
    [
        ("0", 1),
        ("-3", 1),
        ("", 1),
        ("abc", 1),
        ("1.5", 1),
        ("1e3", 1),
        ("NaN", 1),
        ("\x00", 1),
        (" 2 ", 2),
        ("2", 2),
        ("4", 4),
        ("5", 4),
        ("99999999999999999999999999", 4),
        ("9" * 5000, 1),
    ],
)
def test_page_number_is_clamped(
    admin_client, portfolio, small_pages, raw, number, add_bills
):
    add_bills(4)  # 7 bills: pages 1 to 3 are full, page 4 has one.

    response = admin_client.get(reverse("repository:bills"), {"page": raw})

    assert response.status_code == 200
    page = response.context["page"]
    assert page.number == number
    assert len(page.object_list) == (1 if number == 4 else 2)


@pytest.mark.parametrize("table", ["bills", "companies"])
def test_page_one_past_a_full_last_page(
    admin_client, portfolio, monkeypatch, table, add_bills
):
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    if table == "bills":
        add_bills(3)  # 6 bills
    else:
        CompanyFactory.create_batch(4, organization=portfolio.north.organization)
    url = reverse(f"repository:{table}")

    last = admin_client.get(url, {"page": "3"})
    past = admin_client.get(url, {"page": "4"})

    assert last.status_code == 200
    assert past.status_code == 200
    assert last.context["page"].number == 3
    assert past.context["page"].number == 3
    assert len(past.context["page"].object_list) == 2
    assert not past.context["page"].has_next()
    assert "Page 3 of 3" in past.content.decode()
    assert 'rel="next"' not in past.content.decode()


def test_last_page_shows_exact_total(
    admin_client, portfolio, small_pages, monkeypatch, add_bills
):
    # A planner estimate far above the 7 bills really there.
    monkeypatch.setattr(listing, "estimate_count", lambda queryset: 1_000)
    add_bills(4)

    pks, pages = _walk(admin_client, reverse("repository:bills"), {})

    last = pages[-1]
    assert len(pks) == 7
    assert last.number == 4
    assert not last.has_next()
    # This page proves there are 7 bills: 3 full pages before it and 1 row on it.
    assert last.paginator.count == 7
    assert not last.paginator.count_is_estimate
    assert last.paginator.num_pages == 4


def test_walk_across_limit_counts_consistent(
    admin_client, portfolio, monkeypatch, add_bills
):
    monkeypatch.setattr(listing, "PAGE_SIZE", 3)
    monkeypatch.setattr(listing, "EXACT_COUNT_LIMIT", 4)
    add_bills(3)  # 6 bills: page 2 contains rows 4 to 6 and passes the limit.

    pks, pages = _walk(admin_client, reverse("repository:bills"), {})

    assert len(pks) == 6
    for page in pages:
        assert page.paginator.num_pages >= page.number
        assert page.paginator.count >= page.end_index()
        assert page.start_index() == (page.number - 1) * 3 + 1


def test_company_filter_on_deep_page_of_bills(
    admin_client, portfolio, small_pages, other_org, foreign, add_bills
):
    add_bills(6)
    url = reverse("repository:bills")

    response = admin_client.get(
        url, {"company": portfolio.north.pk, "sort": "total_charges", "page": "99"}
    )

    assert response.status_code == 200
    page = response.context["page"]
    north_bills = Bill.objects.filter(company=portfolio.north).count()
    assert page.number == (north_bills + 1) // 2
    assert page.paginator.count == north_bills
    assert not page.paginator.count_is_estimate
    assert all(row.company_id == portfolio.north.pk for row in page.object_list)


def test_search_quotes_past_the_limit(admin_client, portfolio, small_pages):
    # The estimate runs EXPLAIN on the filtered query, with the search in its SQL.
    odd_number = "A'%_\\\"1"
    account = AccountFactory(company=portfolio.north, account_number=odd_number)
    meter = MeterFactory(company=portfolio.north, account=account)
    BillFactory.create_batch(5, company=portfolio.north, meter=meter)
    BillFactory.create_batch(3, company=portfolio.north, meter=portfolio.power_meter)

    pks, pages = _walk(admin_client, reverse("repository:bills"), {"q": "'%_\\\""})

    assert sorted(pks) == sorted(
        Bill.objects.filter(account=account).values_list("pk", flat=True)
    )
    assert len(pages) == 3

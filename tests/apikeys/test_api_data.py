import datetime
from decimal import Decimal

import pytest
from django.test import RequestFactory
from django.urls import reverse

from apikeys.api import pagination
from organizations.models import Environment
from organizations.tenancy import activate
from repository import filters
from repository.models import Account, Bill, Connection, Meter
from tests.factories import BillFactory, CompanyFactory, MeterFactory

RESOURCES = ["company", "site", "connection", "account", "meter", "bill"]


def _get(client, url, value, **params):
    return client.get(url, params, headers={"X-API-Key": value})


def _ids(response):
    assert response.status_code == 200, response.content
    return {row["id"] for row in response.json()["results"]}


@pytest.fixture
def estate(org, other_org):
    """One bill, with its meter, account, connection and site, per company."""
    production = CompanyFactory(organization=org, environment=Environment.PRODUCTION)
    sandbox = CompanyFactory(organization=org, environment=Environment.SANDBOX)
    foreign = CompanyFactory(organization=other_org)
    return {
        "production": BillFactory(company=production),
        "sandbox": BillFactory(company=sandbox),
        "foreign": BillFactory(company=foreign),
    }


def _row_ids(bill):
    return {
        "company": bill.company_id,
        "site": bill.meter.site_id,
        "connection": bill.connection_id,
        "account": bill.account_id,
        "meter": bill.meter_id,
        "bill": bill.pk,
    }


@pytest.mark.parametrize("environment", [Environment.PRODUCTION, Environment.SANDBOX])
@pytest.mark.parametrize("resource", RESOURCES)
def test_key_sees_only_its_environment(
    api_client, org, issue_key, estate, resource, environment
):
    _, value = issue_key(org, environment=environment)
    other = "sandbox" if environment == Environment.PRODUCTION else "production"
    own_id = _row_ids(estate[environment])[resource]

    listed = _get(api_client, reverse(f"api:{resource}-list"), value)

    assert _ids(listed) == {own_id}
    for name in [other, "foreign"]:
        foreign_id = _row_ids(estate[name])[resource]
        detail = _get(
            api_client, reverse(f"api:{resource}-detail", args=[foreign_id]), value
        )
        assert detail.status_code == 404, (resource, name)
        assert detail.json()["detail"]


@pytest.mark.parametrize("resource", RESOURCES)
def test_detail_returns_own_row(api_client, org, issue_key, estate, resource):
    _, value = issue_key(org)
    own_id = _row_ids(estate["production"])[resource]

    response = _get(api_client, reverse(f"api:{resource}-detail", args=[own_id]), value)

    assert response.status_code == 200
    assert response.json()["id"] == own_id


def test_other_organization_key_sees_only_its_rows(
    api_client, other_org, issue_key, estate
):
    _, value = issue_key(other_org)

    listed = _get(api_client, reverse("api:bill-list"), value)

    assert _ids(listed) == {estate["foreign"].pk}


def test_bill_fields(api_client, org, issue_key, estate):
    _, value = issue_key(org)
    bill = estate["production"]

    row = _get(api_client, reverse("api:bill-detail", args=[bill.pk]), value).json()

    assert row["total_charges"] == "123.45"
    assert row["period_start"] == "2026-01-01"
    assert row["company"] == bill.company_id
    assert row["meter"] == bill.meter_id


def test_connection_never_exposes_password(api_client, org, issue_key, estate):
    _, value = issue_key(org)
    connection = estate["production"].connection

    row = _get(
        api_client, reverse("api:connection-detail", args=[connection.pk]), value
    ).json()

    assert "encrypted_password" not in row
    assert "password" not in row


@pytest.fixture
def bills(org):
    """Bills of two companies with varied dates, statuses and utilities."""
    companies = [CompanyFactory(organization=org) for _ in range(2)]
    rows = []
    for index in range(12):
        company = companies[index % 2]
        start = datetime.date(2025, 1 + index % 6, 1)
        rows.append(
            BillFactory(
                company=company,
                period_start=start,
                period_end=start + datetime.timedelta(days=29),
                statement_date=start + datetime.timedelta(days=35 + index % 3),
                status=[Bill.Status.PROCESSED, Bill.Status.PENDING][index % 2],
                utility_type=["electricity", "gas", "water"][index % 3],
                total_charges=Decimal(100 + index),
                usage=None if index % 4 == 0 else Decimal(index * 10),
            )
        )
    return companies, rows


def _filterset_ids(filterset_class, params, queryset):
    request = RequestFactory().get("/", params)
    filterset = filterset_class(params, queryset=queryset, request=request)
    assert filterset.is_valid(), filterset.errors
    return {row.pk for row in filterset.qs}


BILL_CASES = [
    {"status": "pending"},
    {"utility_type": "gas"},
    {"period_after": "2025-03-15", "period_before": "2025-04-10"},
    {"statement_after": "2025-03-01", "statement_before": "2025-05-01"},
    {"q": "Con Edison"},
    {"company": 0},
]


@pytest.mark.parametrize("params", BILL_CASES)
def test_bill_filters_match_repository(api_client, org, issue_key, bills, params):
    companies, _ = bills
    if "company" in params:
        params = {"company": companies[1].pk}
    _, value = issue_key(org)

    response = _get(api_client, reverse("api:bill-list"), value, **params)

    with activate(org):
        expected = _filterset_ids(filters.BillFilter, params, Bill.objects.all())
    assert _ids(response) == expected
    assert expected


@pytest.mark.parametrize(
    ("resource", "filterset_class", "model", "params"),
    [
        ("connection", filters.ConnectionFilter, Connection, {"status": "active"}),
        ("account", filters.AccountFilter, Account, {"utility_type": "electricity"}),
        ("account", filters.AccountFilter, Account, {"tracked": "true"}),
        ("meter", filters.MeterFilter, Meter, {"q": "MT-"}),
        ("meter", filters.MeterFilter, Meter, {"period_after": "2025-05-01"}),
    ],
)
def test_other_filters_match_repository(
    api_client, org, issue_key, bills, resource, filterset_class, model, params
):
    _, value = issue_key(org)

    response = _get(api_client, reverse(f"api:{resource}-list"), value, **params)

    with activate(org):
        expected = _filterset_ids(filterset_class, params, model.objects.all())
    assert _ids(response) == expected
    assert expected


def test_filter_by_foreign_company_is_400(api_client, org, issue_key, estate):
    _, value = issue_key(org)
    foreign_company = estate["foreign"].company_id

    response = _get(
        api_client, reverse("api:bill-list"), value, company=foreign_company
    )

    assert response.status_code == 400
    body = response.json()
    assert body["detail"] == "Invalid request parameters."
    assert "company" in body["errors"]


def _walk(client, url, value, **params):
    """Follow `next` links; return the ids in order and the number of pages."""
    ids, pages = [], 0
    response = _get(client, url, value, **params)
    while True:
        assert response.status_code == 200, response.content
        body = response.json()
        ids += [row["id"] for row in body["results"]]
        pages += 1
        if body["next"] is None:
            return ids, pages
        response = client.get(body["next"], headers={"X-API-Key": value})


@pytest.mark.parametrize(
    "sort", [None, "statement_date", "-usage", "usage", "company", "-total_charges"]
)
def test_cursor_walk_matches_repository_order(api_client, org, issue_key, bills, sort):
    _, value = issue_key(org)
    params = {"page_size": 5} | ({"sort": sort} if sort else {})

    ids, pages = _walk(api_client, reverse("api:bill-list"), value, **params)

    filter_params = {"sort": sort} if sort else {}
    with activate(org):
        filterset = filters.BillFilter(
            filter_params, queryset=Bill.objects.all(), request=None
        )
        expected = [row.pk for row in filterset.qs]
    assert ids == expected
    assert pages == 3


@pytest.mark.parametrize(
    "params",
    [
        {"cursor": "not-a-cursor"},
        {"cursor": "WyJub3QtYS1kYXRlIiwgMV0"},
        {"page_size": 0},
        {"page_size": "lots"},
        {"page_size": 201},
        {"period_after": "yesterday"},
    ],
)
def test_bad_parameters_are_400_with_detail(api_client, org, issue_key, params):
    _, value = issue_key(org)

    response = _get(api_client, reverse("api:bill-list"), value, **params)

    assert response.status_code == 400
    assert response.json()["detail"]


def test_meter_list_pages_with_ties(api_client, org, issue_key):
    company = CompanyFactory(organization=org)
    meters = [MeterFactory(company=company, utility_type="gas") for _ in range(7)]
    _, value = issue_key(org)

    ids, _ = _walk(
        api_client, reverse("api:meter-list"), value, sort="utility_type", page_size=2
    )

    assert sorted(ids) == sorted(meter.pk for meter in meters)
    assert len(ids) == len(set(ids))


def _cursor(values):
    return pagination.encode_cursor(values)


@pytest.mark.parametrize(
    ("sort", "values"),
    [
        ("total_charges", ["1e999999", 1]),
        ("company", ["a\u0000b", 1]),
        (None, ["2026-02-05", 10**30]),
    ],
)
def test_out_of_range_cursor_is_400(api_client, org, issue_key, bills, sort, values):
    _, value = issue_key(org)
    params = {"cursor": _cursor(values)} | ({"sort": sort} if sort else {})

    response = _get(api_client, reverse("api:bill-list"), value, **params)

    assert response.status_code == 400
    assert "cursor" in response.json()["errors"]


def test_cursor_walk_keeps_rows_with_null_relation(api_client, org, issue_key):
    company = CompanyFactory(organization=org)
    bills = [BillFactory(company=company) for _ in range(3)]
    Bill.objects.filter(pk=bills[0].pk).update(meter=None)
    Meter.objects.filter(pk=bills[1].meter_id).update(site=None)
    bill_ids = sorted(bill.pk for bill in bills)
    meter_ids = sorted(
        Meter.objects.filter(company=company).values_list("pk", flat=True)
    )
    _, value = issue_key(org)

    for url, sort, expected in [
        (reverse("api:bill-list"), "meter_number", bill_ids),
        (reverse("api:bill-list"), "-meter_number", bill_ids),
        (reverse("api:meter-list"), "site", meter_ids),
        (reverse("api:meter-list"), "-site", meter_ids),
    ]:
        ids, _ = _walk(api_client, url, value, sort=sort, page_size=1)
        assert sorted(ids) == expected, sort

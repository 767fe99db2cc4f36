"""Each FilterSet parameter and each sort, on the rows of the portfolio fixture."""

import operator

import pytest

from organizations.tenancy import activate
from repository.filters import (
    AccountFilter,
    BillFilter,
    CompanyFilter,
    ConnectionFilter,
    MeterFilter,
    SiteFilter,
)

pytestmark = pytest.mark.django_db


def _filter(filterset_class, params, organization):
    """Return the filterset bound to `params` within the organization's scope."""
    with activate(organization):
        model = filterset_class._meta.model
        filterset = filterset_class(params, queryset=model.objects.all())
        filterset.is_valid()
        filterset.rows = list(filterset.qs)
    return filterset


def _ids(objects):
    return sorted(obj.pk for obj in objects)


def _rows(portfolio, *names):
    return [getattr(portfolio, name) for name in names]


def _params(portfolio, params):
    """Resolve fixture names given as "@name" to primary keys."""
    return {
        key: str(getattr(portfolio, value[1:]).pk) if value.startswith("@") else value
        for key, value in params.items()
    }


BILL_CASES = [
    ({"q": "E-1001"}, ["january", "march"]),
    ({"q": "m-2"}, ["february"]),
    ({"q": "xcel"}, ["february"]),
    ({"q": "northwind"}, ["january", "march"]),
    ({"q": "Depot"}, ["january", "march"]),
    ({"q": "Peak Road"}, ["february"]),
    ({"q": "denver"}, ["february"]),
    ({"q": "60601"}, ["january", "march"]),
    ({"q": "edison summit"}, []),
    ({"company": "@summit"}, ["february"]),
    ({"site": "@depot"}, ["january", "march"]),
    ({"utility_type": "gas"}, ["february"]),
    ({"status": "has_issues"}, ["march"]),
    ({"source": "upload"}, ["february"]),
    ({"connection": "@edison"}, ["january", "march"]),
    ({"account": "@heat"}, ["february"]),
    ({"meter": "@power_meter"}, ["january", "march"]),
    ({"period_after": "2026-01-31"}, ["january", "february", "march"]),
    ({"period_after": "2026-02-01"}, ["february", "march"]),
    ({"period_before": "2026-02-01"}, ["january", "february"]),
    ({"period_after": "2026-02-10", "period_before": "2026-02-12"}, ["february"]),
    (
        {"period_after": "2026-01-31", "period_before": "2026-03-01"},
        ["january", "february", "march"],
    ),
    ({"statement_after": "2026-03-06"}, ["february", "march"]),
    ({"statement_before": "2026-03-05"}, ["january"]),
    ({"statement_after": "2026-03-01", "statement_before": "2026-03-31"}, ["february"]),
    ({"utility_type": "electricity", "period_after": "2026-03-01"}, ["march"]),
]


@pytest.mark.parametrize(("params", "expected"), BILL_CASES)
def test_bill_filter_selects_rows(org, portfolio, params, expected):
    filterset = _filter(BillFilter, _params(portfolio, params), org)

    assert filterset.errors == {}
    assert _ids(filterset.rows) == _ids(_rows(portfolio, *expected))


METER_CASES = [
    ({"q": "M-1"}, ["power_meter"]),
    ({"q": "G-2002"}, ["heat_meter"]),
    ({"q": "edison"}, ["power_meter"]),
    ({"q": "summit"}, ["heat_meter"]),
    ({"q": "chicago"}, ["power_meter"]),
    ({"q": "80202"}, ["heat_meter"]),
    ({"company": "@north"}, ["power_meter"]),
    ({"site": "@tower"}, ["heat_meter"]),
    ({"utility_type": "electricity"}, ["power_meter"]),
    ({"tracked": "false"}, ["heat_meter"]),
    ({"tracked": "true"}, ["power_meter"]),
    ({"connection": "@xcel"}, ["heat_meter"]),
    ({"account": "@power"}, ["power_meter"]),
    ({"period_after": "2026-03-15"}, ["power_meter"]),
    ({"period_before": "2026-01-15"}, ["power_meter"]),
    # The electricity meter's January bill starts before and its March bill ends
    # after this range, but neither bill overlaps it.
    ({"period_after": "2026-02-05", "period_before": "2026-02-20"}, ["heat_meter"]),
    (
        {"period_after": "2026-01-20", "period_before": "2026-02-20"},
        ["power_meter", "heat_meter"],
    ),
]


@pytest.mark.parametrize(("params", "expected"), METER_CASES)
def test_meter_filter_selects_rows(org, portfolio, params, expected):
    filterset = _filter(MeterFilter, _params(portfolio, params), org)

    assert filterset.errors == {}
    assert _ids(filterset.rows) == _ids(_rows(portfolio, *expected))


ACCOUNT_CASES = [
    ({"q": "E-1001"}, ["power"]),
    ({"q": "xcel"}, ["heat"]),
    ({"q": "north-login"}, ["power"]),
    ({"q": "SUMMIT"}, ["heat"]),
    ({"company": "@north"}, ["power"]),
    ({"utility_type": "gas"}, ["heat"]),
    ({"status": "closed"}, ["heat"]),
    ({"connection": "@edison"}, ["power"]),
    ({"tracked": "true"}, ["power"]),
    ({"tracked": "false"}, ["heat"]),
]


@pytest.mark.parametrize(("params", "expected"), ACCOUNT_CASES)
def test_account_filter_selects_rows(org, portfolio, params, expected):
    filterset = _filter(AccountFilter, _params(portfolio, params), org)

    assert filterset.errors == {}
    assert _ids(filterset.rows) == _ids(_rows(portfolio, *expected))


CONNECTION_CASES = [
    ({"q": "edison"}, ["edison"]),
    ({"q": "summit-login"}, ["xcel"]),
    ({"q": "northwind"}, ["edison"]),
    ({"company": "@summit"}, ["xcel"]),
    ({"status": "error"}, ["xcel"]),
    ({"created_via": "magic_link"}, ["xcel"]),
    ({"created_after": "2026-01-11"}, ["xcel"]),
    ({"created_before": "2026-01-10"}, ["edison"]),
    (
        {"created_after": "2026-01-10", "created_before": "2026-03-20"},
        ["edison", "xcel"],
    ),
]


@pytest.mark.parametrize(("params", "expected"), CONNECTION_CASES)
def test_connection_filter_selects_rows(org, portfolio, params, expected):
    filterset = _filter(ConnectionFilter, _params(portfolio, params), org)

    assert filterset.errors == {}
    assert _ids(filterset.rows) == _ids(_rows(portfolio, *expected))


def test_company_filter_searches_and_filters_environment(org, portfolio):
    portfolio.summit.environment = "sandbox"
    portfolio.summit.save()

    by_name = _filter(CompanyFilter, {"q": "north"}, org)
    sandbox = _filter(CompanyFilter, {"environment": "sandbox"}, org)

    assert by_name.rows == [portfolio.north]
    assert sandbox.rows == [portfolio.summit]


def test_site_filter_searches_address(org, portfolio):
    filterset = _filter(SiteFilter, {"q": "lake street"}, org)

    assert filterset.rows == [portfolio.depot]


def _sort_key(obj, path):
    return operator.attrgetter(path.replace("__", "."))(obj)


SORTED_FILTERSETS = [BillFilter, MeterFilter, AccountFilter, ConnectionFilter]
SORT_CASES = [
    (filterset_class, param, descending)
    for filterset_class in SORTED_FILTERSETS
    for param in filterset_class.base_filters["sort"].param_map
    for descending in (False, True)
]


@pytest.mark.parametrize(
    ("filterset_class", "param", "descending"),
    SORT_CASES,
    ids=[f"{f.__name__}-{'-' if d else ''}{p}" for f, p, d in SORT_CASES],
)
def test_sort_orders_rows(org, portfolio, filterset_class, param, descending):
    path = filterset_class.base_filters["sort"].param_map[param]
    value = f"-{param}" if descending else param

    filterset = _filter(filterset_class, {"sort": value}, org)

    assert filterset.errors == {}
    keys = [_sort_key(row, path) for row in filterset.rows]
    assert len(keys) >= 2
    assert keys == sorted(keys, reverse=descending)


def test_sort_breaks_ties_by_primary_key(org, portfolio):
    filterset = _filter(BillFilter, {"sort": "company"}, org)

    north_bills = [bill for bill in filterset.rows if bill.company == portfolio.north]
    assert [bill.pk for bill in north_bills] == sorted(bill.pk for bill in north_bills)


@pytest.mark.parametrize(
    ("params", "field", "message"),
    [
        ({"sort": "password"}, "sort", "Select a valid choice"),
        ({"sort": "-"}, "sort", "Select a valid choice"),
        ({"period_after": "2026-13-01"}, "period_after", "Enter a valid date"),
        (
            {"period_after": "2026-03-01", "period_before": "2026-02-01"},
            "period_before",
            "Must be on or after period from (2026-03-01)",
        ),
        (
            {"statement_after": "2026-03-01", "statement_before": "2026-02-28"},
            "statement_before",
            "Must be on or after statement from",
        ),
        ({"company": "not-a-number"}, "company", "Select a valid choice"),
        ({"company": "99999999999999999999999"}, "company", "Select a valid choice"),
        ({"account": "0"}, "account", "Select a valid choice"),
        ({"q": "x" * 10_240}, "q", "at most 200 characters"),
        ({"q": "a b c d e f g h i"}, "q", "limited to 8 words"),
        ({"q": "nul\x00byte"}, "q", "Null characters are not allowed"),
    ],
)
def test_bill_filter_rejects_invalid_input(org, portfolio, params, field, message):
    filterset = _filter(BillFilter, params, org)

    assert field in filterset.errors
    assert message in " ".join(filterset.errors[field])


def test_reversed_created_range_is_invalid(org, portfolio):
    params = {"created_after": "2026-03-01", "created_before": "2026-01-01"}

    filterset = _filter(ConnectionFilter, params, org)

    assert filterset.errors["created_before"] == [
        "Must be on or after created from (2026-03-01)."
    ]


@pytest.mark.parametrize(
    ("filterset_class", "field", "foreign_name"),
    [
        (BillFilter, "company", "company"),
        (BillFilter, "site", "site"),
        (BillFilter, "connection", "connection"),
        (BillFilter, "account", "account"),
        (BillFilter, "meter", "meter"),
        (MeterFilter, "site", "site"),
        (MeterFilter, "connection", "connection"),
        (AccountFilter, "connection", "connection"),
        (ConnectionFilter, "company", "company"),
        (SiteFilter, "company", "company"),
    ],
)
def test_foreign_id_is_invalid_choice(
    org, portfolio, foreign, filterset_class, field, foreign_name
):
    params = {field: str(getattr(foreign, foreign_name).pk)}

    filterset = _filter(filterset_class, params, org)

    assert field in filterset.errors
    assert all(row.organization_id == org.pk for row in filterset.rows)

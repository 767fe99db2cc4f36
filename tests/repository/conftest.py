"""A small portfolio in the test organization and one foreign row of each kind."""

import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.utils import timezone

from repository import listing
from repository.models import Account, Bill, Connection, UtilityType
from tests.factories import (
    AccountFactory,
    BillFactory,
    CompanyFactory,
    ConnectionFactory,
    MeterFactory,
    SiteFactory,
)


def _day(month, day):
    return datetime.date(2026, month, day)


@pytest.fixture
def small_pages(monkeypatch):
    """Pages of 2 rows and exact counts up to 3 rows, so a few bills go past both."""
    monkeypatch.setattr(listing, "PAGE_SIZE", 2)
    monkeypatch.setattr(listing, "EXACT_COUNT_LIMIT", 3)


@pytest.fixture
def add_bills(portfolio):
    """Return a function that adds bills to the portfolio's electricity meter."""

    def add(count):
        return BillFactory.create_batch(
            count, company=portfolio.north, meter=portfolio.power_meter
        )

    return add


@pytest.fixture
def portfolio(org):
    """Two companies with one connection, account and meter each, and three bills.

    The electricity meter has bills in January and March, the gas meter one in
    February, so a February range separates a same-bill overlap from two bills that
    each satisfy one end.
    """
    north = CompanyFactory(organization=org, name="Northwind")
    summit = CompanyFactory(organization=org, name="Summit")
    depot = SiteFactory(
        company=north,
        name="Depot",
        street="1 Lake Street",
        city="Chicago",
        postal_code="60601",
    )
    tower = SiteFactory(
        company=summit,
        name="Tower",
        street="9 Peak Road",
        city="Denver",
        postal_code="80202",
    )
    edison = ConnectionFactory(
        company=north,
        provider_name="Edison",
        username="north-login",
        status=Connection.Status.ACTIVE,
        created_via=Connection.CreatedVia.DASHBOARD,
        last_synced_at=timezone.now(),
    )
    xcel = ConnectionFactory(
        company=summit,
        provider_name="Xcel",
        username="summit-login",
        status=Connection.Status.ERROR,
        created_via=Connection.CreatedVia.MAGIC_LINK,
        last_synced_at=timezone.now() - datetime.timedelta(days=3),
    )
    Connection.objects.filter(pk=edison.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 1, 10, 12))
    )
    Connection.objects.filter(pk=xcel.pk).update(
        created_at=timezone.make_aware(datetime.datetime(2026, 3, 20, 12))
    )
    power = AccountFactory(
        company=north,
        connection=edison,
        account_number="E-1001",
        utility_type=UtilityType.ELECTRICITY,
        status=Account.Status.ACTIVE,
        tracked=True,
    )
    heat = AccountFactory(
        company=summit,
        connection=xcel,
        account_number="G-2002",
        utility_type=UtilityType.GAS,
        status=Account.Status.CLOSED,
        tracked=False,
    )
    power_meter = MeterFactory(
        company=north,
        account=power,
        site=depot,
        meter_number="M-1",
        utility_type=UtilityType.ELECTRICITY,
        tracked=True,
    )
    heat_meter = MeterFactory(
        company=summit,
        account=heat,
        site=tower,
        meter_number="M-2",
        utility_type=UtilityType.GAS,
        tracked=False,
    )
    january = BillFactory(
        company=north,
        meter=power_meter,
        period_start=_day(1, 1),
        period_end=_day(1, 31),
        statement_date=_day(2, 5),
        total_charges=Decimal("100.00"),
        usage=Decimal("500.000"),
        usage_unit="kWh",
        status=Bill.Status.PROCESSED,
        source=Bill.Source.CONNECTION,
    )
    february = BillFactory(
        company=summit,
        meter=heat_meter,
        period_start=_day(2, 1),
        period_end=_day(2, 28),
        statement_date=_day(3, 6),
        total_charges=Decimal("250.00"),
        usage=Decimal("80.000"),
        usage_unit="therms",
        status=Bill.Status.PENDING,
        source=Bill.Source.UPLOAD,
    )
    march = BillFactory(
        company=north,
        meter=power_meter,
        period_start=_day(3, 1),
        period_end=_day(3, 31),
        statement_date=_day(4, 4),
        total_charges=Decimal("75.00"),
        usage=Decimal("400.000"),
        usage_unit="kWh",
        status=Bill.Status.HAS_ISSUES,
        source=Bill.Source.MANUAL,
    )
    return SimpleNamespace(
        north=north,
        summit=summit,
        depot=depot,
        tower=tower,
        edison=edison,
        xcel=xcel,
        power=power,
        heat=heat,
        power_meter=power_meter,
        heat_meter=heat_meter,
        january=january,
        february=february,
        march=march,
    )


@pytest.fixture
def foreign(other_org):
    """One row of each kind in another organization, like the portfolio's rows."""
    company = CompanyFactory(organization=other_org, name="Northwind Foreign")
    site = SiteFactory(company=company, name="Depot", city="Chicago")
    connection = ConnectionFactory(company=company, provider_name="Edison")
    account = AccountFactory(
        company=company,
        connection=connection,
        account_number="E-9999",
        utility_type=UtilityType.ELECTRICITY,
    )
    meter = MeterFactory(
        company=company, account=account, site=site, meter_number="M-9"
    )
    bill = BillFactory(
        company=company,
        meter=meter,
        period_start=_day(1, 1),
        period_end=_day(1, 31),
        statement_date=_day(2, 5),
    )
    return SimpleNamespace(
        company=company,
        site=site,
        connection=connection,
        account=account,
        meter=meter,
        bill=bill,
    )

from repository.views.companies import companies, company_detail
from repository.views.details import (
    account_detail,
    bill_detail,
    connection_detail,
    meter_detail,
)
from repository.views.tables import (
    accounts,
    accounts_export,
    bills,
    bills_export,
    connections,
    connections_export,
    meters,
    meters_export,
)

__all__ = [
    "account_detail",
    "accounts",
    "accounts_export",
    "bill_detail",
    "bills",
    "bills_export",
    "companies",
    "company_detail",
    "connection_detail",
    "connections",
    "connections_export",
    "meter_detail",
    "meters",
    "meters_export",
]

"""The repository rows that benchmarks/api.py and benchmarks/repository.py load.

One SQL script inserts them with `INSERT ... SELECT generate_series`, which loads
1,000,000 bills in well under a minute. It assigns ids from 1, so it needs empty tables.
Each bill's statement date is 2022-02-05 plus two days for every 2,000 bills, and
utility types follow the accounts (electricity, gas, water in turn).
"""

COMPANIES, SITES_PER_COMPANY = 20, 10
CONNECTIONS_PER_COMPANY, ACCOUNTS_PER_CONNECTION, METERS_PER_ACCOUNT = 10, 5, 2
METERS = (
    COMPANIES * CONNECTIONS_PER_COMPANY * ACCOUNTS_PER_CONNECTION * METERS_PER_ACCOUNT
)


def repository_sql(organization_id: int, bills: int) -> str:
    """Return the SQL that fills one organization's repository with `bills` bills."""
    connections = COMPANIES * CONNECTIONS_PER_COMPANY
    accounts = connections * ACCOUNTS_PER_CONNECTION
    meters = accounts * METERS_PER_ACCOUNT
    org = organization_id
    accounts_per_company = ACCOUNTS_PER_CONNECTION * CONNECTIONS_PER_COMPANY
    return f"""
        INSERT INTO organizations_company
            (id, organization_id, name, environment, public_id, external_id, created_at)
        SELECT c, {org}, 'Company ' || c, 'production', 'bench-' || c, '', now()
        FROM generate_series(1, {COMPANIES}) c;
        INSERT INTO repository_site
            (id, organization_id, company_id, name, street, city, postal_code, country)
        SELECT s, {org}, (s - 1) / {SITES_PER_COMPANY} + 1, 'Site ' || s,
               s || ' Main Street', 'Springfield', '62701', 'US'
        FROM generate_series(1, {COMPANIES * SITES_PER_COMPANY}) s;
        INSERT INTO repository_connection
            (id, organization_id, company_id, provider_name, provider_url, username,
             encrypted_password, status, created_via, created_at, updated_at)
        SELECT n, {org}, (n - 1) / {CONNECTIONS_PER_COMPANY} + 1, 'Con Edison', '',
               'user-' || n, '', 'active', 'dashboard', now(), now()
        FROM generate_series(1, {connections}) n;
        INSERT INTO repository_account
            (id, organization_id, company_id, connection_id, account_number,
             utility_type, status, tracked, created_at)
        SELECT a, {org}, (a - 1) / {accounts_per_company} + 1,
               (a - 1) / {ACCOUNTS_PER_CONNECTION} + 1, 'AC-' || a,
               (ARRAY['electricity', 'gas', 'water'])[a % 3 + 1], 'active', true, now()
        FROM generate_series(1, {accounts}) a;
        INSERT INTO repository_meter
            (id, organization_id, company_id, account_id, site_id, meter_number,
             utility_type, tracked, created_at)
        SELECT m, {org}, a.company_id, a.id,
               (a.company_id - 1) * {SITES_PER_COMPANY} + m % {SITES_PER_COMPANY} + 1,
               'MT-' || m, a.utility_type, true, now()
        FROM generate_series(1, {meters}) m
        JOIN repository_account a ON a.id = (m - 1) / {METERS_PER_ACCOUNT} + 1;
        INSERT INTO repository_bill
            (organization_id, company_id, account_id, meter_id, connection_id,
             utility_type, period_start, period_end, statement_date, total_charges,
             currency, usage, usage_unit, status, source, created_at, processed_at)
        SELECT {org}, m.company_id, m.account_id, m.id, a.connection_id, m.utility_type,
               day, day + 29, day + 35, 50 + (b % 5000) / 10.0, 'USD', b % 9000,
               'kWh', 'processed', 'connection', now(), now()
        FROM generate_series(1, {bills}) b
        JOIN repository_meter m ON m.id = b % {meters} + 1
        JOIN repository_account a ON a.id = m.account_id
        CROSS JOIN LATERAL (SELECT date '2022-01-01' + (b / {meters}) * 2 AS day) d;
        ANALYZE;
    """

"""Load-test the Nectar API's bill list under gunicorn with 1,000,000 bills.

Run from the project root:

    .venv/bin/python benchmarks/api.py

It creates the PostgreSQL database `nectar_apikeys_bench` (override with
BENCH_DATABASE_URL), fills it with SQL `INSERT ... SELECT generate_series`, starts
gunicorn on 127.0.0.1, drives it with wrk at 32 connections for 15 s per run, prints
the figures and drops the database. Runs:

- /api/v1/bills/, the first page;
- a plain DRF ListAPIView with page-number pagination at page 1,000 (OFFSET 49,950);
- /api/v1/bills/ with the keyset cursor at the same depth;
- /api/v1/ping, the cost of authentication alone;

and times key verification in this process, with and without its database lookup.
"""

import json
import os
import socket
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
ADMIN_URL = os.environ.get(
    "BENCH_ADMIN_URL", "postgres://postgres@127.0.0.1:5432/postgres"
)
DATABASE_URL = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/nectar_apikeys_bench"
)
DATABASE_NAME = DATABASE_URL.rsplit("/", 1)[-1]
BILLS = int(os.environ.get("BENCH_BILLS", "1000000"))
DURATION_SECONDS = int(os.environ.get("BENCH_SECONDS", "15"))
CONNECTIONS = 32
PAGE_SIZE = 50
DEPTH_PAGE = 1000
WORKERS = int(os.environ.get("BENCH_WORKERS", "3"))
SETTLE_SECONDS = 10

WRK_SCRIPT = """
wrk.headers["X-API-Key"] = os.getenv("NECTAR_API_KEY")
done = function(summary, latency, requests)
  local errors = summary.errors
  io.write(string.format(
    '{"requests": %d, "seconds": %.3f, "p50_ms": %.2f, "p95_ms": %.2f, '
    .. '"p99_ms": %.2f, "errors": %d}\\n',
    summary.requests, summary.duration / 1e6, latency:percentile(50) / 1e3,
    latency:percentile(95) / 1e3, latency:percentile(99) / 1e3,
    errors.connect + errors.read + errors.write + errors.status + errors.timeout))
end
"""

os.environ["DATABASE_URL"] = DATABASE_URL
os.environ["DJANGO_SETTINGS_MODULE"] = "benchmarks.settings"
# Every wrk run stays under the limit: rate limiting is measured by the test suite.
os.environ["API_RATE_LIMIT_PER_MINUTE"] = "100000000"
os.environ["CONN_MAX_AGE"] = "600"
sys.path.insert(0, str(ROOT))


def psql(url, sql):
    subprocess.run(
        ["psql", url, "-v", "ON_ERROR_STOP=1", "-qc", sql], check=True, cwd=ROOT
    )


def create_database():
    psql(ADMIN_URL, f"DROP DATABASE IF EXISTS {DATABASE_NAME}")
    psql(ADMIN_URL, f"CREATE DATABASE {DATABASE_NAME}")
    subprocess.run(
        [sys.executable, "manage.py", "migrate", "-v0"], check=True, cwd=ROOT
    )


def drop_database():
    psql(ADMIN_URL, f"DROP DATABASE IF EXISTS {DATABASE_NAME} WITH (FORCE)")


def fill_database(organization_id):
    """Insert companies, sites, connections, accounts, meters and bills in SQL."""
    from benchmarks.data import repository_sql

    psql(DATABASE_URL, repository_sql(organization_id, BILLS))


def create_key():
    import django

    django.setup()
    from apikeys import services
    from organizations.models import Organization

    organization = Organization.objects.create(
        name="Bench Org",
        slug="bench",
        developer_docs_enabled=True,
        native_api_enabled=True,
    )
    with _unscoped():
        _, value = services.issue_key(
            organization=organization,
            created_by=None,
            name="Bench key",
            environment="production",
            expires_at=None,
        )
    return organization, value


def _unscoped():
    from organizations.tenancy import unscoped

    return unscoped()


def cursor_at_depth(organization):
    """Return the cursor that the API's `next` link gives after DEPTH_PAGE - 1 pages."""
    from apikeys.api.pagination import encode_cursor
    from repository.models import Bill

    offset = (DEPTH_PAGE - 1) * PAGE_SIZE - 1
    with _unscoped():
        row = Bill.objects.filter(organization=organization).order_by(
            "-statement_date", "-id"
        )[offset]
    return encode_cursor([row.statement_date, row.pk])


def time_verification(value, rounds=2000):
    """Return the mean microseconds of hashing alone and of the whole key check."""
    from apikeys import tokens
    from apikeys.api.authentication import _verified_key

    started = time.perf_counter()
    for _ in range(rounds):
        tokens.parse_key(value)
        tokens.key_matches(value, tokens.hash_key(value))
    hashing = (time.perf_counter() - started) / rounds * 1e6

    with _unscoped():
        _verified_key(value)
        started = time.perf_counter()
        for _ in range(rounds):
            _verified_key(value)
    whole = (time.perf_counter() - started) / rounds * 1e6
    return hashing, whole


def free_port():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start_gunicorn(port):
    process = subprocess.Popen(
        [
            str(VENV_BIN / "gunicorn"),
            "nectar.wsgi:application",
            f"--bind=127.0.0.1:{port}",
            f"--workers={WORKERS}",
            "--log-level=warning",
        ],
        cwd=ROOT,
    )
    for _ in range(100):
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            return process
        except OSError:
            time.sleep(0.1)
    process.kill()
    raise RuntimeError("gunicorn did not start within 10 s")


def run_wrk(url, value, script_path):
    output = subprocess.run(
        [
            "wrk",
            "-t2",
            f"-c{CONNECTIONS}",
            f"-d{DURATION_SECONDS}s",
            "--timeout=10s",
            "-s",
            script_path,
            url,
        ],
        check=True,
        capture_output=True,
        text=True,
        env={**os.environ, "NECTAR_API_KEY": value},
    )
    result = json.loads(output.stdout.strip().splitlines()[-1])
    result["rps"] = result["requests"] / result["seconds"]
    return result


def check_status(url, value):
    import urllib.request

    request = urllib.request.Request(url, headers={"X-API-Key": value})
    with urllib.request.urlopen(request, timeout=30) as response:
        body = json.loads(response.read())
    rows = len(body["results"])
    if rows != PAGE_SIZE:
        raise RuntimeError(f"{url} returned {rows} rows, expected {PAGE_SIZE}")


def main():
    create_database()
    gunicorn = None
    try:
        started = time.perf_counter()
        organization, value = create_key()
        fill_database(organization.pk)
        print(f"Generated {BILLS:,} bills in {time.perf_counter() - started:.1f} s")

        hashing, whole = time_verification(value)
        print(
            f"Key verification: {hashing:.1f} µs parse + HMAC + compare, "
            f"{whole:.1f} µs with the database lookup (mean of 2,000)"
        )

        port = free_port()
        gunicorn = start_gunicorn(port)
        base = f"http://127.0.0.1:{port}"
        cursor = cursor_at_depth(organization)
        runs = {
            "api bills, first page": f"{base}/api/v1/bills/",
            "api bills, cursor at page 1,000": f"{base}/api/v1/bills/?cursor={cursor}",
            "plain DRF, page 1,000": f"{base}/bench/plain-bills/?page={DEPTH_PAGE}",
            "api ping": f"{base}/api/v1/ping/",
        }
        for url in list(runs.values())[:3]:
            check_status(url, value)

        with tempfile.NamedTemporaryFile("w", suffix=".lua") as script:
            script.write(WRK_SCRIPT)
            script.flush()
            results = {}
            for name, url in runs.items():
                results[name] = run_wrk(url, value, script.name)
                # Sync workers finish the requests still queued when wrk stops; let
                # them drain so they do not slow the next run.
                time.sleep(SETTLE_SECONDS)

        print(
            f"\nwrk: {CONNECTIONS} connections, {DURATION_SECONDS} s per run, "
            f"gunicorn with {WORKERS} sync workers, {os.cpu_count()} CPUs"
        )
        for name, result in results.items():
            print(
                f"{name:34} {result['rps']:8.1f} req/s  p50 {result['p50_ms']:7.1f} ms"
                f"  p95 {result['p95_ms']:7.1f} ms  errors {result['errors']}"
            )
        plain = results["plain DRF, page 1,000"]["rps"]
        keyset = results["api bills, cursor at page 1,000"]["rps"]
        print(
            f"\nCursor over page-number throughput at page 1,000: {keyset / plain:.1f}x"
        )
    finally:
        if gunicorn is not None:
            gunicorn.terminate()
            gunicorn.wait(timeout=30)
        from django.db import connections

        connections.close_all()
        drop_database()


if __name__ == "__main__":
    main()

"""Time the Bills page, Django admin's changelist and the CSV export on 1M bills.

Usage:
    python benchmarks/repository.py --database-url postgres://USER@HOST:5432/DBNAME

The script creates the database and drops it at the end. With --keep it leaves the
database in place, and the next run reuses its rows. It migrates the database and
loads the bills with benchmarks/data.py. It then requests each page in-process with
Django's test Client, so the figures are server time without network or browser, and
counts each page's SQL queries. The pages take turns, so that the machine's slow spells
fall on all of them alike. Django admin runs from benchmarks/admin_settings.py, which
adds it for this comparison only. Last, it streams the CSV export of about 100,000 and
of all bills, and reports the rows per second and the peak resident memory of each
export (--no-export skips this step, which takes about two minutes).
"""

import argparse
import datetime
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks.in_process import set_up_django  # noqa: E402

ORGANIZATION_SLUG = "repository-bench"
DEPTH_PAGE = 1000
FILTERED_COMPANY_ID = 5
# With benchmarks/data.py, 100 days of statement dates hold 100,000 bills.
EXPORT_SAMPLE_DAYS = 100
TARGET_P95_MS = 50
TARGET_RATIO = 10


def parse_arguments():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--database-url", required=True, help="PostgreSQL URL")
    parser.add_argument("--bills", type=int, default=1_000_000)
    parser.add_argument("--requests", type=int, default=100, help="per Bills page")
    parser.add_argument("--admin-requests", type=int, default=25)
    parser.add_argument("--warmup", type=int, default=5)
    parser.add_argument(
        "--keep", action="store_true", help="keep the database for the next run"
    )
    parser.add_argument(
        "--no-export", action="store_true", help="skip timing the CSV export"
    )
    return parser.parse_args()


def psql(url, *arguments):
    subprocess.run(["psql", url, "-v", "ON_ERROR_STOP=1", "-q", *arguments], check=True)


def maintenance_url(database_url):
    return database_url.rsplit("/", 1)[0] + "/postgres"


def fill_database(bills):
    """Create the organization and its admin, load the bills and return the admin."""
    from django.db import connection

    from benchmarks.data import repository_sql
    from organizations.models import Membership, Organization
    from tests.factories import UserFactory

    existing = Membership.objects.filter(organization__slug=ORGANIZATION_SLUG).first()
    if existing is not None:
        return existing.user
    started = time.perf_counter()
    organization = Organization.objects.create(
        name="Repository Bench", slug=ORGANIZATION_SLUG
    )
    # A superuser for Django admin, who is also an Org Admin so that the middleware
    # activates the organization's scope on the admin's requests too.
    user = UserFactory(
        username="repository-bench-admin", is_staff=True, is_superuser=True
    )
    Membership.objects.create(
        user=user, organization=organization, role=Membership.Role.ADMIN
    )
    with connection.cursor() as cursor:
        cursor.execute(repository_sql(organization.pk, bills))
        # VACUUM sets the visibility map, which index-only scans need.
        cursor.execute("VACUUM ANALYZE")
    print(f"Loaded {bills:,} bills in {time.perf_counter() - started:.1f} s")
    return user


def timed_get(client, url):
    """Return the milliseconds of one GET of `url`; stop unless it returns 200."""
    started = time.perf_counter()
    response = client.get(url)
    milliseconds = (time.perf_counter() - started) * 1000
    if response.status_code != 200:
        raise SystemExit(f"{url} returned HTTP {response.status_code}")
    return milliseconds


def query_count(client, url):
    """Return the SQL queries of one GET of `url`, and the response.

    A first GET fills the cache, as earlier visitors would have, so that the count
    is that of the timed requests: the filter choices come from the cache.
    """
    from django.db import connection
    from django.test.utils import (
        CaptureQueriesContext,
        setup_test_environment,
        teardown_test_environment,
    )

    # The test environment records response.context, which the checks read, at a
    # cost that the timed requests do not pay.
    client.get(url)
    setup_test_environment()
    try:
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
    finally:
        teardown_test_environment()
    return queries.captured_queries, response


def sql_milliseconds(queries):
    return sum(float(query["time"]) for query in queries) * 1000


def check_bills_page(response, number):
    page = response.context["page"]
    if page.number != number or len(page.object_list) != page.paginator.per_page:
        raise SystemExit(f"Bills page {number} has {len(page.object_list)} rows")


def check_admin_page(response, number):
    changelist = response.context["cl"]
    if changelist.page_num != number or len(changelist.result_list) != 50:
        raise SystemExit(f"Admin page {number} has {len(changelist.result_list)} rows")


def summarize(timings):
    return {
        "median": statistics.median(timings),
        "p95": statistics.quantiles(timings, n=100)[94],
    }


def measure_pages(client, arguments):
    """Time the Bills pages and the admin's changelist, interleaved.

    Each round requests every Bills page once, in a new random order, and every few
    rounds the admin's page too. A slow spell of the machine then falls on all pages
    alike instead of on whichever page was being timed at the time.
    """
    from django.urls import reverse

    bills = reverse("repository:bills")
    admin = reverse("admin:repository_bill_changelist")
    pages = {
        "Bills page, first page": (bills, 1),
        f"Bills page, page {DEPTH_PAGE:,}": (f"{bills}?page={DEPTH_PAGE}", DEPTH_PAGE),
        "Bills page, one company": (f"{bills}?company={FILTERED_COMPANY_ID}", 1),
        f"Bills page, one company, page {DEPTH_PAGE // 10}": (
            f"{bills}?company={FILTERED_COMPANY_ID}&page={DEPTH_PAGE // 10}",
            DEPTH_PAGE // 10,
        ),
    }
    admin_name = f"Django admin, page {DEPTH_PAGE:,}"
    admin_url = f"{admin}?p={DEPTH_PAGE}"
    results = {}
    for name, (url, number) in pages.items():
        queries, response = query_count(client, url)
        check_bills_page(response, number)
        paginator = response.context["page"].paginator
        results[name] = {
            "queries": len(queries),
            "sql_ms": sql_milliseconds(queries),
            "shown": paginator.count,
            "estimate": paginator.count_is_estimate,
        }
    queries, response = query_count(client, admin_url)
    check_admin_page(response, DEPTH_PAGE)
    results[admin_name] = {
        "queries": len(queries),
        "sql_ms": sql_milliseconds(queries),
        "shown": response.context["cl"].result_count,
        "estimate": False,
    }

    urls = {name: url for name, (url, _) in pages.items()}
    timings = {name: [] for name in results}
    admin_every = max(arguments.requests // arguments.admin_requests, 1)
    shuffler = random.Random(0)
    for round_number in range(arguments.warmup + arguments.requests):
        order = list(urls)
        if round_number % admin_every == 0:
            order.append(admin_name)
        shuffler.shuffle(order)
        for name in order:
            milliseconds = timed_get(client, urls.get(name, admin_url))
            if round_number >= arguments.warmup:
                timings[name].append(milliseconds)
    for name, result in results.items():
        result.update(summarize(timings[name]), requests=len(timings[name]))
    return results


def queries_by_page_size(client):
    """Return the query counts of page 1 and the deep page at three page sizes."""
    from django.urls import reverse

    from repository import listing

    url = reverse("repository:bills")
    default_size = listing.PAGE_SIZE
    counts = {}
    try:
        for size in (10, default_size, 200):
            listing.PAGE_SIZE = size
            for number in (1, DEPTH_PAGE):
                queries, _ = query_count(client, f"{url}?page={number}")
                counts[(size, number)] = len(queries)
    finally:
        listing.PAGE_SIZE = default_size
    return counts


def _resident_kib(field):
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith(f"{field}:"):
            return int(line.split()[1])
    raise RuntimeError(f"/proc/self/status has no {field}")


def measure_export(client, query):
    """Stream one export; return its rows, rows per second and peak memory growth.

    Writing 5 to /proc/self/clear_refs resets the peak resident size (VmHWM), so the
    peak read afterwards is this export's, not an earlier step's.
    """
    from django.urls import reverse

    Path("/proc/self/clear_refs").write_text("5")
    before = _resident_kib("VmRSS")
    started = time.perf_counter()
    response = client.get(reverse("repository:bills-export") + query)
    if response.status_code != 200:
        raise SystemExit(f"The export returned HTTP {response.status_code}")
    lines = sum(chunk.count(b"\n") for chunk in response.streaming_content)
    seconds = time.perf_counter() - started
    rows = lines - 1
    return {
        "rows": rows,
        "rate": rows / seconds,
        "seconds": seconds,
        "peak_mib": (_resident_kib("VmHWM") - before) / 1024,
    }


def print_pages(results, arguments):
    print(
        f"\nServer time in-process, after {arguments.warmup} warm-up rounds, with the "
        "pages interleaved"
    )
    print(
        f"{'page':38} {'requests':>8} {'median':>9} {'p95':>9} {'queries':>8}"
        f" {'SQL time':>9}  total shown"
    )
    for name, result in results.items():
        shown = f"{'about ' if result['estimate'] else ''}{result['shown']:,}"
        print(
            f"{name:38} {result['requests']:8} {result['median']:6.1f} ms "
            f"{result['p95']:6.1f} ms {result['queries']:8} "
            f"{result['sql_ms']:6.1f} ms  {shown}"
        )
    admin = results[f"Django admin, page {DEPTH_PAGE:,}"]
    deep = results[f"Bills page, page {DEPTH_PAGE:,}"]
    print(
        f"\nAdmin over Bills page at page {DEPTH_PAGE:,}: "
        f"{admin['median'] / deep['median']:.1f}x by median, "
        f"{admin['p95'] / deep['p95']:.1f}x by p95"
    )
    bills_pages = [value for key, value in results.items() if key.startswith("Bills")]
    slowest = max(result["p95"] for result in bills_pages)
    ratio = admin["p95"] / deep["p95"]
    print(
        f"Targets: p95 under {TARGET_P95_MS} ms "
        f"({'met' if slowest < TARGET_P95_MS else 'MISSED'}, "
        f"slowest {slowest:.1f} ms), {TARGET_RATIO}x the admin by p95 "
        f"({'met' if ratio >= TARGET_RATIO else 'MISSED'})"
    )


def print_query_counts(counts):
    print("\nQueries of the Bills page by page size and page number")
    for (size, number), queries in counts.items():
        print(f"  {size:3} rows per page, page {number:5,}: {queries} queries")
    sizes = {size for size, _ in counts}
    numbers = {number for _, number in counts}
    same_for_every_size = all(
        len({counts[(size, number)] for size in sizes}) == 1 for number in numbers
    )
    no_more_deep_down = all(
        counts[(size, DEPTH_PAGE)] <= counts[(size, 1)] for size in sizes
    )
    grows = not (same_for_every_size and no_more_deep_down)
    print(f"Query count: {'GROWS' if grows else 'does not grow'}")


def print_exports(exports):
    print("\nCSV export, streamed in-process")
    for name, result in exports.items():
        print(
            f"{name:28} {result['rows']:>9,} rows in {result['seconds']:5.1f} s  "
            f"{result['rate']:8,.0f} rows/s  peak memory +{result['peak_mib']:.1f} MiB"
        )


def main():
    arguments = parse_arguments()
    database = arguments.database_url.rsplit("/", 1)[-1]
    server = maintenance_url(arguments.database_url)
    exists = subprocess.run(
        [
            "psql",
            server,
            "-tAc",
            f"SELECT 1 FROM pg_database WHERE datname = '{database}'",
        ],
        check=True,
        capture_output=True,
        text=True,
    ).stdout.strip()
    if not exists:
        psql(server, "-c", f"CREATE DATABASE {database}")
    try:
        set_up_django(arguments.database_url, "benchmarks.admin_settings")
        from django.test import Client

        user = fill_database(arguments.bills)
        client = Client()
        client.force_login(user)
        results = measure_pages(client, arguments)
        counts = queries_by_page_size(client)
        exports = {}
        if not arguments.no_export:
            first = datetime.date(2022, 2, 5) + datetime.timedelta(days=200)
            last = first + datetime.timedelta(days=EXPORT_SAMPLE_DAYS - 1)
            exports = {
                f"{EXPORT_SAMPLE_DAYS} days of statements": measure_export(
                    client, f"?statement_after={first}&statement_before={last}"
                ),
                "all bills": measure_export(client, ""),
            }
        print_pages(results, arguments)
        print_query_counts(counts)
        if exports:
            print_exports(exports)
    finally:
        if not arguments.keep:
            from django.db import connections

            connections.close_all()
            psql(server, "-c", f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


if __name__ == "__main__":
    main()

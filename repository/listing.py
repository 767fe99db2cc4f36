"""Filtered, sorted and paginated repository tables, and their CSV export."""

import csv
import json
import math
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db import connections
from django.db.models import Model, QuerySet
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django_filters import FilterSet

PAGE_SIZE = 50
RESULTS_TARGET = "results"
# Tables count matching rows exactly up to this many. Above it they show PostgreSQL's
# row estimate, because an exact COUNT(*) reads every matching row on each request.
EXACT_COUNT_LIMIT = 10_000
# Pages past an estimated total are served (the estimate may be low), up to this
# number, which keeps OFFSET far inside PostgreSQL's bigint range.
MAX_PAGE_NUMBER = 10_000_000

# Spreadsheet programs run a cell that starts with one of these as a formula.
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class Table:
    """One repository table: its rows, filters, columns and CSV layout."""

    name: str
    title: str
    filterset_class: type[FilterSet]
    rows: Callable[[], QuerySet]
    # Sort parameter that matches the model's default ordering, shown in the header.
    default_sort: str
    # Filters rendered as form controls; the others appear as removable chips.
    form_fields: list[str]
    chip_fields: list[str] = field(default_factory=list)
    csv_columns: list[tuple[str, Callable[[Model], object]]] = field(
        default_factory=list
    )
    # Rows of the CSV export, where its columns read more than the page shows.
    export_rows: Callable[[], QuerySet] | None = None
    # Function that adds the joined columns the page shows to one page's rows, so
    # that the count and the OFFSET scan read no joined table.
    page_columns: Callable[[QuerySet], QuerySet] | None = None

    @property
    def noun(self) -> str:
        """The singular of the table's name, for row counts."""
        return self.name.removesuffix("s")

    @property
    def export_url_name(self) -> str:
        return f"repository:{self.name}-export"

    @property
    def page_template(self) -> str:
        return f"repository/{self.name}.html"

    @property
    def results_template(self) -> str:
        return f"repository/partials/{self.name}_results.html"


def build_filterset(request, table: Table, rows=None) -> FilterSet:
    queryset = (rows or table.rows)()
    return table.filterset_class(request.GET, queryset=queryset, request=request)


def _round_estimate(rows: int) -> int:
    """Round to two significant figures, so the number does not look exact."""
    magnitude = 10 ** max(len(str(rows)) - 2, 0)
    return round(rows / magnitude) * magnitude


def estimate_count(queryset: QuerySet) -> int | None:
    """Return PostgreSQL's row estimate for `queryset`, or None on other databases."""
    if connections[queryset.db].vendor != "postgresql":
        return None
    plan = json.loads(queryset.order_by().values("pk").explain(format="json"))
    return int(plan[0]["Plan"]["Plan Rows"])


def _totally_ordered(queryset: QuerySet) -> QuerySet:
    """Return `queryset` with the primary key as its last sort term.

    Rows that tie on every other term would otherwise come in any order, so the same
    row could appear on two pages and another on none.
    """
    ordering = list(queryset.query.order_by or queryset.model._meta.ordering)
    if ordering and isinstance(ordering[-1], str):
        last = ordering[-1].removeprefix("-")
        if last in ("pk", queryset.model._meta.pk.name):
            return queryset
    return queryset.order_by(*ordering, "pk")


class TablePaginator(Paginator):
    """A paginator whose deep pages take no more queries than the first page.

    The count stops at EXACT_COUNT_LIMIT + 1 rows and, above the limit, becomes the
    planner's estimate (`count_is_estimate`). A page selects its primary keys with
    OFFSET, which PostgreSQL serves with an index-only scan of the sort index, without
    reading the table rows it skips, and fetches only those rows with their joined
    tables (a deferred join) in the same query. A page whose rows reach past the limit
    proves that the total is above it, so the count is skipped there. The last page
    gives the exact total, because its rows are the last ones.
    """

    def __init__(self, object_list, per_page, page_columns=None):
        super().__init__(_totally_ordered(object_list), per_page)
        self.page_columns = page_columns
        self._count = None
        self._count_is_estimate = False

    @property
    def count(self) -> int:
        self._ensure_counted()
        return self._count

    @property
    def count_is_estimate(self) -> bool:
        """Whether `count` is the planner's rounded estimate, not an exact count."""
        self._ensure_counted()
        return self._count_is_estimate

    def _ensure_counted(self) -> None:
        if self._count is None:
            self._count, self._count_is_estimate = self._count_rows()

    def set_exact_count(self, count: int) -> None:
        self._count, self._count_is_estimate = count, False

    def _count_rows(self) -> tuple[int, bool]:
        limited = self.object_list.order_by()[: EXACT_COUNT_LIMIT + 1].count()
        if limited <= EXACT_COUNT_LIMIT:
            return limited, False
        estimate = estimate_count(self.object_list)
        if estimate is None:
            # SQLite, the local default database, gives no estimate.
            return self.object_list.count(), False
        return _round_estimate(max(estimate, limited)), True

    @property
    def num_pages(self) -> int:
        if self.count == 0 and not self.allow_empty_first_page:
            return 0
        return max(1, math.ceil(self.count / self.per_page))

    def page(self, number: int) -> "TablePage":
        offset = (number - 1) * self.per_page
        # One extra row shows whether a next page exists, whatever the estimate.
        keys = self.object_list.values("pk")[offset : offset + self.per_page + 1]
        rows = self.object_list.filter(pk__in=keys)
        if self.page_columns is not None:
            rows = self.page_columns(rows)
        rows = list(rows)
        has_more = len(rows) > self.per_page
        rows = rows[: self.per_page]
        if rows and not has_more:
            # OFFSET skipped rows that exist and none follow, so the total is known.
            self.set_exact_count(offset + len(rows))
        elif rows:
            self._note_rows_seen(offset + len(rows) + 1)
        return TablePage(rows, number, self, has_more)

    def _note_rows_seen(self, seen: int) -> None:
        """Take into account that at least `seen` matching rows exist."""
        if self._count is None and seen > EXACT_COUNT_LIMIT:
            estimate = estimate_count(self.object_list)
            if estimate is not None:
                self._count = _round_estimate(max(estimate, seen))
                self._count_is_estimate = True
        if self.count_is_estimate:
            # The estimate may fall short of the rows really there.
            self._count = max(self._count, seen)


class TablePage(Page):
    def __init__(self, object_list, number, paginator, has_more):
        super().__init__(object_list, number, paginator)
        self.has_more = has_more

    def has_next(self) -> bool:
        return self.has_more

    def start_index(self) -> int:
        if not self.object_list:
            return 0
        return (self.number - 1) * self.paginator.per_page + 1

    def end_index(self) -> int:
        return (self.number - 1) * self.paginator.per_page + len(self.object_list)


def page_of(queryset: QuerySet, raw_number: str | None, page_columns=None) -> TablePage:
    """Return the requested page, or the nearest one that exists.

    Page 0 and negative numbers give the first page, numbers past the end the last
    page, and anything that is not an integer the first page. The requested page is
    read first, because there may be more rows than estimated. Only when it is
    empty does the count decide which page is the last, exactly if it was an estimate.
    """
    paginator = TablePaginator(queryset, PAGE_SIZE, page_columns)
    try:
        number = min(max(int(raw_number or 1), 1), MAX_PAGE_NUMBER)
    except ValueError:
        number = 1
    page = paginator.page(number)
    if page.object_list or number == 1:
        return page
    if paginator.count_is_estimate:
        paginator.set_exact_count(queryset.count())
    return paginator.page(paginator.num_pages)


def _current_sort(filterset: FilterSet, table: Table) -> str:
    # django-filter applies the valid filters of an invalid form, sort included.
    sort = filterset.form.cleaned_data.get("sort")
    return sort[0] if sort else table.default_sort


def _url_without(request, *names: str) -> str:
    query = request.GET.copy()
    for name in names:
        query.pop(name, None)
    return f"{request.path}?{query.urlencode()}"


def _chips(request, filterset: FilterSet, table: Table) -> list[dict]:
    """Describe each relation filter set in the request, valid or not."""
    chips = []
    cleaned = getattr(filterset.form, "cleaned_data", {})
    for name in table.chip_fields:
        raw_value = filterset.form.data.get(name)
        if not raw_value:
            continue
        label = filterset.form.fields[name].label
        value = cleaned.get(name)
        chips.append(
            {
                "name": name,
                "raw_value": raw_value,
                "text": f"{label}: {value}" if value else f"{label}: {raw_value}",
                "valid": value is not None,
                "remove_url": _url_without(request, name, "page"),
            }
        )
    return chips


def render_table(request, table: Table, status: int = 200):
    """Render the table page, or only its results when htmx requests them."""
    filterset = build_filterset(request, table)
    filterset.is_valid()
    page = page_of(filterset.qs, request.GET.get("page"), table.page_columns)
    context = {
        "table": table,
        "filter": filterset,
        "fields": [filterset.form[name] for name in table.form_fields],
        "chips": _chips(request, filterset, table),
        "current_sort": _current_sort(filterset, table),
        "page": page,
    }
    return render_results(
        request, table.page_template, table.results_template, context, status
    )


def render_results(request, page_template, results_template, context, status=200):
    """Render the whole page, or only its results when htmx requests them."""
    # A history restore after a cache miss needs the whole page, not the results.
    wants_results = (
        request.htmx
        and request.htmx.target == RESULTS_TARGET
        and not request.htmx.history_restore_request
    )
    template = results_template if wants_results else page_template
    response = render(request, template, context, status=status)
    patch_vary_headers(response, ["HX-Request"])
    return response


def neutralize_formula(value):
    """Prefix text that a spreadsheet would run as a formula with an apostrophe.

    Numbers and dates come from typed columns and are written unchanged, so a credit
    of -12.50 stays a number.
    """
    if isinstance(value, str) and value.startswith(FORMULA_PREFIXES):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write() returns the line, for streaming csv.writer."""

    def write(self, value):
        return value


def export_table(request, table: Table):
    """Stream the filtered, sorted rows of `table` as CSV.

    Invalid filters get the table page with their errors and status 400, because an
    export that silently drops a filter would hold rows the user did not ask for.
    """
    filterset = build_filterset(request, table, table.export_rows)
    if not filterset.is_valid():
        return render_table(request, table, status=400)

    # The queryset's SQL already carries the organization filter, so the rows stay
    # scoped while the response streams after the middleware has returned.
    rows = filterset.qs.iterator(chunk_size=2000)
    writer = csv.writer(_Echo())

    def lines():
        yield writer.writerow([header for header, _ in table.csv_columns])
        for row in rows:
            yield writer.writerow(
                [neutralize_formula(value(row)) for _, value in table.csv_columns]
            )

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    filename = f"{request.organization.slug}-{table.name}-{timezone.localdate()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response

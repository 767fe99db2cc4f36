"""Filtered, sorted and paginated repository tables, and their CSV export."""

import csv
from collections.abc import Callable
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Model, QuerySet
from django.http import StreamingHttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.cache import patch_vary_headers
from django_filters import FilterSet

PAGE_SIZE = 50
RESULTS_TARGET = "results"

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


def build_filterset(request, table: Table) -> FilterSet:
    return table.filterset_class(request.GET, queryset=table.rows(), request=request)


def page_of(queryset: QuerySet, raw_number: str | None) -> Page:
    """Return the requested page, or the nearest one that exists.

    Page 0 and negative numbers give the first page, numbers past the end the last
    page, and anything that is not an integer the first page.
    """
    paginator = Paginator(queryset, PAGE_SIZE)
    try:
        number = int(raw_number or 1)
    except ValueError:
        number = 1
    number = min(max(number, 1), paginator.num_pages)
    return paginator.page(number)


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
    """Render the table page, or only its results when htmx asks for them."""
    filterset = build_filterset(request, table)
    filterset.is_valid()
    page = page_of(filterset.qs, request.GET.get("page"))
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
    """Render the whole page, or only its results when htmx asks for them."""
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
    filterset = build_filterset(request, table)
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

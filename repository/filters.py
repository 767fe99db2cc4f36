"""FilterSets of the data repository, shared by the HTML tables and the REST API.

Parameter names are a contract with the API: `q`, `company`, `sort` on every set, and
the per-table filters declared below. Choice querysets are callables, so they are built
per request under the request's organization scope. An id of another organization is
then an invalid choice, like an unknown one.
"""

import django_filters
from django import forms
from django.db.models import Exists, F, OuterRef, Q
from django.forms.models import ModelChoiceIterator
from django.forms.utils import flatatt
from django.utils.safestring import mark_safe

from organizations.models import Company, Environment
from repository.choices import listed_rows
from repository.markup import escaped
from repository.models import Account, Bill, Connection, Meter, Site, UtilityType

SEARCH_MAX_LENGTH = 200
SEARCH_MAX_TERMS = 8
TRACKED_CHOICES = [("", "Tracked or not"), ("true", "Tracked"), ("false", "Untracked")]


def _companies(request):
    return Company.objects.all()


def _sites(request):
    return Site.objects.select_related("company")


def _connections(request):
    return Connection.objects.all()


def _accounts(request):
    return Account.objects.all()


def _meters(request):
    return Meter.objects.all()


class FastSelect(forms.Select):
    """A select box that builds its HTML in Python instead of one template per option.

    Django renders each option through an included template and builds a context
    dict for it, which costs tens of microseconds an option, and a site list contains
    hundreds. The markup is Django's without the whitespace between options. Grouped
    choices, which these filters do not use, take Django's path.
    """

    def render(self, name, value, attrs=None, renderer=None):
        # list() of the choices themselves would ask their len(), which for model
        # choices is an extra COUNT query.
        choices = list(iter(self.choices))
        if any(isinstance(label, (list, tuple)) for _, label in choices):
            return super().render(name, value, attrs, renderer)
        selected = set(self.format_value(value))
        options = "".join(
            f'<option value="{escaped(option_value)}"'
            f"{' selected' if str(option_value) in selected else ''}>"
            f"{escaped(label)}</option>"
            for option_value, label in choices
        )
        select_attrs = flatatt(self.build_attrs(self.attrs, attrs))
        return mark_safe(
            f'<select name="{escaped(name)}"{select_attrs}>{options}</select>'
        )


class ListedChoiceIterator(ModelChoiceIterator):
    """Read the choices as values, not as model instances, and keep them in the cache.

    ModelChoiceIterator reads instances through QuerySet.iterator(), which opens a
    server-side cursor on PostgreSQL at the cost of extra round trips. Hundreds of
    instances on each request also leave reference cycles for the garbage collector.
    """

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        rows = listed_rows(self.queryset, ("pk", *self.field.label_fields))
        for pk, *label_values in rows:
            yield (pk, self.field.label_from_values(*label_values))


class ListedChoiceField(django_filters.fields.ModelChoiceField):
    """A model choice labelled from the values of `label_fields`."""

    iterator = ListedChoiceIterator
    label_fields = ("name",)

    def label_from_values(self, name):
        return name


class ListedChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = ListedChoiceField


class SiteChoiceField(ListedChoiceField):
    """A site choice labelled with its company, because site names repeat."""

    label_fields = ("name", "company__name")

    def label_from_values(self, name, company_name):
        return f"{name} ({company_name})"


class SiteChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = SiteChoiceField


class SortFilter(django_filters.OrderingFilter):
    """`sort=field` or `sort=-field`, with the primary key as the tie-breaker.

    The tie-breaker keeps pagination stable when many rows share a sort value.
    Empty values sort as PostgreSQL places them by default (last going up, first
    going down), so SQLite, the local default database, lists rows in the same order.
    """

    def __init__(self, *args, **kwargs):
        # The pages and the API name this parameter "sort", so the invalid-filter
        # message says "Sort" instead of django-filter's default label "Ordering".
        kwargs.setdefault("label", "Sort")
        super().__init__(*args, **kwargs)

    def filter(self, qs, value):
        sorted_qs = super().filter(qs, value)
        if sorted_qs is qs:
            return qs
        terms = [_with_nulls_placed(term) for term in sorted_qs.query.order_by]
        return sorted_qs.order_by(*terms, "pk")


def _with_nulls_placed(term):
    if not isinstance(term, str):
        return term
    if term.startswith("-"):
        return F(term[1:]).desc(nulls_first=True)
    return F(term).asc(nulls_last=True)


class RepositoryFilterForm(forms.Form):
    """Validate the search terms and that each date range runs forward."""

    # (start field, end field) pairs, checked where the form has both fields.
    date_ranges = [
        ("created_after", "created_before"),
        ("period_after", "period_before"),
        ("statement_after", "statement_before"),
    ]

    def clean_q(self):
        search = self.cleaned_data.get("q", "")
        if len(search.split()) > SEARCH_MAX_TERMS:
            raise forms.ValidationError(
                f"Search is limited to {SEARCH_MAX_TERMS} words: remove some words."
            )
        return search

    def clean(self):
        cleaned_data = super().clean()
        for start_name, end_name in self.date_ranges:
            start = cleaned_data.get(start_name)
            end = cleaned_data.get(end_name)
            if start and end and end < start:
                start_label = self.fields[start_name].label.lower()
                self.add_error(
                    end_name,
                    f"Must be on or after {start_label} ({start:%Y-%m-%d}).",
                )
        return cleaned_data


def _search_filter(label="Search"):
    return django_filters.CharFilter(
        method="filter_search",
        label=label,
        max_length=SEARCH_MAX_LENGTH,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


def _date_filter(field_name, lookup_expr, label, method=None):
    return django_filters.DateFilter(
        field_name=field_name,
        lookup_expr=lookup_expr,
        label=label,
        method=method,
        widget=forms.DateInput(attrs={"type": "date"}),
    )


def _company_filter(field_name="company"):
    return ListedChoiceFilter(
        field_name=field_name,
        queryset=_companies,
        label="Company",
        empty_label="All companies",
        widget=FastSelect,
    )


def _site_filter(field_name):
    return SiteChoiceFilter(
        field_name=field_name,
        queryset=_sites,
        label="Site",
        empty_label="All sites",
        widget=FastSelect,
    )


def _choice_filter(choices, label, empty_label):
    return django_filters.ChoiceFilter(
        choices=choices, label=label, empty_label=empty_label, widget=FastSelect
    )


def _tracked_filter():
    return django_filters.BooleanFilter(
        label="Tracked",
        widget=FastSelect(choices=TRACKED_CHOICES),
    )


class SearchFilterSet(django_filters.FilterSet):
    """A FilterSet whose `q` matches every word in any of `search_fields`."""

    search_fields: tuple[str, ...] = ()

    def filter_search(self, queryset, name, value):
        for term in value.split():
            matches = Q()
            for field in self.search_fields:
                matches |= Q(**{f"{field}__icontains": term})
            queryset = queryset.filter(matches)
        return queryset


class CompanyFilter(SearchFilterSet):
    search_fields = ("name", "external_id", "public_id")

    q = _search_filter()
    environment = _choice_filter(Environment.choices, "Environment", "All environments")
    sort = SortFilter(
        fields=[("name", "name"), ("environment", "environment")],
        field_labels={"name": "Name", "environment": "Environment"},
    )

    class Meta:
        model = Company
        fields = ["q", "environment"]
        form = RepositoryFilterForm


class SiteFilter(SearchFilterSet):
    search_fields = ("name", "street", "city", "postal_code", "company__name")

    q = _search_filter()
    company = _company_filter()
    sort = SortFilter(
        fields=[
            ("name", "name"),
            ("company__name", "company"),
            ("city", "city"),
            ("postal_code", "postal_code"),
        ]
    )

    class Meta:
        model = Site
        fields = ["q", "company"]
        form = RepositoryFilterForm


class ConnectionFilter(SearchFilterSet):
    search_fields = ("provider_name", "username", "company__name")

    q = _search_filter()
    company = _company_filter()
    status = _choice_filter(Connection.Status.choices, "Status", "All statuses")
    created_via = _choice_filter(
        Connection.CreatedVia.choices, "Created via", "Any channel"
    )
    created_after = _date_filter("created_at", "date__gte", "Created from")
    created_before = _date_filter("created_at", "date__lte", "Created to")
    sort = SortFilter(
        fields=[
            ("provider_name", "provider"),
            ("username", "username"),
            ("company__name", "company"),
            ("status", "status"),
            ("created_via", "created_via"),
            ("created_at", "created_at"),
            ("last_synced_at", "last_synced_at"),
        ]
    )

    class Meta:
        model = Connection
        fields = ["q", "company", "status", "created_via"]
        form = RepositoryFilterForm


class AccountFilter(SearchFilterSet):
    search_fields = (
        "account_number",
        "connection__provider_name",
        "connection__username",
        "company__name",
    )

    q = _search_filter()
    company = _company_filter()
    utility_type = _choice_filter(UtilityType.choices, "Utility type", "All utilities")
    status = _choice_filter(Account.Status.choices, "Status", "All statuses")
    connection = django_filters.ModelChoiceFilter(
        queryset=_connections, label="Connection"
    )
    tracked = _tracked_filter()
    sort = SortFilter(
        fields=[
            ("account_number", "account_number"),
            ("company__name", "company"),
            ("connection__provider_name", "provider"),
            ("utility_type", "utility_type"),
            ("status", "status"),
            ("tracked", "tracked"),
            ("created_at", "created_at"),
        ]
    )

    class Meta:
        model = Account
        fields = ["q", "company", "utility_type", "status", "connection", "tracked"]
        form = RepositoryFilterForm


class MeterFilter(SearchFilterSet):
    search_fields = (
        "meter_number",
        "account__account_number",
        "account__connection__provider_name",
        "company__name",
        "site__name",
        "site__street",
        "site__city",
        "site__postal_code",
    )

    q = _search_filter()
    company = _company_filter()
    site = _site_filter("site")
    utility_type = _choice_filter(UtilityType.choices, "Utility type", "All utilities")
    tracked = _tracked_filter()
    connection = django_filters.ModelChoiceFilter(
        field_name="account__connection", queryset=_connections, label="Connection"
    )
    account = django_filters.ModelChoiceFilter(queryset=_accounts, label="Account")
    # Both ends apply together in filter_queryset: one bill must overlap the range.
    period_after = _date_filter(None, "exact", "Billed from", method="filter_nothing")
    period_before = _date_filter(None, "exact", "Billed to", method="filter_nothing")
    sort = SortFilter(
        fields=[
            ("meter_number", "meter_number"),
            ("company__name", "company"),
            ("site__name", "site"),
            ("account__account_number", "account_number"),
            ("utility_type", "utility_type"),
            ("tracked", "tracked"),
            ("created_at", "created_at"),
        ]
    )

    class Meta:
        model = Meter
        fields = [
            "q",
            "company",
            "site",
            "utility_type",
            "tracked",
            "connection",
            "account",
        ]
        form = RepositoryFilterForm

    def filter_nothing(self, queryset, name, value):
        return queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        after = self.form.cleaned_data.get("period_after")
        before = self.form.cleaned_data.get("period_before")
        if not after and not before:
            return queryset

        # Separate filter() calls on the reverse relation could match two different
        # bills, one per end of the range, so one correlated subquery checks both.
        bills = Bill.objects.filter(meter=OuterRef("pk"))
        if after:
            bills = bills.filter(period_end__gte=after)
        if before:
            bills = bills.filter(period_start__lte=before)
        return queryset.filter(Exists(bills))


class BillFilter(SearchFilterSet):
    search_fields = (
        "account__account_number",
        "meter__meter_number",
        "connection__provider_name",
        "company__name",
        "meter__site__name",
        "meter__site__street",
        "meter__site__city",
        "meter__site__postal_code",
    )

    q = _search_filter()
    company = _company_filter()
    site = _site_filter("meter__site")
    utility_type = _choice_filter(UtilityType.choices, "Utility type", "All utilities")
    status = _choice_filter(Bill.Status.choices, "Status", "All statuses")
    source = _choice_filter(Bill.Source.choices, "Source", "All sources")
    connection = django_filters.ModelChoiceFilter(
        queryset=_connections, label="Connection"
    )
    account = django_filters.ModelChoiceFilter(queryset=_accounts, label="Account")
    meter = django_filters.ModelChoiceFilter(queryset=_meters, label="Meter")
    # A bill matches when its billing period overlaps [period_after, period_before].
    period_after = _date_filter("period_end", "gte", "Period from")
    period_before = _date_filter("period_start", "lte", "Period to")
    statement_after = _date_filter("statement_date", "gte", "Statement from")
    statement_before = _date_filter("statement_date", "lte", "Statement to")
    sort = SortFilter(
        fields=[
            ("statement_date", "statement_date"),
            ("period_start", "period_start"),
            ("period_end", "period_end"),
            ("total_charges", "total_charges"),
            ("usage", "usage"),
            ("company__name", "company"),
            ("account__account_number", "account_number"),
            ("meter__meter_number", "meter_number"),
            ("utility_type", "utility_type"),
            ("status", "status"),
            ("source", "source"),
        ]
    )

    class Meta:
        model = Bill
        fields = [
            "q",
            "company",
            "site",
            "utility_type",
            "status",
            "source",
            "connection",
            "account",
            "meter",
        ]
        form = RepositoryFilterForm

"""Keyset (cursor) pagination over any ordering of a queryset.

DRF's CursorPagination positions on the first ordering column and skips ties with an
OFFSET, which grows on columns with many equal values such as a statement date. Here
the cursor carries the values of every ordering column of the page's last row, plus
the primary key as a tie-breaker, so each page is a range read on the index.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import dataclass

from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db.models import F, OrderBy, Q
from django.db.models.constants import LOOKUP_SEP
from rest_framework import exceptions
from rest_framework.pagination import BasePagination
from rest_framework.response import Response
from rest_framework.utils.urls import replace_query_param

DEFAULT_PAGE_SIZE = 50
MAX_PAGE_SIZE = 200


@dataclass(frozen=True)
class SortKey:
    """One ordering column: a field path and its direction."""

    path: str
    descending: bool
    nullable: bool = False

    def value_of(self, row):
        value = row
        for part in self.path.split(LOOKUP_SEP):
            value = getattr(value, part, None)
        return value

    def after(self, value) -> Q | None:
        """Rows after `value` in this column's order; PostgreSQL sorts NULL last."""
        if self.descending:
            if value is None:
                return Q(**{f"{self.path}__isnull": False})
            return Q(**{f"{self.path}__lt": value})
        if value is None:
            return None
        greater = Q(**{f"{self.path}__gt": value})
        return greater | self.equal(None) if self.nullable else greater

    def order_term(self) -> OrderBy:
        """Return the ORDER BY term, with NULLs where PostgreSQL puts them by default.

        `after()` assumes that placement. Spelling it out makes SQLite (the local
        default database) page the same way.
        """
        if self.descending:
            return F(self.path).desc(nulls_first=True)
        return F(self.path).asc(nulls_last=True)

    def equal(self, value) -> Q:
        if value is None:
            return Q(**{f"{self.path}__isnull": True})
        return Q(**{self.path: value})


def sort_keys(queryset) -> list[SortKey]:
    """Return the queryset's ordering as SortKeys, ending with the primary key."""
    model = queryset.model
    ordering = queryset.query.order_by or model._meta.ordering
    keys = [_sort_key(model, term) for term in ordering]
    if not any(key.path in ("pk", "id") for key in keys):
        descending = bool(keys) and keys[-1].descending
        keys.append(SortKey("pk", descending))
    return keys


def _sort_key(model, term) -> SortKey:
    if isinstance(term, OrderBy) and isinstance(term.expression, F):
        path, descending = term.expression.name, term.descending
    elif isinstance(term, str):
        path, descending = term.lstrip("-"), term.startswith("-")
    else:
        raise TypeError(f"Keyset pagination cannot order by {term!r}")
    return SortKey(path, descending, nullable=_path_is_nullable(model, path))


def keyset_filter(keys: list[SortKey], values: list) -> Q:
    """Rows strictly after the row whose ordering columns hold `values`."""
    condition = Q(pk__in=[])
    ties = Q()
    for key, value in zip(keys, values, strict=True):
        after = key.after(value)
        if after is not None:
            condition |= ties & after
        ties &= key.equal(value)
    return condition


class KeysetCursorPagination(BasePagination):
    cursor_query_param = "cursor"
    page_size_query_param = "page_size"

    def paginate_queryset(self, queryset, request, view=None):
        self.request = request
        self.keys = sort_keys(queryset)
        self.page_size = self._page_size(request)
        queryset = queryset.order_by(*(key.order_term() for key in self.keys))

        cursor = request.query_params.get(self.cursor_query_param)
        if cursor:
            values = self._decode(cursor, queryset.model)
            queryset = queryset.filter(self._range_start(values))
            queryset = queryset.filter(keyset_filter(self.keys, values))

        rows = list(queryset[: self.page_size + 1])
        self.has_next = len(rows) > self.page_size
        rows = rows[: self.page_size]
        self.last_values = [key.value_of(rows[-1]) for key in self.keys] if rows else []
        return rows

    def get_paginated_response(self, data):
        return Response({"next": self.get_next_link(), "results": data})

    def get_paginated_response_schema(self, schema):
        return {
            "type": "object",
            "required": ["results"],
            "properties": {
                "next": {
                    "type": "string",
                    "nullable": True,
                    "format": "uri",
                    "description": "URL of the next page; null on the last page.",
                },
                "results": schema,
            },
        }

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.cursor_query_param,
                "required": False,
                "in": "query",
                "description": "Opaque cursor from the `next` URL of the last page.",
                "schema": {"type": "string"},
            },
            {
                "name": self.page_size_query_param,
                "required": False,
                "in": "query",
                "description": f"Rows per page, 1 to {MAX_PAGE_SIZE} "
                f"(default {DEFAULT_PAGE_SIZE}).",
                "schema": {"type": "integer"},
            },
        ]

    def get_next_link(self):
        if not self.has_next:
            return None
        url = self.request.build_absolute_uri()
        return replace_query_param(
            url, self.cursor_query_param, encode_cursor(self.last_values)
        )

    def _page_size(self, request) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None:
            return DEFAULT_PAGE_SIZE
        try:
            size = int(raw)
        except ValueError:
            size = 0
        if not 1 <= size <= MAX_PAGE_SIZE:
            raise exceptions.ValidationError(
                {"page_size": [f"Enter a whole number from 1 to {MAX_PAGE_SIZE}."]}
            )
        return size

    def _range_start(self, values) -> Q:
        """Bound the first column too, so PostgreSQL starts the index scan there.

        The OR of `keyset_filter` alone is applied as a filter after the scan, which
        would read every earlier row again.
        """
        first, value = self.keys[0], values[0]
        if value is None:
            return Q() if first.descending else first.equal(None)
        if first.descending:
            return Q(**{f"{first.path}__lte": value})
        at_or_after = Q(**{f"{first.path}__gte": value})
        return at_or_after | first.equal(None) if first.nullable else at_or_after

    def _decode(self, cursor: str, model) -> list:
        try:
            padded = cursor + "=" * (-len(cursor) % 4)
            values = json.loads(base64.urlsafe_b64decode(padded))
            if not isinstance(values, list) or len(values) != len(self.keys):
                raise ValueError("wrong number of values")
            return [
                _to_python(model, key.path, value)
                for key, value in zip(self.keys, values, strict=True)
            ]
        except (ValueError, TypeError, binascii.Error, ValidationError) as error:
            raise exceptions.ValidationError(
                {"cursor": ["Invalid cursor. Use the `next` URL of a previous page."]}
            ) from error


def encode_cursor(values: list) -> str:
    payload = json.dumps([_to_json(value) for value in values])
    return base64.urlsafe_b64encode(payload.encode()).decode().rstrip("=")


def _to_json(value):
    if value is None or isinstance(value, bool | int | str):
        return value
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _to_python(model, path, value):
    """Convert a cursor value, rejecting what the column could never hold.

    The validators catch numbers beyond the column's digits or integer range, which
    PostgreSQL would reject with an error rather than compare.
    """
    if value is None:
        return None
    field = _path_fields(model, path)[-1]
    converted = field.to_python(value)
    if isinstance(converted, str) and "\x00" in converted:
        raise ValueError("PostgreSQL text cannot contain NUL characters")
    field.run_validators(converted)
    return converted


def _path_is_nullable(model, path) -> bool:
    """Return whether the column at `path` can be NULL, also through a relation."""
    return any(field.null for field in _path_fields(model, path))


def _path_fields(model, path) -> list:
    fields = []
    for name in path.split(LOOKUP_SEP):
        try:
            field = model._meta.pk if name == "pk" else model._meta.get_field(name)
        except FieldDoesNotExist as error:
            raise ValueError(f"Unknown ordering field {path}") from error
        fields.append(field)
        model = field.related_model
    return fields

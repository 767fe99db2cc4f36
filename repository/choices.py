"""Choice lists of the filter forms, kept in the cache per organization.

Every table page lists the organization's companies and sites in its filters, and
reading them took two queries and about a tenth of a page's server time. The lists
change rarely. Saving or deleting a company or site drops the organization's lists.
A list also expires after CHOICES_TIMEOUT, which bounds how stale it can be after a
change in another process with a per-process cache, or after a bulk update that sends
no signal. Choices only offer values: the filter still checks a submitted id against
the database.
"""

import secrets

from django.core.cache import cache
from django.db import transaction

from organizations.tenancy import current_organization

CHOICES_TIMEOUT = 60


def _generation_key(organization_id: int) -> str:
    return f"repository:choices:{organization_id}"


def _generation(organization_id: int) -> str:
    """Return the token that names the organization's current lists."""
    key = _generation_key(organization_id)
    generation = cache.get(key)
    if generation is None:
        generation = secrets.token_hex(8)
        cache.set(key, generation, CHOICES_TIMEOUT)
    return generation


def listed_rows(queryset, fields: tuple[str, ...]) -> list[tuple]:
    """Return `queryset.values_list(*fields)`, read from the cache where possible.

    `queryset` must list every row of its model in the active organization, in a
    fixed order: the cache key names only the organization, the model and `fields`.
    """
    organization = current_organization()
    if organization is None:
        return list(queryset.values_list(*fields))
    key = ":".join(
        [
            _generation_key(organization.pk),
            _generation(organization.pk),
            queryset.model._meta.label,
            *fields,
        ]
    )
    rows = cache.get(key)
    if rows is None:
        rows = list(queryset.values_list(*fields))
        cache.set(key, rows, CHOICES_TIMEOUT)
    return rows


def forget_lists(sender, instance, **kwargs):
    """Drop the cached lists of the organization that owns `instance`.

    They are dropped now, for the rest of this request, and again after the commit:
    until then other connections read the old rows and may cache them.
    """
    key = _generation_key(instance.organization_id)
    cache.delete(key)
    transaction.on_commit(lambda: cache.delete(key))

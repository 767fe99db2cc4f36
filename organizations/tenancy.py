"""Scope every query of tenant-owned rows to one organization.

`ActiveOrganizationMiddleware` activates the organization of each request. Within it,
`TenantModel.objects` returns that organization's rows only, so a view cannot forget the
filter. Outside any activated organization the manager raises `TenantScopeError`
instead of returning every tenant's rows. Code that must cross organizations (the
Stripe webhook, management commands, the public magic-link resolver, the API key
lookup) opens `unscoped()` and states why in a comment.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from typing import TYPE_CHECKING

from django.db import models

if TYPE_CHECKING:
    from organizations.models import Organization


class TenantScopeError(RuntimeError):
    """A tenant table was queried with no organization activated."""


_UNSCOPED = object()
_active_scope: ContextVar[object | None] = ContextVar("active_scope", default=None)


def current_organization() -> Organization | None:
    scope = _active_scope.get()
    return None if scope is _UNSCOPED else scope  # type: ignore[return-value]


@contextmanager
def activate(organization: Organization | None):
    """Scope tenant queries to `organization` (None forbids them) within the block."""
    token = _active_scope.set(organization)
    try:
        yield organization
    finally:
        _active_scope.reset(token)


@contextmanager
def unscoped():
    """Let tenant queries see every organization's rows within the block."""
    token = _active_scope.set(_UNSCOPED)
    try:
        yield
    finally:
        _active_scope.reset(token)


class TenantQuerySet(models.QuerySet):
    pass


class TenantManager(models.Manager.from_queryset(TenantQuerySet)):
    def get_queryset(self):
        queryset = super().get_queryset()
        scope = _active_scope.get()
        if scope is _UNSCOPED:
            return queryset
        if scope is None:
            raise TenantScopeError(
                f"{self.model.__name__} queried with no active organization; "
                "activate one or open tenancy.unscoped()"
            )
        return queryset.filter(organization=scope)


class TenantModel(models.Model):
    """A row owned by one organization; its default manager is scoped to it."""

    organization = models.ForeignKey(
        "organizations.Organization", on_delete=models.CASCADE, related_name="+"
    )

    objects = TenantManager()

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        scope = current_organization()
        if self.organization_id is None and scope is not None:
            self.organization = scope
        if scope is not None and self.organization_id != scope.pk:
            raise TenantScopeError(
                f"{type(self).__name__} of organization {self.organization_id} "
                f"saved while organization {scope.pk} is active"
            )
        super().save(*args, **kwargs)

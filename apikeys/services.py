"""Issue, revoke and roll API keys, recording each action in the audit trail."""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from apikeys import tokens
from apikeys.models import ApiKey, AuditEvent


def record(action: str, *, actor, api_key: ApiKey, **details) -> AuditEvent:
    """Store an audit event about `api_key`; `details` must never contain a secret."""
    return AuditEvent.objects.create(
        organization_id=api_key.organization_id,
        action=action,
        actor=actor,
        api_key=api_key,
        details={"name": api_key.name, "environment": api_key.environment, **details},
    )


def issue_key(
    *, organization, created_by, name: str, environment: str, expires_at
) -> tuple[ApiKey, str]:
    """Create a key and return it with its full value, which is never stored."""
    public_id = tokens.new_public_id()
    value = tokens.build_key(environment, public_id)
    api_key = ApiKey.objects.create(
        organization=organization,
        name=name,
        environment=environment,
        public_id=public_id,
        secret_hash=tokens.hash_key(value),
        last_characters=value[-4:],
        created_by=created_by,
        expires_at=expires_at,
    )
    record(
        "apikey.created",
        actor=created_by,
        api_key=api_key,
        expires_at=expires_at.isoformat() if expires_at else None,
    )
    return api_key, value


def revoke_key(api_key: ApiKey, *, actor) -> None:
    api_key.revoked_at = timezone.now()
    api_key.save(update_fields=["revoked_at"])
    record("apikey.revoked", actor=actor, api_key=api_key)


@transaction.atomic
def roll_key(
    api_key: ApiKey, *, actor, grace: datetime.timedelta
) -> tuple[ApiKey, str]:
    """Issue a replacement for `api_key` and let the old key expire after `grace`.

    The replacement keeps the name, environment and remaining lifetime of the old key,
    so both work during the grace period.
    """
    now = timezone.now()
    replacement, value = issue_key(
        organization=api_key.organization,
        created_by=actor,
        name=api_key.name,
        environment=api_key.environment,
        expires_at=_replacement_expiry(api_key, now),
    )
    old_expiry = now + grace
    if api_key.expires_at is None or api_key.expires_at > old_expiry:
        api_key.expires_at = old_expiry
    api_key.replaced_by = replacement
    api_key.save(update_fields=["expires_at", "replaced_by"])
    record(
        "apikey.rolled",
        actor=actor,
        api_key=api_key,
        replaced_by=replacement.public_id,
        grace_seconds=int(grace.total_seconds()),
    )
    return replacement, value


def _replacement_expiry(api_key: ApiKey, now):
    """Give the replacement as long a lifetime as the old key was issued with."""
    if api_key.expires_at is None:
        return None
    try:
        return now + (api_key.expires_at - api_key.created_at)
    except OverflowError:
        # The lifetime runs past year 9999, so the old key's distant expiry is kept.
        return api_key.expires_at

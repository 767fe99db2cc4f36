import datetime

from django.conf import settings
from django.db import models
from django.utils import timezone

from apikeys import tokens
from organizations.models import Environment
from organizations.tenancy import TenantManager, TenantModel, TenantQuerySet

# A key that expires within this window is shown as "expiring".
EXPIRING_SOON = datetime.timedelta(days=7)


class ApiKeyQuerySet(TenantQuerySet):
    def not_revoked(self):
        return self.filter(revoked_at__isnull=True)

    def live(self, now=None):
        """Keys that authenticate requests at `now`: not revoked and not expired."""
        now = now or timezone.now()
        return self.not_revoked().filter(
            models.Q(expires_at__isnull=True) | models.Q(expires_at__gt=now)
        )


class ApiKey(TenantModel):
    """A credential for the Nectar API; only an HMAC of its value is stored."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRING = "expiring", "Expiring soon"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    name = models.CharField(max_length=100)
    environment = models.CharField(max_length=16, choices=Environment.choices)
    # Finds the row from a presented key. It is unique across organizations because
    # the lookup happens before the organization is known.
    public_id = models.CharField(max_length=tokens.PUBLIC_ID_LENGTH, unique=True)
    secret_hash = models.CharField(max_length=64)
    # The key's last characters (part of its checksum), shown in the masked key.
    last_characters = models.CharField(max_length=4)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(default=timezone.now)
    expires_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)
    replaced_by = models.ForeignKey(
        "self", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )

    objects = TenantManager.from_queryset(ApiKeyQuerySet)()

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "revoked_at", "-created_at"]),
            models.Index(fields=["organization", "name"]),
        ]

    def __str__(self):
        return self.name

    @property
    def masked_value(self) -> str:
        prefix = tokens.environment_prefix(self.environment)
        return f"{prefix}{self.public_id[:4]}…{self.last_characters}"

    def status(self, now=None) -> str:
        now = now or timezone.now()
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at is None:
            return self.Status.ACTIVE
        if self.expires_at <= now:
            return self.Status.EXPIRED
        if self.expires_at - now <= EXPIRING_SOON:
            return self.Status.EXPIRING
        return self.Status.ACTIVE

    @property
    def current_status(self) -> str:
        return self.status()

    def is_live(self, now=None) -> bool:
        return self.status(now) in (self.Status.ACTIVE, self.Status.EXPIRING)


class AuditEvent(TenantModel):
    """A record of an action on the organization's API keys, without any secret."""

    action = models.CharField(max_length=64)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    api_key = models.ForeignKey(
        ApiKey, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    details = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["organization", "-created_at"])]

    def __str__(self):
        return f"{self.action} at {self.created_at:%Y-%m-%d %H:%M}"

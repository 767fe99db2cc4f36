import hashlib
import secrets
from datetime import timedelta

from django.conf import settings
from django.core import signing
from django.db import models
from django.utils import timezone

from branding.theme import Theme
from branding.validators import COMPANY_NAME_MAX_LENGTH, LOGO_URL_MAX_LENGTH
from organizations.models import CompanyOwnedModel
from organizations.tenancy import TenantModel, unscoped


class Branding(TenantModel):
    """White-label values of one organization, shown on its public magic-link pages."""

    company_name = models.CharField(max_length=COMPANY_NAME_MAX_LENGTH)
    # Upper-case #RRGGBB; branding.validators normalises what admins type.
    brand_color = models.CharField(max_length=7)
    logo_url = models.CharField(max_length=LOGO_URL_MAX_LENGTH, blank=True)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], name="branding_one_per_organization"
            ),
            # Public pages put the color into a <style> element, where HTML escaping
            # does not apply, so only the normalised form may reach the table.
            models.CheckConstraint(
                condition=models.Q(brand_color__regex=r"^#[0-9A-F]{6}$"),
                name="branding_color_is_normalised_hex",
            ),
            models.CheckConstraint(
                condition=models.Q(logo_url="")
                | models.Q(logo_url__startswith="https://"),
                name="branding_logo_url_is_https",
            ),
        ]

    def __str__(self):
        return self.company_name

    @property
    def theme(self) -> Theme:
        return Theme(
            name=self.company_name, color=self.brand_color, logo_url=self.logo_url
        )


# The salt keeps magic-link signatures from validating any other signed value.
_SIGNER_SALT = "branding.magic-link"
_TOKEN_SEPARATOR = "."


def _signer() -> signing.Signer:
    return signing.Signer(salt=_SIGNER_SALT, sep=_TOKEN_SEPARATOR)


def _digest(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


class MagicLink(CompanyOwnedModel):
    """A signed public link that lets an end client connect or re-enter a login.

    Only a SHA-256 digest of the random key is stored, so the full URL is shown once,
    in the response that creates the link.
    """

    class Kind(models.TextChoices):
        COMPANY = "company", "New connection"
        CONNECTION_UPDATE = "connection_update", "Update credentials"

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        EXPIRED = "expired", "Expired"
        REVOKED = "revoked", "Revoked"

    kind = models.CharField(max_length=24, choices=Kind.choices)
    connection = models.ForeignKey(
        "repository.Connection",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="+",
        help_text="Connection whose credentials an update link replaces.",
    )
    key_digest = models.CharField(max_length=64, unique=True, editable=False)
    # The first characters of the key, so admins can tell links apart.
    key_prefix = models.CharField(max_length=8, editable=False)
    expires_at = models.DateTimeField()
    revoked_at = models.DateTimeField(null=True, blank=True)
    last_used_at = models.DateTimeField(null=True, blank=True)
    use_count = models.PositiveIntegerField(default=0)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [
            models.Index(fields=["organization", "company", "-created_at"]),
            models.Index(fields=["organization", "connection"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(kind="company", connection__isnull=True)
                    | models.Q(kind="connection_update", connection__isnull=False)
                ),
                name="magic_link_connection_matches_kind",
            )
        ]

    def __str__(self):
        return f"{self.get_kind_display()} link {self.key_prefix}… for {self.company}"

    @classmethod
    def issue(cls, *, company, days, created_by, connection=None):
        """Create a link valid for `days` days and return it with its URL token."""
        key = secrets.token_urlsafe(32)
        link = cls.objects.create(
            organization_id=company.organization_id,
            company=company,
            connection=connection,
            kind=cls.Kind.CONNECTION_UPDATE if connection else cls.Kind.COMPANY,
            key_digest=_digest(key),
            key_prefix=key[:8],
            expires_at=timezone.now() + timedelta(days=days),
            created_by=created_by,
        )
        return link, _signer().sign(key)

    @classmethod
    def from_token(cls, token: str):
        """Return the link of a URL token, or None for an unknown or tampered one.

        The lookup crosses organizations because the visitor has no login: the token
        alone identifies the link and, through it, the organization.
        """
        try:
            key = _signer().unsign(token)
        except signing.BadSignature:
            return None
        with unscoped():
            return (
                cls.objects.select_related("organization", "company", "connection")
                .filter(key_digest=_digest(key))
                .first()
            )

    @property
    def status(self) -> str:
        if self.revoked_at is not None:
            return self.Status.REVOKED
        if self.expires_at <= timezone.now():
            return self.Status.EXPIRED
        return self.Status.ACTIVE

    def get_status_display(self) -> str:
        return self.Status(self.status).label

    @property
    def is_usable(self) -> bool:
        return self.status == self.Status.ACTIVE

    def revoke(self) -> None:
        if self.revoked_at is None:
            self.revoked_at = timezone.now()
            self.save(update_fields=["revoked_at"])

    def record_use(self) -> None:
        self.last_used_at = timezone.now()
        self.use_count = models.F("use_count") + 1
        self.save(update_fields=["last_used_at", "use_count"])
        self.refresh_from_db(fields=["use_count"])

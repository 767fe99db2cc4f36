import secrets

from django.conf import settings
from django.db import models

from organizations.tenancy import TenantModel


class Environment(models.TextChoices):
    SANDBOX = "sandbox", "Sandbox"
    PRODUCTION = "production", "Production"


class Organization(models.Model):
    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60, unique=True)
    billing_email = models.EmailField(blank=True)
    developer_docs_enabled = models.BooleanField(default=False)
    native_api_enabled = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name

    @property
    def api_enabled(self) -> bool:
        """True where the API keys page and the API exist for this organization."""
        return self.developer_docs_enabled and self.native_api_enabled


class Membership(models.Model):
    class Role(models.TextChoices):
        ADMIN = "admin", "Org Admin"
        MEMBER = "member", "Member"

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=16, choices=Role.choices, default=Role.MEMBER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization"], name="membership_unique_user_org"
            )
        ]

    def __str__(self):
        return f"{self.user} in {self.organization} ({self.role})"

    @property
    def is_admin(self) -> bool:
        return self.role == self.Role.ADMIN


def _new_public_id() -> str:
    return secrets.token_urlsafe(12)


class Company(TenantModel):
    """A client of the organization. A sandbox company contains test data only."""

    name = models.CharField(max_length=200)
    environment = models.CharField(
        max_length=16, choices=Environment.choices, default=Environment.PRODUCTION
    )
    # Identifies the company on public magic-link pages instead of the numeric key.
    public_id = models.CharField(max_length=32, unique=True, default=_new_public_id)
    # The client's own reference for this company, for API integrations.
    external_id = models.CharField(max_length=120, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "companies"
        indexes = [models.Index(fields=["organization", "name"])]

    def __str__(self):
        return self.name


class CompanyOwnedModel(TenantModel):
    """A tenant row that also belongs to one company of its organization."""

    company = models.ForeignKey(Company, on_delete=models.CASCADE, related_name="+")

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if self.organization_id is None and self.company_id is not None:
            self.organization_id = self.company.organization_id
        super().save(*args, **kwargs)

from django.db import models

from organizations.models import CompanyOwnedModel


class UtilityType(models.TextChoices):
    ELECTRICITY = "electricity", "Electricity"
    GAS = "gas", "Gas"
    WATER = "water", "Water"
    WASTE = "waste", "Waste"
    FUEL = "fuel", "Fuel"
    SOLAR = "solar", "Solar"
    DISTRICT = "district", "District energy"


class Site(CompanyOwnedModel):
    name = models.CharField(max_length=200)
    street = models.CharField(max_length=200, blank=True)
    city = models.CharField(max_length=120, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, default="US", help_text="ISO 3166 code")

    class Meta:
        ordering = ["name"]
        indexes = [models.Index(fields=["organization", "company", "name"])]

    def __str__(self):
        return self.name

    @property
    def address(self) -> str:
        parts = [self.street, f"{self.city} {self.postal_code}".strip(), self.country]
        return ", ".join(part for part in parts if part)


class Connection(CompanyOwnedModel):
    """A login to a utility provider's web portal, from which bills are collected."""

    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        PENDING = "pending", "Pending"
        ERROR = "error", "Error"
        DISCONNECTED = "disconnected", "Disconnected"

    class CreatedVia(models.TextChoices):
        DASHBOARD = "dashboard", "Dashboard"
        MAGIC_LINK = "magic_link", "Magic link"
        API = "api", "API"

    provider_name = models.CharField(max_length=200)
    provider_url = models.URLField(max_length=500, blank=True)
    username = models.CharField(max_length=200)
    # Portal password, Fernet-encrypted with settings.FIELD_ENCRYPTION_KEY.
    encrypted_password = models.BinaryField(blank=True, editable=False, default=b"")
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PENDING
    )
    created_via = models.CharField(
        max_length=16, choices=CreatedVia.choices, default=CreatedVia.DASHBOARD
    )
    last_synced_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["provider_name", "username"]
        indexes = [
            models.Index(fields=["organization", "company", "status"]),
            models.Index(fields=["organization", "status"]),
            models.Index(fields=["organization", "provider_name"]),
        ]

    def __str__(self):
        return f"{self.provider_name} ({self.username})"


class Account(CompanyOwnedModel):
    class Status(models.TextChoices):
        ACTIVE = "active", "Active"
        INACTIVE = "inactive", "Inactive"
        CLOSED = "closed", "Closed"

    connection = models.ForeignKey(
        Connection, on_delete=models.CASCADE, related_name="accounts"
    )
    account_number = models.CharField(max_length=64)
    utility_type = models.CharField(max_length=16, choices=UtilityType.choices)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.ACTIVE
    )
    tracked = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["account_number"]
        indexes = [
            models.Index(fields=["organization", "company", "utility_type"]),
            models.Index(fields=["organization", "account_number"]),
            models.Index(fields=["organization", "connection"]),
        ]

    def __str__(self):
        return self.account_number


class Meter(CompanyOwnedModel):
    account = models.ForeignKey(
        Account, on_delete=models.CASCADE, related_name="meters"
    )
    site = models.ForeignKey(
        Site, on_delete=models.PROTECT, related_name="meters", null=True, blank=True
    )
    meter_number = models.CharField(max_length=64)
    utility_type = models.CharField(max_length=16, choices=UtilityType.choices)
    tracked = models.BooleanField(default=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["meter_number"]
        indexes = [
            models.Index(fields=["organization", "company", "utility_type"]),
            models.Index(fields=["organization", "meter_number"]),
            models.Index(fields=["organization", "site"]),
            models.Index(fields=["organization", "tracked"]),
        ]

    def __str__(self):
        return self.meter_number


class Bill(CompanyOwnedModel):
    """A processed utility statement for one account, and one meter where known."""

    class Status(models.TextChoices):
        PROCESSED = "processed", "Processed"
        PENDING = "pending", "Pending"
        HAS_ISSUES = "has_issues", "Has issues"

    class Source(models.TextChoices):
        CONNECTION = "connection", "Connection"
        UPLOAD = "upload", "Upload"
        MANUAL = "manual", "Manual"

    account = models.ForeignKey(Account, on_delete=models.CASCADE, related_name="bills")
    meter = models.ForeignKey(
        Meter, on_delete=models.SET_NULL, related_name="bills", null=True, blank=True
    )
    connection = models.ForeignKey(
        Connection,
        on_delete=models.SET_NULL,
        related_name="bills",
        null=True,
        blank=True,
        help_text="Connection the bill was collected from, when its source is one.",
    )
    # Copied from the account so bill lists filter without a join.
    utility_type = models.CharField(max_length=16, choices=UtilityType.choices)
    period_start = models.DateField()
    period_end = models.DateField()
    statement_date = models.DateField()
    total_charges = models.DecimalField(max_digits=14, decimal_places=2)
    currency = models.CharField(max_length=3, default="USD")
    usage = models.DecimalField(max_digits=16, decimal_places=3, null=True, blank=True)
    usage_unit = models.CharField(max_length=16, blank=True)
    status = models.CharField(
        max_length=16, choices=Status.choices, default=Status.PROCESSED
    )
    source = models.CharField(
        max_length=16, choices=Source.choices, default=Source.CONNECTION
    )
    created_at = models.DateTimeField(auto_now_add=True)
    processed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-statement_date", "-id"]
        indexes = [
            models.Index(fields=["organization", "-statement_date", "-id"]),
            models.Index(fields=["organization", "period_start", "period_end"]),
            models.Index(fields=["organization", "company", "-statement_date"]),
            models.Index(fields=["organization", "utility_type", "-statement_date"]),
            models.Index(fields=["organization", "status", "processed_at"]),
            models.Index(fields=["organization", "account", "-statement_date"]),
            models.Index(fields=["organization", "meter"]),
            models.Index(fields=["organization", "connection"]),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")),
                name="bill_period_end_after_start",
            )
        ]

    def __str__(self):
        return (
            f"{self.account} {self.period_start:%Y-%m-%d} to {self.period_end:%Y-%m-%d}"
        )

    @property
    def period_days(self) -> int:
        """Days in the billing period, counting both its first and last day."""
        return (self.period_end - self.period_start).days + 1

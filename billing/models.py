"""Local mirror of each organization's Stripe billing objects.

The Billing page renders from these rows and never calls Stripe on a page view.
Webhooks and `manage.py sync_stripe` keep them current. Every mirrored row stores
`snapshot_at`, the time of the Stripe state it holds: the event's `created` time for
webhooks, the fetch time for API reads. An update carrying an older snapshot is
ignored, so events delivered out of order never overwrite newer state.
"""

from django.db import models

from billing.periods import period_dates
from organizations.tenancy import TenantModel


class MirroredModel(TenantModel):
    stripe_id = models.CharField(max_length=255, unique=True)
    snapshot_at = models.DateTimeField(
        help_text="Time of the Stripe state this row holds."
    )

    class Meta:
        abstract = True


class StripeCustomer(MirroredModel):
    """The organization's Stripe customer, at most one per organization."""

    name = models.CharField(max_length=255, blank=True)
    email = models.EmailField(blank=True)
    address_line1 = models.CharField(max_length=255, blank=True)
    address_line2 = models.CharField(max_length=255, blank=True)
    city = models.CharField(max_length=120, blank=True)
    state = models.CharField(max_length=120, blank=True)
    postal_code = models.CharField(max_length=20, blank=True)
    country = models.CharField(max_length=2, blank=True)
    default_payment_method_id = models.CharField(max_length=255, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["organization"], name="stripecustomer_one_per_organization"
            )
        ]

    def __str__(self):
        return self.stripe_id

    @property
    def address_lines(self) -> list[str]:
        # US order, "San Francisco, CA 94105", which suits most of Nectar's customers.
        region = " ".join(part for part in (self.state, self.postal_code) if part)
        locality = ", ".join(part for part in (self.city, region) if part)
        parts = [self.address_line1, self.address_line2, locality, self.country]
        return [part for part in parts if part]


class PaymentMethod(MirroredModel):
    customer_stripe_id = models.CharField(max_length=255)
    type = models.CharField(max_length=32, default="card")
    brand = models.CharField(max_length=32, blank=True)
    last4 = models.CharField(max_length=4, blank=True)
    exp_month = models.PositiveSmallIntegerField(null=True, blank=True)
    exp_year = models.PositiveSmallIntegerField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["organization", "customer_stripe_id"])]

    def __str__(self):
        return f"{self.brand} •••• {self.last4}"


class Subscription(MirroredModel):
    class Status(models.TextChoices):
        INCOMPLETE = "incomplete", "Incomplete"
        INCOMPLETE_EXPIRED = "incomplete_expired", "Incomplete, expired"
        TRIALING = "trialing", "Trialing"
        ACTIVE = "active", "Active"
        PAST_DUE = "past_due", "Past due"
        CANCELED = "canceled", "Canceled"
        UNPAID = "unpaid", "Unpaid"
        PAUSED = "paused", "Paused"

    # Statuses under which the subscription still bills the organization.
    CURRENT_STATUSES = (Status.TRIALING, Status.ACTIVE, Status.PAST_DUE)

    customer_stripe_id = models.CharField(max_length=255)
    status = models.CharField(max_length=32, choices=Status.choices)
    product_name = models.CharField(max_length=255, blank=True)
    price_name = models.CharField(max_length=255, blank=True)
    currency = models.CharField(max_length=3, default="usd")
    # Licensed (flat) price of the plan in the currency's minor unit, and its count.
    unit_amount = models.BigIntegerField(null=True, blank=True)
    quantity = models.PositiveIntegerField(default=1)
    interval = models.CharField(max_length=16, blank=True)
    interval_count = models.PositiveSmallIntegerField(default=1)
    # Usage prices in minor units, from the subscription items whose price carries
    # metadata `nectar_usage`. None where the subscription has no such price.
    connection_unit_amount = models.BigIntegerField(null=True, blank=True)
    meter_unit_amount = models.BigIntegerField(null=True, blank=True)
    bill_unit_amount = models.BigIntegerField(null=True, blank=True)
    current_period_start = models.DateTimeField(null=True, blank=True)
    current_period_end = models.DateTimeField(null=True, blank=True)
    cancel_at_period_end = models.BooleanField(default=False)
    trial_end = models.DateTimeField(null=True, blank=True)
    default_payment_method_id = models.CharField(max_length=255, blank=True)
    created = models.DateTimeField()

    class Meta:
        indexes = [models.Index(fields=["organization", "status", "-created"])]

    def __str__(self):
        return f"{self.stripe_id} ({self.status})"

    @property
    def is_current(self) -> bool:
        return self.status in self.CURRENT_STATUSES


class Invoice(MirroredModel):
    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        OPEN = "open", "Open"
        PAID = "paid", "Paid"
        UNCOLLECTIBLE = "uncollectible", "Uncollectible"
        VOID = "void", "Void"

    customer_stripe_id = models.CharField(max_length=255)
    subscription_stripe_id = models.CharField(max_length=255, blank=True)
    number = models.CharField(max_length=64, blank=True)
    status = models.CharField(max_length=16, choices=Status.choices)
    currency = models.CharField(max_length=3)
    # Amounts in the currency's minor unit, as Stripe sends them.
    subtotal = models.BigIntegerField(default=0)
    tax = models.BigIntegerField(default=0)
    total = models.BigIntegerField(default=0)
    amount_due = models.BigIntegerField(default=0)
    period_start = models.DateTimeField()
    period_end = models.DateTimeField()
    created = models.DateTimeField()
    hosted_invoice_url = models.URLField(max_length=1000, blank=True)
    invoice_pdf = models.URLField(max_length=1000, blank=True)

    class Meta:
        ordering = ["-created", "-id"]
        indexes = [models.Index(fields=["organization", "-created", "-id"])]

    def __str__(self):
        return self.number or self.stripe_id

    @property
    def period_last_day(self):
        """The last day the period covers; Stripe's `period_end` is exclusive."""
        return period_dates(self.period_start, self.period_end)[1]


class StripeEvent(models.Model):
    """A Stripe webhook event that was received and processed once.

    Not a TenantModel: events belong to the platform's Stripe account, and an event
    may name a customer that no organization owns. `organization` is set where the
    event could be matched to one.
    """

    stripe_id = models.CharField(max_length=255, unique=True)
    type = models.CharField(max_length=100)
    created = models.DateTimeField(help_text="When Stripe created the event.")
    received_at = models.DateTimeField(auto_now_add=True)
    organization = models.ForeignKey(
        "organizations.Organization",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    class Meta:
        indexes = [models.Index(fields=["organization", "-created"])]

    def __str__(self):
        return f"{self.stripe_id} ({self.type})"

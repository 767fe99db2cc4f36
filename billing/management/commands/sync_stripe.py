import stripe
from django.core.management.base import BaseCommand, CommandError

from billing import stripe_api
from billing.models import StripeCustomer
from billing.sync import sync_organization
from organizations.models import Organization
from organizations.tenancy import activate, unscoped


class Command(BaseCommand):
    help = (
        "Copy each organization's Stripe customer, payment methods, subscriptions "
        "and invoices into the local billing mirror."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--org",
            metavar="SLUG",
            help="Sync only the organization with this slug (default: every "
            "organization that has a Stripe customer).",
        )

    def handle(self, *args, org=None, **options):
        if not stripe_api.is_configured():
            raise CommandError("STRIPE_SECRET_KEY is not set; nothing to sync.")
        failures = 0
        for organization in self._organizations(org):
            failures += not self._sync_one(organization)
        if failures:
            raise CommandError(f"{failures} organization(s) failed to sync.")

    def _organizations(self, slug):
        if slug is not None:
            organization = Organization.objects.filter(slug=slug).first()
            if organization is None:
                raise CommandError(f"No organization has the slug {slug!r}.")
            return [organization]
        # The command serves every organization, so it reads customers unscoped.
        with unscoped():
            ids = StripeCustomer.objects.values_list("organization_id", flat=True)
            return list(Organization.objects.filter(pk__in=list(ids)))

    def _sync_one(self, organization) -> bool:
        try:
            with activate(organization):
                counts = sync_organization(organization)
        except stripe.StripeError as error:
            self.stderr.write(
                f"{organization.slug}: sync failed: {type(error).__name__}: {error}"
            )
            return False
        if not counts:
            self.stdout.write(f"{organization.slug}: no Stripe customer, skipped")
            return True
        summary = ", ".join(f"{count} {kind}" for kind, count in counts.items())
        self.stdout.write(f"{organization.slug}: synced {summary}")
        return True

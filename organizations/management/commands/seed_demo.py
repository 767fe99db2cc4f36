from django.core.management.base import BaseCommand
from django.db import transaction

from organizations.demo import DEMO_LOGINS, DEMO_PASSWORD, seed_demo
from organizations.tenancy import unscoped


class Command(BaseCommand):
    help = "Create the demo organizations, logins and utility portfolio (idempotent)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--companies", type=int, default=12, help="Companies in the demo org."
        )
        parser.add_argument(
            "--months", type=int, default=24, help="Months of bills per meter."
        )

    def handle(self, *args, companies, months, **options):
        if companies < 2 or months < 1:
            self.stderr.write("--companies must be at least 2 and --months at least 1")
            raise SystemExit(2)

        # Seeding writes rows of several organizations, so it runs unscoped.
        with unscoped(), transaction.atomic():
            summary = seed_demo(companies=companies, months=months)

        demo, other, second = summary["organizations"]
        self.stdout.write(
            f"Demo organization {demo.name}: {summary['companies']} companies, "
            f"{summary['bills']} bills."
        )
        self.stdout.write("Demo logins (password for all: " + DEMO_PASSWORD + "):")
        logins = [
            (
                f"Org Admin of {demo.name} and {second.name}:",
                DEMO_LOGINS["admin"],
            ),
            (f"Member of {demo.name}:", DEMO_LOGINS["member"]),
            (f"Org Admin of {other.name}:", DEMO_LOGINS["other_admin"]),
        ]
        width = max(len(role) for role, _ in logins)
        for role, username in logins:
            self.stdout.write(f"  {role:<{width}} {username}")

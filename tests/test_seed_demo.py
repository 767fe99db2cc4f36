import io

from django.core.management import call_command
from django.db.models import Count, F
from django.utils import timezone

from billing.models import Invoice, StripeCustomer, Subscription
from branding.models import Branding
from organizations.models import Company, Environment, Membership, Organization
from repository.models import Bill, Connection, Meter, UtilityType


def _seed(**sizes):
    call_command("seed_demo", stdout=io.StringIO(), **sizes)


def test_seed_demo_creates_both_organizations_and_logins(db):
    _seed(companies=3, months=6)

    demo = Organization.objects.get(slug="demo")
    other = Organization.objects.get(slug="globex")
    roles = dict(
        Membership.objects.filter(organization=demo).values_list(
            "user__username", "role"
        )
    )
    assert roles == {"demo-admin": "admin", "demo-member": "member"}
    assert Membership.objects.get(user__username="globex-admin").organization == other
    admin_orgs = Membership.objects.filter(user__username="demo-admin", role="admin")
    assert set(admin_orgs.values_list("organization__slug", flat=True)) == {
        "demo",
        "harbor-lane",
    }
    assert not Membership.objects.filter(
        user__username="demo-admin", organization=other
    ).exists()
    assert demo.api_enabled


def test_seed_demo_sizes_and_one_sandbox_company(db):
    _seed(companies=4, months=6)

    companies = Company.objects.filter(organization__slug="demo")
    assert companies.count() == 4
    assert companies.filter(environment=Environment.SANDBOX).count() == 1
    meters = Meter.objects.filter(organization__slug="demo").count()
    assert Bill.objects.filter(organization__slug="demo").count() == meters * 6


def test_seed_demo_is_idempotent(db):
    _seed(companies=3, months=3)
    counts = (Company.objects.count(), Bill.objects.count(), Connection.objects.count())

    _seed(companies=3, months=3)

    assert (
        Company.objects.count(),
        Bill.objects.count(),
        Connection.objects.count(),
    ) == counts


def test_seed_demo_rows_stay_in_their_company(db):
    _seed(companies=3, months=2)

    for bill in Bill.objects.select_related("account", "meter", "connection"):
        assert bill.account.company_id == bill.company_id
        assert bill.meter.company_id == bill.company_id
        assert bill.connection.company_id == bill.company_id
        assert bill.organization_id == bill.account.organization_id


def test_seed_demo_gas_usage_peaks_in_winter(db):
    _seed(companies=3, months=12)

    gas = Bill.objects.filter(utility_type=UtilityType.GAS, organization__slug="demo")
    winter = [b.usage for b in gas if b.period_start.month in (12, 1, 2)]
    summer = [b.usage for b in gas if b.period_start.month in (6, 7, 8)]
    assert sum(winter) / len(winter) > 2 * sum(summer) / len(summer)


def test_seed_demo_has_no_statement_in_the_future(db):
    _seed(companies=3, months=3)

    today = timezone.now().date()
    assert not Bill.objects.filter(statement_date__gt=today).exists()
    assert not Bill.objects.filter(statement_date__lt=F("period_end")).exists()


def test_seed_demo_shares_one_login_per_provider(db):
    _seed(companies=3, months=1)

    duplicates = (
        Connection.objects.values("company", "provider_name")
        .annotate(logins=Count("id"))
        .filter(logins__gt=1)
    )
    assert not duplicates.exists()


def test_seed_demo_mirrors_billing_for_the_demo_org(db):
    _seed(companies=2, months=2)
    _seed(companies=2, months=2)

    demo = Organization.objects.get(slug="demo")
    assert StripeCustomer.objects.filter(organization=demo).count() == 1
    assert Subscription.objects.filter(organization=demo).count() == 1
    assert Invoice.objects.filter(organization=demo).count() == 12


def test_seed_demo_brands_the_demo_org(db):
    _seed(companies=2, months=1)

    branding = Branding.objects.get(organization__slug="demo")
    assert branding.company_name == "Verdant Energy"
    assert branding.brand_color == "#0F766E"
    assert not Branding.objects.filter(organization__slug="globex").exists()

"""Build the demo portfolio: two organizations, their logins and utility data.

The data is generated from a seeded random number generator, so every run with the
same sizes produces the same portfolio. Usage and charges follow each utility type's
seasonal profile and a plausible US tariff.
"""

import datetime
import math
import random
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.utils import timezone

from billing.demo import seed_billing
from branding.models import Branding
from organizations.models import Company, Environment, Membership, Organization
from repository.models import Account, Bill, Connection, Meter, Site, UtilityType

DEMO_PASSWORD = "nectar-demo"
DEMO_LOGINS = {
    "admin": "demo-admin",
    "member": "demo-member",
    "other_admin": "globex-admin",
}


@dataclass(frozen=True)
class Region:
    city: str
    state: str
    postal_codes: tuple[str, ...]
    streets: tuple[str, ...]
    electric: tuple[str, str]
    gas: tuple[str, str]
    water: tuple[str, str]


REGIONS = (
    Region(
        "New York",
        "NY",
        ("10001", "10016", "10022", "10036"),
        ("Madison Avenue", "West 34th Street", "Lexington Avenue", "Broadway"),
        ("Con Edison", "https://www.coned.com/"),
        ("Con Edison", "https://www.coned.com/"),
        ("NYC Water Board", "https://www.nyc.gov/site/nycwaterboard/"),
    ),
    Region(
        "San Francisco",
        "CA",
        ("94103", "94105", "94107", "94111"),
        ("Market Street", "Mission Street", "Howard Street", "Battery Street"),
        ("Pacific Gas and Electric", "https://www.pge.com/"),
        ("Pacific Gas and Electric", "https://www.pge.com/"),
        ("San Francisco Public Utilities Commission", "https://www.sfpuc.gov/"),
    ),
    Region(
        "Charlotte",
        "NC",
        ("28202", "28203", "28204", "28209"),
        ("South Tryon Street", "East Morehead Street", "Park Road", "Providence Road"),
        ("Duke Energy", "https://www.duke-energy.com/"),
        ("Piedmont Natural Gas", "https://www.piedmontng.com/"),
        ("Charlotte Water", "https://www.charlottenc.gov/Water"),
    ),
    Region(
        "Chicago",
        "IL",
        ("60601", "60606", "60611", "60654"),
        (
            "North Michigan Avenue",
            "West Wacker Drive",
            "North Clark Street",
            "West Madison Street",
        ),
        ("ComEd", "https://www.comed.com/"),
        ("Peoples Gas", "https://www.peoplesgasdelivery.com/"),
        (
            "City of Chicago Department of Water Management",
            "https://www.chicago.gov/city/en/depts/water.html",
        ),
    ),
    Region(
        "Atlanta",
        "GA",
        ("30303", "30308", "30309", "30326"),
        (
            "Peachtree Street NE",
            "Spring Street NW",
            "West Peachtree Street",
            "Piedmont Road NE",
        ),
        ("Georgia Power", "https://www.georgiapower.com/"),
        ("Atlanta Gas Light", "https://www.atlantagaslight.com/"),
        (
            "Atlanta Department of Watershed Management",
            "https://www.atlantawatershed.org/",
        ),
    ),
    Region(
        "Miami",
        "FL",
        ("33130", "33131", "33132", "33137"),
        ("Brickell Avenue", "Biscayne Boulevard", "SW 8th Street", "NE 2nd Avenue"),
        ("Florida Power & Light", "https://www.fpl.com/"),
        ("TECO Peoples Gas", "https://www.peoplesgas.com/"),
        ("Miami-Dade Water and Sewer", "https://www.miamidade.gov/water/"),
    ),
    Region(
        "Denver",
        "CO",
        ("80202", "80203", "80205", "80216"),
        ("17th Street", "Larimer Street", "Colfax Avenue", "Blake Street"),
        ("Xcel Energy", "https://www.xcelenergy.com/"),
        ("Xcel Energy", "https://www.xcelenergy.com/"),
        ("Denver Water", "https://www.denverwater.org/"),
    ),
    Region(
        "Boston",
        "MA",
        ("02108", "02110", "02116", "02210"),
        ("Boylston Street", "Congress Street", "Summer Street", "Atlantic Avenue"),
        ("Eversource", "https://www.eversource.com/"),
        ("National Grid", "https://www.nationalgridus.com/"),
        ("Boston Water and Sewer Commission", "https://www.bwsc.org/"),
    ),
    Region(
        "Los Angeles",
        "CA",
        ("90012", "90017", "90071", "90021"),
        (
            "Wilshire Boulevard",
            "South Figueroa Street",
            "West 7th Street",
            "South Alameda Street",
        ),
        ("Southern California Edison", "https://www.sce.com/"),
        ("SoCalGas", "https://www.socalgas.com/"),
        ("Los Angeles Department of Water and Power", "https://www.ladwp.com/"),
    ),
    Region(
        "Austin",
        "TX",
        ("78701", "78702", "78704", "78758"),
        ("Congress Avenue", "East 6th Street", "South Lamar Boulevard", "Burnet Road"),
        ("Austin Energy", "https://austinenergy.com/"),
        ("Texas Gas Service", "https://www.texasgasservice.com/"),
        ("Austin Water", "https://www.austintexas.gov/department/water"),
    ),
    Region(
        "Newark",
        "NJ",
        ("07102", "07103", "07105", "07114"),
        ("Broad Street", "Market Street", "Ferry Street", "McCarter Highway"),
        ("PSE&G", "https://nj.pseg.com/"),
        ("PSE&G", "https://nj.pseg.com/"),
        (
            "Newark Department of Water and Sewer Utilities",
            "https://www.newarknj.gov/departments/waterandsewer",
        ),
    ),
    Region(
        "Richmond",
        "VA",
        ("23219", "23220", "23224", "23230"),
        ("East Main Street", "West Broad Street", "Hull Street", "Staples Mill Road"),
        ("Dominion Energy", "https://www.dominionenergy.com/"),
        ("Richmond Gas Works", "https://www.rva.gov/public-utilities"),
        (
            "Richmond Department of Public Utilities",
            "https://www.rva.gov/public-utilities",
        ),
    ),
)

DEMO_COMPANIES = (
    "Harborview Properties",
    "Summit Retail Group",
    "Cedar Ridge Hospitals",
    "Northwind Logistics",
    "Brightline Schools",
    "Keystone Office Trust",
    "Lakeshore Hotels",
    "Redwood Data Centers",
    "Maple Street Grocers",
    "Ironbridge Manufacturing",
    "Bluewater Apartments",
    "Granite Peak Fitness",
    "Sunrise Senior Living",
    "Pioneer Cold Storage",
    "Crescent Labs",
)
SANDBOX_COMPANY = "Acme Test Company (sandbox)"
SITE_KINDS = (
    "Headquarters",
    "Distribution Center",
    "Store",
    "Campus",
    "Tower",
    "Warehouse",
    "Clinic",
    "Plant",
)
OTHER_ORG_COMPANIES = ("Globex Manufacturing", "Globex Retail")
# A second organization of the demo admin, so the organization switcher has a use.
SECOND_ORG_COMPANIES = ("Birchwood Clinics", "Old Mill Breweries")

# Monthly base usage, unit, price per unit in USD, fixed monthly charge, and how much
# of the usage follows the season (positive peaks in summer, negative in winter).
PROFILES = {
    UtilityType.ELECTRICITY: (42000, "kWh", Decimal("0.1650"), Decimal("35.00"), 0.25),
    UtilityType.GAS: (2400, "therms", Decimal("1.1200"), Decimal("22.00"), -0.60),
    UtilityType.WATER: (180, "kgal", Decimal("11.4000"), Decimal("18.00"), 0.20),
    UtilityType.WASTE: (14, "tons", Decimal("95.0000"), Decimal("60.00"), 0.0),
    UtilityType.FUEL: (900, "gal", Decimal("3.9000"), Decimal("0.00"), -0.40),
    UtilityType.SOLAR: (9000, "kWh", Decimal("0.0000"), Decimal("12.00"), 0.55),
    UtilityType.DISTRICT: (520, "MMBtu", Decimal("24.5000"), Decimal("150.00"), -0.50),
}
EXTRA_UTILITIES = {
    UtilityType.WASTE: ("Republic Services", "https://www.republicservices.com/"),
    UtilityType.FUEL: ("Ferrellgas", "https://www.ferrellgas.com/"),
    UtilityType.SOLAR: ("SunPower Monitoring", "https://monitor.sunpower.com/"),
    UtilityType.DISTRICT: ("Vicinity Energy", "https://www.vicinityenergy.us/"),
}


def _month_start(day: datetime.date, months_back: int) -> datetime.date:
    index = day.year * 12 + day.month - 1 - months_back
    return datetime.date(index // 12, index % 12 + 1, 1)


def _month_end(start: datetime.date) -> datetime.date:
    return _month_start(start, -1) - datetime.timedelta(days=1)


class PortfolioBuilder:
    """Create one organization's companies, sites, connections, meters and bills."""

    def __init__(self, organization: Organization, rng: random.Random, months: int):
        self.organization = organization
        self.rng = rng
        self.months = months
        self.today = timezone.now().date()
        self.bills: list[Bill] = []

    def build_company(self, name: str, environment: str, region: Region) -> Company:
        company = Company.objects.create(
            organization=self.organization,
            name=name,
            environment=environment,
            external_id=f"CRM-{self.rng.randint(10000, 99999)}",
        )
        sites = [
            self._site(company, region, index)
            for index in range(self.rng.randint(2, 4))
        ]
        extra = self.rng.choice(list(EXTRA_UTILITIES))
        providers = {
            UtilityType.ELECTRICITY: region.electric,
            UtilityType.GAS: region.gas,
            UtilityType.WATER: region.water,
            extra: EXTRA_UTILITIES[extra],
        }
        # A company logs in once per provider, even where the provider sells both
        # electricity and gas.
        logins: dict[str, Connection] = {}
        connections = {}
        for utility_type, (provider, url) in providers.items():
            if provider not in logins:
                logins[provider] = self._connection(company, provider, url)
            connections[utility_type] = logins[provider]

        for site in sites:
            for utility_type, connection in connections.items():
                if utility_type in (UtilityType.GAS, extra) and self.rng.random() < 0.3:
                    continue
                self._account_with_meters(company, connection, site, utility_type)
        return company

    def _site(self, company: Company, region: Region, index: int) -> Site:
        kind = self.rng.choice(SITE_KINDS)
        return Site.objects.create(
            organization=self.organization,
            company=company,
            name=f"{region.city} {kind} {index + 1}",
            street=f"{self.rng.randint(10, 2400)} {self.rng.choice(region.streets)}",
            city=f"{region.city}, {region.state}",
            postal_code=self.rng.choice(region.postal_codes),
            country="US",
        )

    def _connection(self, company: Company, provider: str, url: str) -> Connection:
        roll = self.rng.random()
        if roll < 0.8:
            status = Connection.Status.ACTIVE
        elif roll < 0.88:
            status = Connection.Status.PENDING
        elif roll < 0.95:
            status = Connection.Status.ERROR
        else:
            status = Connection.Status.DISCONNECTED
        slug = company.name.split()[0].lower()
        last_synced = None
        if status == Connection.Status.ACTIVE:
            last_synced = timezone.now() - datetime.timedelta(
                hours=self.rng.randint(1, 72)
            )
        return Connection.objects.create(
            organization=self.organization,
            company=company,
            provider_name=provider,
            provider_url=url,
            username=f"{slug}.energy{self.rng.randint(1, 99)}@example.com",
            status=status,
            created_via=self.rng.choice(list(Connection.CreatedVia)),
            last_synced_at=last_synced,
        )

    def _account_with_meters(self, company, connection, site, utility_type):
        account = Account.objects.create(
            organization=self.organization,
            company=company,
            connection=connection,
            account_number=f"{self.rng.randint(1000, 9999)}-"
            f"{self.rng.randint(100000, 999999)}-{self.rng.randint(1, 9)}",
            utility_type=utility_type,
            status=Account.Status.ACTIVE
            if self.rng.random() < 0.92
            else Account.Status.INACTIVE,
            tracked=self.rng.random() < 0.9,
        )
        for _ in range(1 if utility_type != UtilityType.ELECTRICITY else 2):
            meter = Meter.objects.create(
                organization=self.organization,
                company=company,
                account=account,
                site=site,
                meter_number=f"{utility_type[:1].upper()}"
                f"{self.rng.randint(10000000, 99999999)}",
                utility_type=utility_type,
                tracked=account.tracked and self.rng.random() < 0.95,
            )
            self._queue_bills(account, meter, connection)

    def _queue_bills(self, account, meter, connection):
        base, unit, rate, fixed, seasonality = PROFILES[account.utility_type]
        scale = self.rng.uniform(0.4, 1.8)
        for months_back in range(self.months, 0, -1):
            start = _month_start(self.today, months_back)
            end = _month_end(start)
            # Cosine of the month: 1 in July, -1 in January.
            season = math.cos((start.month - 7) / 12 * 2 * math.pi)
            usage = base * scale * (1 + seasonality * season)
            usage *= self.rng.uniform(0.92, 1.08)
            usage_value = Decimal(str(round(usage, 1)))
            total = (usage_value * rate + fixed).quantize(Decimal("0.01"))
            statement = min(
                end + datetime.timedelta(days=self.rng.randint(3, 12)), self.today
            )
            status = self._bill_status(months_back)
            self.bills.append(
                Bill(
                    organization=self.organization,
                    company=account.company,
                    account=account,
                    meter=meter,
                    connection=connection,
                    utility_type=account.utility_type,
                    period_start=start,
                    period_end=end,
                    statement_date=statement,
                    total_charges=total,
                    currency="USD",
                    usage=usage_value,
                    usage_unit=unit,
                    status=status,
                    source=self._bill_source(),
                    processed_at=self._processed_at(statement, status),
                )
            )

    def _bill_status(self, months_back: int) -> str:
        if months_back == 1 and self.rng.random() < 0.35:
            return Bill.Status.PENDING
        if self.rng.random() < 0.03:
            return Bill.Status.HAS_ISSUES
        return Bill.Status.PROCESSED

    def _bill_source(self) -> str:
        roll = self.rng.random()
        if roll < 0.85:
            return Bill.Source.CONNECTION
        return Bill.Source.UPLOAD if roll < 0.97 else Bill.Source.MANUAL

    def _processed_at(self, statement: datetime.date, status: str):
        if status != Bill.Status.PROCESSED:
            return None
        day = min(statement + datetime.timedelta(days=2), self.today)
        return datetime.datetime.combine(day, datetime.time(9), datetime.UTC)

    def save_bills(self):
        Bill.objects.bulk_create(self.bills, batch_size=2000)
        self.bills = []


def _user(username: str, first: str, last: str):
    user, created = get_user_model().objects.get_or_create(
        username=username,
        defaults={
            "first_name": first,
            "last_name": last,
            "email": f"{username}@example.com",
        },
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save()
    return user


def _organization(slug: str, name: str, **fields) -> Organization:
    organization, _ = Organization.objects.get_or_create(
        slug=slug, defaults={"name": name, **fields}
    )
    return organization


def _seed_small_organization(organization, names, rng, months, first_region):
    if Company.objects.filter(organization=organization).exists():
        return
    builder = PortfolioBuilder(organization, rng, min(months, 12))
    for index, name in enumerate(names):
        region = REGIONS[first_region + index]
        builder.build_company(name, Environment.PRODUCTION, region)
    builder.save_bills()


def seed_demo(companies: int = 12, months: int = 24, seed: int = 2026) -> dict:
    """Create the demo organizations once; return what exists afterwards.

    Must run inside `tenancy.unscoped()`. An organization that already has companies
    is left as it is, so running the command twice changes nothing.
    """
    rng = random.Random(seed)
    demo = _organization(
        "demo",
        "Verdant Energy Partners",
        billing_email="billing@verdant-energy.example.com",
        developer_docs_enabled=True,
        native_api_enabled=True,
    )
    other = _organization(
        "globex", "Globex Carbon", billing_email="finance@globex.example.com"
    )
    second = _organization(
        "harbor-lane",
        "Harbor Lane Consulting",
        billing_email="accounts@harbor-lane.example.com",
    )
    memberships = (
        (DEMO_LOGINS["admin"], "Dana", "Reyes", demo, Membership.Role.ADMIN),
        (DEMO_LOGINS["admin"], "Dana", "Reyes", second, Membership.Role.ADMIN),
        (DEMO_LOGINS["member"], "Morgan", "Lee", demo, Membership.Role.MEMBER),
        (DEMO_LOGINS["other_admin"], "Sam", "Okafor", other, Membership.Role.ADMIN),
    )
    for username, first, last, organization, role in memberships:
        Membership.objects.get_or_create(
            user=_user(username, first, last),
            organization=organization,
            defaults={"role": role},
        )

    if not Company.objects.filter(organization=demo).exists():
        builder = PortfolioBuilder(demo, rng, months)
        names = list(DEMO_COMPANIES)
        for index in range(max(companies - 1, 1)):
            name = names[index % len(names)]
            if index >= len(names):
                name = f"{name} {index // len(names) + 1}"
            builder.build_company(name, Environment.PRODUCTION, REGIONS[index % 12])
            builder.save_bills()
        builder.build_company(SANDBOX_COMPANY, Environment.SANDBOX, REGIONS[0])
        builder.save_bills()

    _seed_small_organization(other, OTHER_ORG_COMPANIES, rng, months, first_region=3)
    _seed_small_organization(second, SECOND_ORG_COMPANIES, rng, months, first_region=6)

    seed_billing(demo, months=12)
    # No logo: the demo runs offline, and a logo is an https URL on another host.
    Branding.objects.get_or_create(
        organization=demo,
        defaults={"company_name": "Verdant Energy", "brand_color": "#0F766E"},
    )

    return {
        "organizations": [demo, other, second],
        "companies": Company.objects.filter(organization=demo).count(),
        "bills": Bill.objects.filter(organization=demo).count(),
    }

import datetime
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model

from organizations.models import Company, Environment, Membership, Organization
from repository.models import Account, Bill, Connection, Meter, Site, UtilityType

PASSWORD = "correct-horse-battery"


class OrganizationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organization

    name = factory.Sequence(lambda n: f"Organization {n}")
    slug = factory.Sequence(lambda n: f"organization-{n}")
    billing_email = factory.LazyAttribute(lambda o: f"billing@{o.slug}.example.com")
    developer_docs_enabled = True
    native_api_enabled = True


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda u: f"{u.username}@example.com")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def save_password(user, create, extracted, **kwargs):
        if create:
            user.save()


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organization = factory.SubFactory(OrganizationFactory)
    role = Membership.Role.ADMIN


class CompanyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Company

    organization = factory.SubFactory(OrganizationFactory)
    name = factory.Sequence(lambda n: f"Company {n}")
    environment = Environment.PRODUCTION


class SiteFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Site

    company = factory.SubFactory(CompanyFactory)
    organization = factory.SelfAttribute("company.organization")
    name = factory.Sequence(lambda n: f"Site {n}")
    street = factory.Sequence(lambda n: f"{100 + n} Main Street")
    city = "Springfield"
    postal_code = "62701"
    country = "US"


class ConnectionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Connection

    company = factory.SubFactory(CompanyFactory)
    organization = factory.SelfAttribute("company.organization")
    provider_name = "Con Edison"
    provider_url = "https://www.coned.com/"
    username = factory.Sequence(lambda n: f"portal-user-{n}")
    status = Connection.Status.ACTIVE


# Pass `company=` to the factories below: the rows they create on the way (connection,
# account, meter, site) then belong to that company and its organization.
class AccountFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Account

    company = factory.SubFactory(CompanyFactory)
    organization = factory.SelfAttribute("company.organization")
    connection = factory.SubFactory(
        ConnectionFactory, company=factory.SelfAttribute("..company")
    )
    account_number = factory.Sequence(lambda n: f"AC-{100000 + n}")
    utility_type = UtilityType.ELECTRICITY


class MeterFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Meter

    company = factory.SubFactory(CompanyFactory)
    organization = factory.SelfAttribute("company.organization")
    account = factory.SubFactory(
        AccountFactory, company=factory.SelfAttribute("..company")
    )
    site = factory.SubFactory(SiteFactory, company=factory.SelfAttribute("..company"))
    meter_number = factory.Sequence(lambda n: f"MT-{500000 + n}")
    utility_type = factory.SelfAttribute("account.utility_type")


class BillFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Bill

    company = factory.SubFactory(CompanyFactory)
    organization = factory.SelfAttribute("company.organization")
    meter = factory.SubFactory(MeterFactory, company=factory.SelfAttribute("..company"))
    account = factory.SelfAttribute("meter.account")
    connection = factory.SelfAttribute("account.connection")
    utility_type = factory.SelfAttribute("account.utility_type")
    period_start = datetime.date(2026, 1, 1)
    period_end = datetime.date(2026, 1, 31)
    statement_date = datetime.date(2026, 2, 5)
    total_charges = Decimal("123.45")
    currency = "USD"
    usage = Decimal("850.000")
    usage_unit = "kWh"
    status = Bill.Status.PROCESSED
    source = Bill.Source.CONNECTION

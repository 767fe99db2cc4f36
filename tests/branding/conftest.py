import pytest

from branding.models import Branding, MagicLink
from tests.factories import CompanyFactory, ConnectionFactory


@pytest.fixture
def company(org):
    return CompanyFactory(organization=org, name="Initech Offices")


@pytest.fixture
def other_company(other_org):
    return CompanyFactory(organization=other_org, name="Umbrella Labs")


@pytest.fixture
def connection(company):
    return ConnectionFactory(company=company, username="facilities@initech.example")


@pytest.fixture
def other_connection(other_company):
    return ConnectionFactory(company=other_company)


@pytest.fixture
def branding(org):
    return Branding.objects.create(
        organization=org,
        company_name="Acme Energy",
        brand_color="#0F766E",
        logo_url="https://cdn.acme.example/logo.png",
    )


@pytest.fixture
def issue_link(admin_user):
    """Create a magic link and return it with its URL token."""

    def issue(company, *, connection=None, days=30):
        return MagicLink.issue(
            company=company, connection=connection, days=days, created_by=admin_user
        )

    return issue

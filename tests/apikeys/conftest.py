import pytest
from django.test import Client

from apikeys import services
from organizations.models import Environment


@pytest.fixture
def issue_key(admin_user):
    """Create a key the way the console does; returns (ApiKey, full value)."""

    def issue(organization, environment=Environment.PRODUCTION, **overrides):
        options = {
            "organization": organization,
            "created_by": admin_user,
            "name": f"{environment} key",
            "environment": environment,
            "expires_at": None,
            **overrides,
        }
        return services.issue_key(**options)

    return issue


@pytest.fixture
def api_client():
    """A client without a session: API calls carry only their key."""
    return Client()

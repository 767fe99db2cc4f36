"""Personas shared by every test: an Org Admin, a member, and another org's admin."""

import pytest
from django.core.cache import cache
from django.test import Client, override_settings

from organizations.models import Membership
from organizations.tenancy import unscoped
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory


@pytest.fixture(autouse=True, scope="session")
def _static_files_without_manifest():
    """Serve static files without the manifest that only `collectstatic` writes."""
    plain = {
        "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
        "staticfiles": {
            "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        },
    }
    with override_settings(STORAGES=plain):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Start every test with an empty cache: no rate-limit counters, no choice lists."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _unscoped_test_body():
    """Let test code create and read rows of any organization.

    Requests made through the test client still run scoped: the middleware activates
    the request's own organization inside this block.
    """
    with unscoped():
        yield


@pytest.fixture
def org(db):
    return OrganizationFactory(name="Acme Energy Advisors", slug="acme")


@pytest.fixture
def other_org(db):
    return OrganizationFactory(name="Globex Carbon", slug="globex")


@pytest.fixture
def admin_user(org):
    user = UserFactory(username="admin")
    MembershipFactory(user=user, organization=org, role=Membership.Role.ADMIN)
    return user


@pytest.fixture
def member_user(org):
    user = UserFactory(username="member")
    MembershipFactory(user=user, organization=org, role=Membership.Role.MEMBER)
    return user


@pytest.fixture
def other_admin_user(other_org):
    user = UserFactory(username="other-admin")
    MembershipFactory(user=user, organization=other_org, role=Membership.Role.ADMIN)
    return user


def _client_for(user):
    client = Client()
    client.force_login(user)
    return client


@pytest.fixture
def admin_client(admin_user):
    return _client_for(admin_user)


@pytest.fixture
def member_client(member_user):
    return _client_for(member_user)


@pytest.fixture
def other_admin_client(other_admin_user):
    return _client_for(other_admin_user)


@pytest.fixture
def anonymous_client():
    return Client()

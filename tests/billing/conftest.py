import pytest
import stripe
from django.core.cache import cache

from tests.billing.servers import FailingStripeServer, FakePortalServer, LocalStripe

TEST_SECRET_KEY = "sk_test_nectar"
TEST_WEBHOOK_SECRET = "whsec_test_nectar"


@pytest.fixture(scope="session")
def localstripe(tmp_path_factory):
    server = LocalStripe(tmp_path_factory.mktemp("localstripe") / "localstripe.log")
    try:
        server.wait_until_ready()
        yield server
    finally:
        server.stop()


@pytest.fixture
def fake_portal():
    server = FakePortalServer()
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def _stripe_not_configured(settings):
    """Start each test with Stripe unset and no remembered Stripe failure."""
    settings.STRIPE_SECRET_KEY = ""
    settings.STRIPE_API_BASE = ""
    settings.STRIPE_WEBHOOK_SECRET = TEST_WEBHOOK_SECRET
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def stripe_settings(settings, localstripe):
    settings.STRIPE_SECRET_KEY = TEST_SECRET_KEY
    settings.STRIPE_API_BASE = localstripe.url
    return settings


@pytest.fixture
def stripe_client(localstripe):
    """A client for arranging Stripe state directly in localstripe."""
    return stripe.StripeClient(
        TEST_SECRET_KEY,
        base_addresses={"api": localstripe.url},
        max_network_retries=0,
    )


@pytest.fixture
def failing_stripe(settings):
    """Point Stripe at a local server that fails: `failing_stripe(500)`.

    Pass None for a server that accepts requests and never responds.
    """
    servers = []

    def start(status):
        server = FailingStripeServer(status)
        servers.append(server)
        settings.STRIPE_SECRET_KEY = TEST_SECRET_KEY
        settings.STRIPE_API_BASE = server.url
        return server

    yield start
    for server in servers:
        server.stop()

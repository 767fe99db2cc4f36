"""Every call this project makes to Stripe's API goes through this module.

`client()` builds one `stripe.StripeClient` from settings: STRIPE_SECRET_KEY, and
STRIPE_API_BASE where another Stripe-compatible server (localstripe in tests) replaces
api.stripe.com. The functions return plain dicts so the mirror code never depends
on the library's object types.

When Stripe cannot be reached, fails on its side (5xx) or rejects the secret key, that
is remembered in the cache for a few minutes, so the Billing page can show a
banner and skip further attempts instead of waiting on each view.
"""

import logging
from functools import lru_cache

import stripe
from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

# Seconds to wait for a connection and for a reply, per attempt. A page view or the
# portal button may wait on Stripe, and every attempt together must end well within
# gunicorn's default 30 s worker timeout: 2 x (3 + 8) s plus the library's 0.5 s
# pause before its retry.
CONNECT_TIMEOUT = 3
READ_TIMEOUT = 8
MAX_NETWORK_RETRIES = 1
UNAVAILABLE_CACHE_KEY = "billing:stripe-unavailable"
UNAVAILABLE_SECONDS = 300
# Errors that concern Stripe or this server's key as a whole, not one request.
UNAVAILABLE_ERRORS = (
    stripe.APIConnectionError,
    stripe.APIError,
    stripe.AuthenticationError,
    stripe.PermissionError,
    stripe.RateLimitError,
)
# Seconds by which a webhook signature's timestamp may differ from now.
WEBHOOK_TOLERANCE = 300


class StripeNotConfigured(Exception):
    """STRIPE_SECRET_KEY is empty, so no call to Stripe can be made."""


def is_configured() -> bool:
    return bool(settings.STRIPE_SECRET_KEY)


def is_marked_unavailable() -> bool:
    return cache.get(UNAVAILABLE_CACHE_KEY) is not None


def client() -> stripe.StripeClient:
    if not is_configured():
        raise StripeNotConfigured("STRIPE_SECRET_KEY is not set")
    return _build_client(settings.STRIPE_SECRET_KEY, settings.STRIPE_API_BASE)


@lru_cache(maxsize=4)
def _build_client(secret_key: str, api_base: str) -> stripe.StripeClient:
    base_addresses = {"api": api_base.rstrip("/")} if api_base else None
    return stripe.StripeClient(
        secret_key,
        base_addresses=base_addresses,
        http_client=stripe.RequestsClient(timeout=(CONNECT_TIMEOUT, READ_TIMEOUT)),
        max_network_retries=MAX_NETWORK_RETRIES,
    )


def _call(description: str, operation):
    """Run `operation` and log a Stripe error with its type, never the request."""
    try:
        result = operation()
    except stripe.APIConnectionError as error:
        cache.set(UNAVAILABLE_CACHE_KEY, True, UNAVAILABLE_SECONDS)
        logger.warning("Stripe could not be reached to %s: %s", description, error)
        raise
    except stripe.StripeError as error:
        if isinstance(error, UNAVAILABLE_ERRORS):
            cache.set(UNAVAILABLE_CACHE_KEY, True, UNAVAILABLE_SECONDS)
        logger.error(
            "Stripe request to %s failed: %s (HTTP %s, request %s)",
            description,
            type(error).__name__,
            error.http_status,
            error.request_id,
        )
        raise
    cache.delete(UNAVAILABLE_CACHE_KEY)
    return result


def _to_dict(stripe_object) -> dict:
    return stripe_object.to_dict(recursive=True)


def create_customer(*, name: str, email: str, organization_id: int) -> dict:
    params = {
        "name": name,
        "metadata": {"nectar_organization_id": str(organization_id)},
    }
    if email:
        params["email"] = email
    # The library sends an idempotency key with each POST and reuses it on its retry,
    # so a retried request cannot create a second customer.
    customer = _call(
        f"create the customer of organization {organization_id}",
        lambda: client().v1.customers.create(params=params),
    )
    return _to_dict(customer)


def retrieve_customer(customer_id: str) -> dict:
    customer = _call(
        f"retrieve customer {customer_id}",
        lambda: client().v1.customers.retrieve(customer_id),
    )
    return _to_dict(customer)


def retrieve_payment_method(payment_method_id: str) -> dict:
    payment_method = _call(
        f"retrieve payment method {payment_method_id}",
        lambda: client().v1.payment_methods.retrieve(payment_method_id),
    )
    return _to_dict(payment_method)


def retrieve_product_name(product_id: str) -> str:
    product = _call(
        f"retrieve product {product_id}",
        lambda: client().v1.products.retrieve(product_id),
    )
    return _to_dict(product).get("name") or ""


def list_payment_methods(customer_id: str) -> list[dict]:
    page = _call(
        f"list the payment methods of customer {customer_id}",
        lambda: client().v1.payment_methods.list(
            params={"customer": customer_id, "type": "card", "limit": 100}
        ),
    )
    return [_to_dict(item) for item in page.data]


def list_subscriptions(customer_id: str) -> list[dict]:
    page = _call(
        f"list the subscriptions of customer {customer_id}",
        lambda: client().v1.subscriptions.list(
            params={"customer": customer_id, "status": "all", "limit": 100}
        ),
    )
    return [_to_dict(item) for item in page.data]


def iter_invoices(customer_id: str):
    """Yield every invoice of the customer, newest first, page by page."""
    page = _call(
        f"list the invoices of customer {customer_id}",
        lambda: client().v1.invoices.list(
            params={"customer": customer_id, "limit": 100}
        ),
    )
    while True:
        yield from (_to_dict(item) for item in page.data)
        if not page.has_more or not page.data:
            return
        last_id = page.data[-1].id
        page = _call(
            f"list the invoices of customer {customer_id}",
            lambda last_id=last_id: client().v1.invoices.list(
                params={
                    "customer": customer_id,
                    "limit": 100,
                    "starting_after": last_id,
                }
            ),
        )


def create_portal_session(*, customer_id: str, return_url: str) -> str:
    """Create a customer portal session and return its URL.

    The URL signs the customer in to the portal, so callers must not log or store it.
    """
    session = _call(
        f"create a billing portal session for customer {customer_id}",
        lambda: client().v1.billing_portal.sessions.create(
            params={"customer": customer_id, "return_url": return_url}
        ),
    )
    return session.url


def verify_webhook_signature(payload: bytes, signature_header: str) -> None:
    """Raise stripe.SignatureVerificationError unless the header signs `payload`.

    The check covers a missing webhook secret, a signature made with another secret
    and a timestamp older than WEBHOOK_TOLERANCE seconds.
    """
    secret = settings.STRIPE_WEBHOOK_SECRET
    if not secret:
        raise stripe.SignatureVerificationError(
            "STRIPE_WEBHOOK_SECRET is not set", signature_header
        )
    stripe.WebhookSignature.verify_header(
        payload.decode("utf-8"), signature_header, secret, WEBHOOK_TOLERANCE
    )

import logging

import stripe
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_POST

from billing import links, stripe_api, usage
from billing.models import Invoice, PaymentMethod, Subscription
from billing.sync import customer_for, ensure_customer
from organizations.permissions import org_admin_required

logger = logging.getLogger(__name__)

INVOICES_PER_PAGE = 12


class HttpResponseSeeOther(HttpResponseRedirect):
    status_code = 303


def _stripe_status() -> str:
    """Return "not_configured", "unavailable" or "ok" for the banner and button."""
    if not stripe_api.is_configured():
        return "not_configured"
    if stripe_api.is_marked_unavailable():
        return "unavailable"
    return "ok"


def _customer_or_create(organization):
    """Return the mirrored customer, creating it in Stripe on the first visit."""
    customer = customer_for(organization)
    if customer is not None or _stripe_status() != "ok":
        return customer
    try:
        return ensure_customer(organization)
    except stripe.StripeError:
        # stripe_api logged it; the page renders without a customer.
        return None


def _current_subscription(customer):
    if customer is None:
        return None
    subscriptions = Subscription.objects.filter(customer_stripe_id=customer.stripe_id)
    current = subscriptions.filter(status__in=Subscription.CURRENT_STATUSES)
    return (
        current.order_by("-created").first()
        or subscriptions.order_by("-created").first()
    )


def _payment_method(customer, subscription):
    if customer is None:
        return None
    candidates = [customer.default_payment_method_id]
    if subscription is not None:
        candidates.append(subscription.default_payment_method_id)
    methods = PaymentMethod.objects.filter(customer_stripe_id=customer.stripe_id)
    for payment_method_id in filter(None, candidates):
        found = methods.filter(stripe_id=payment_method_id).first()
        if found is not None:
            return found
    # Without a default, Stripe charges the customer's only or newest card.
    return methods.order_by("-snapshot_at", "-id").first()


def _requested_page_number(request) -> int | str | None:
    number = request.GET.get("page")
    # Paginator.get_page sends 0 and negative numbers to the last page, which lists
    # the oldest invoices, so they go to the first page like other invalid input.
    if number is not None and number.lstrip("-").isdigit() and int(number) < 1:
        return 1
    return number


def _invoice_page(request):
    invoices = Invoice.objects.order_by("-created", "-id")
    paginator = Paginator(invoices, INVOICES_PER_PAGE)
    page = paginator.get_page(_requested_page_number(request))
    for invoice in page:
        invoice.links = links.repository_links(invoice.period_start, invoice.period_end)
    return page


@org_admin_required
@require_GET
def overview(request):
    if request.htmx and request.htmx.target == "invoices":
        context = {"invoice_page": _invoice_page(request)}
        return render(request, "billing/partials/invoices.html", context)

    customer = _customer_or_create(request.organization)
    subscription = _current_subscription(customer)
    estimate = usage.estimate(subscription)
    context = {
        "stripe_status": _stripe_status(),
        "customer": customer,
        "subscription": subscription,
        "payment_method": _payment_method(customer, subscription),
        "estimate": estimate,
        "invoice_page": _invoice_page(request),
    }
    return render(request, "billing/overview.html", context)


# Errors after which a retry in a few minutes may succeed. The others need someone to
# fix the secret key, the customer or the portal settings in Stripe.
TRANSIENT_ERRORS = (stripe.APIConnectionError, stripe.APIError, stripe.RateLimitError)


def _portal_unavailable(request, reason: str):
    messages.error(request, reason)
    return redirect("billing:overview")


def _portal_error_message(error: stripe.StripeError) -> str:
    if isinstance(error, TRANSIENT_ERRORS):
        return (
            "The billing portal could not be opened because Stripe did not respond "
            "or reported an error. Try again in a few minutes."
        )
    return (
        "The billing portal could not be opened because Stripe rejected the request. "
        "Ask your Nectar administrator to check the Stripe secret key and the "
        "customer portal settings in the Stripe Dashboard."
    )


@org_admin_required
@require_POST
def portal(request):
    """Open the Stripe customer portal, which returns to the Billing page."""
    if not stripe_api.is_configured():
        return _portal_unavailable(
            request,
            "The billing portal is unavailable: Stripe is not configured on this "
            "server. Ask your Nectar administrator to set STRIPE_SECRET_KEY.",
        )
    try:
        customer = ensure_customer(request.organization)
        portal_url = stripe_api.create_portal_session(
            customer_id=customer.stripe_id,
            return_url=request.build_absolute_uri(reverse("billing:overview")),
        )
    except stripe.StripeError as error:
        # stripe_api logged the error type, status and request id.
        return _portal_unavailable(request, _portal_error_message(error))
    # The portal URL signs the customer in, so it goes only into this response.
    return HttpResponseSeeOther(portal_url)

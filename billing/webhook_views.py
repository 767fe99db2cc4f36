import json
import logging

import stripe
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing import stripe_api, webhooks

logger = logging.getLogger(__name__)


def _is_event(payload) -> bool:
    return (
        isinstance(payload, dict)
        and isinstance(payload.get("id"), str)
        and isinstance(payload.get("created"), int)
    )


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Apply a Stripe event, authenticated by its signature instead of a session.

    Returns 400 when the signature is missing, invalid or stale, and 200 for every
    event that was verified, including replays and types this project ignores.
    """
    signature = request.headers.get("Stripe-Signature", "")
    if not signature:
        return HttpResponseBadRequest("Missing Stripe-Signature header.")
    try:
        stripe_api.verify_webhook_signature(request.body, signature)
        event = json.loads(request.body)
    except (stripe.SignatureVerificationError, ValueError) as error:
        logger.warning("Rejected a Stripe webhook: %s", error)
        return HttpResponseBadRequest("Invalid Stripe-Signature header or payload.")
    if not _is_event(event):
        return HttpResponseBadRequest("The payload is not a Stripe event.")
    outcome = webhooks.process_event(event)
    logger.info("Stripe event %s (%s): %s", event["id"], event.get("type"), outcome)
    return HttpResponse(outcome, content_type="text/plain")

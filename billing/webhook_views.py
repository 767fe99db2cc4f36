import json
import logging

import stripe
from django.http import HttpResponse, HttpResponseBadRequest
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_POST

from billing import stripe_api, webhooks

logger = logging.getLogger(__name__)


# Upper bound of an event's `created` Unix time (9999-12-31), the last second that
# Python's datetime can hold.
MAX_TIMESTAMP = 253_402_300_799


def _is_timestamp(value) -> bool:
    return type(value) is int and 0 <= value <= MAX_TIMESTAMP


def _is_event(payload) -> bool:
    """Check the envelope fields that process_event reads before the object's own."""
    if not isinstance(payload, dict):
        return False
    data = payload.get("data")
    stripe_object = data.get("object") if isinstance(data, dict) else None
    return (
        isinstance(payload.get("id"), str)
        and isinstance(payload.get("type"), str)
        and _is_timestamp(payload.get("created"))
        and isinstance(stripe_object, dict)
        and isinstance(stripe_object.get("id", ""), str)
    )


@csrf_exempt
@require_POST
def stripe_webhook(request):
    """Apply a Stripe event, authenticated by its signature instead of a session.

    Returns 400 when the signature is missing, invalid or stale, or when a signed
    payload is not an event whose object the mirror can store. Returns 200 for
    every other verified event, including replays and types this project ignores.
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
    try:
        outcome = webhooks.process_event(event)
    except webhooks.MalformedObject:
        # Nothing was recorded, so Stripe's retry applies the event once the
        # mirror code accepts its shape.
        return HttpResponseBadRequest("The event's object could not be mirrored.")
    logger.info("Stripe event %s (%s): %s", event["id"], event.get("type"), outcome)
    return HttpResponse(outcome, content_type="text/plain")

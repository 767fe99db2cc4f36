"""Authenticate API requests by API key and scope them to the key's organization."""

from __future__ import annotations

import datetime

from django.utils import timezone
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication

from apikeys import tokens
from apikeys.models import ApiKey
from organizations.tenancy import activate, unscoped

# `last_used_at` is written at most once per key in this interval, so busy keys do not
# turn every API read into a write.
LAST_USED_RESOLUTION = datetime.timedelta(minutes=1)
# Query parameters that clients commonly use for credentials.
CREDENTIAL_PARAMETERS = {"api_key", "apikey", "key", "token", "access_token"}


class ApiKeyAuthentication(BaseAuthentication):
    """Read the key from `X-API-Key` or `Authorization: Bearer` and check it.

    On success `request.auth` is the ApiKey and the key's organization is activated
    until the view returns (see `ApiView.dispatch`). Every failure is a 401 whose
    detail names the reason for this key only.
    """

    def authenticate(self, request):
        _reject_query_string_key(request)
        value = _presented_key(request)
        if value is None:
            return None

        api_key = _verified_key(value)
        if not api_key.organization.api_enabled:
            raise exceptions.PermissionDenied(
                "API access is not enabled for this organization."
            )
        request.tenant_scope.enter_context(activate(api_key.organization))
        _touch_last_used(api_key)
        return (None, api_key)

    def authenticate_header(self, request):
        return 'Bearer realm="Nectar API"'


def _reject_query_string_key(request):
    # lists(), because items() returns only the last value of a repeated parameter.
    for name, values in request.query_params.lists():
        looks_like_key = any(
            value.startswith(f"{tokens.PRODUCT_PREFIX}_") for value in values
        )
        if name.lower() in CREDENTIAL_PARAMETERS or looks_like_key:
            raise exceptions.AuthenticationFailed(
                "API keys in the query string are rejected because URLs are logged. "
                "Send the key in the X-API-Key header."
            )


def _presented_key(request) -> str | None:
    """Return the key from either header, rejecting two different keys.

    Silently preferring one header would let a proxy or library that adds the other
    header decide which organization and environment a request reaches.
    """
    header_value = request.META.get("HTTP_X_API_KEY")
    bearer_value = _bearer_credentials(request)
    if header_value is None:
        return bearer_value
    header_value = header_value.strip()
    if bearer_value is not None and bearer_value != header_value:
        raise exceptions.AuthenticationFailed(
            "Two different API keys were sent. Send the key in one header only."
        )
    return header_value


def _bearer_credentials(request) -> str | None:
    scheme, _, credentials = request.META.get("HTTP_AUTHORIZATION", "").partition(" ")
    if scheme.lower() == "bearer":
        return credentials.strip()
    return None


def _verified_key(value: str) -> ApiKey:
    try:
        parsed = tokens.parse_key(value)
    except tokens.MalformedKey as error:
        raise exceptions.AuthenticationFailed(
            "Invalid API key: the value is not a Nectar API key."
        ) from error
    except tokens.ChecksumMismatch as error:
        raise exceptions.AuthenticationFailed(
            "Invalid API key: its checksum does not match. Check it was copied whole."
        ) from error

    # The organization is unknown until the key is found, so the lookup crosses them.
    with unscoped():
        api_key = (
            ApiKey.objects.select_related("organization")
            .filter(public_id=parsed.public_id)
            .first()
        )
    if api_key is None or not tokens.key_matches(value, api_key.secret_hash):
        raise exceptions.AuthenticationFailed("Invalid API key.")
    _check_usable(api_key)
    return api_key


def _check_usable(api_key: ApiKey) -> None:
    status = api_key.status()
    if status == ApiKey.Status.REVOKED:
        raise exceptions.AuthenticationFailed("This API key has been revoked.")
    if status == ApiKey.Status.EXPIRED:
        raise exceptions.AuthenticationFailed("This API key has expired.")


def _touch_last_used(api_key: ApiKey) -> None:
    now = timezone.now()
    last_used = api_key.last_used_at
    if last_used is not None and now - last_used < LAST_USED_RESOLUTION:
        return
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
    api_key.last_used_at = now

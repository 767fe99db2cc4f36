"""The format of Nectar API keys, and how their secrets are hashed.

A key reads `nectar_<environment>_<public id>_<secret><checksum>`, for example
`nectar_sandbox_Wc2mX0aQ9bZt_…`. The environment prefix shows a reader and a secret
scanner which data the key reaches. The public id (12 base62 characters) finds the key
row without touching the secret. The secret is 32 base62 characters, about 190 bits of
randomness. The checksum is the CRC32 of everything before it, in 6 base62 characters,
so a typo is caught without a database query.

Only an HMAC-SHA256 of the whole key, keyed with `settings.API_KEY_HASH_KEY`, is
stored. The secret is already random, so a slow password hasher would add cost to every
API request without adding protection.
"""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import zlib
from dataclasses import dataclass

from django.conf import settings

from organizations.models import Environment

ALPHABET = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
PRODUCT_PREFIX = "nectar"
PUBLIC_ID_LENGTH = 12
SECRET_LENGTH = 32
CHECKSUM_LENGTH = 6

_KEY_PATTERN = re.compile(
    rf"^{PRODUCT_PREFIX}_(?P<environment>sandbox|production)"
    rf"_(?P<public_id>[0-9A-Za-z]{{{PUBLIC_ID_LENGTH}}})"
    rf"_(?P<secret>[0-9A-Za-z]{{{SECRET_LENGTH}}})"
    rf"(?P<checksum>[0-9A-Za-z]{{{CHECKSUM_LENGTH}}})$"
)


class MalformedKey(ValueError):
    """The value does not have the shape of a Nectar API key."""


class ChecksumMismatch(ValueError):
    """The value has the shape of a key but its checksum is wrong (a typo)."""


@dataclass(frozen=True)
class ParsedKey:
    value: str
    environment: str
    public_id: str


def _random_base62(length: int) -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(length))


def _encode_base62(number: int, length: int) -> str:
    digits = []
    for _ in range(length):
        number, remainder = divmod(number, len(ALPHABET))
        digits.append(ALPHABET[remainder])
    return "".join(reversed(digits))


def checksum(body: str) -> str:
    return _encode_base62(zlib.crc32(body.encode()), CHECKSUM_LENGTH)


def environment_prefix(environment: str) -> str:
    return f"{PRODUCT_PREFIX}_{environment}_"


def new_public_id() -> str:
    return _random_base62(PUBLIC_ID_LENGTH)


def build_key(environment: str, public_id: str) -> str:
    """Return a new key value for `public_id`, with a fresh secret and its checksum."""
    if environment not in Environment.values:
        raise ValueError(f"Unknown environment {environment!r}")
    body = (
        f"{environment_prefix(environment)}{public_id}_{_random_base62(SECRET_LENGTH)}"
    )
    return body + checksum(body)


def parse_key(value: str) -> ParsedKey:
    """Parse `value`, raising MalformedKey or ChecksumMismatch when it is not a key."""
    match = _KEY_PATTERN.match(value)
    if match is None:
        raise MalformedKey("The value is not a Nectar API key.")
    body = value[:-CHECKSUM_LENGTH]
    if not hmac.compare_digest(checksum(body), match["checksum"]):
        raise ChecksumMismatch("The API key's checksum does not match.")
    return ParsedKey(
        value=value, environment=match["environment"], public_id=match["public_id"]
    )


def hash_key(value: str) -> str:
    """Return the hex HMAC-SHA256 of a whole key value, the only form stored."""
    digest = hmac.new(
        settings.API_KEY_HASH_KEY.encode(), value.encode(), hashlib.sha256
    )
    return digest.hexdigest()


def key_matches(value: str, stored_hash: str) -> bool:
    return hmac.compare_digest(hash_key(value), stored_hash)

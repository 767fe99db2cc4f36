"""Checks of the white-label values an admin enters, with messages naming the value.

Each function returns the normalised value or raises ValidationError.
"""

import unicodedata
from urllib.parse import urlsplit, urlunsplit

from django.core.exceptions import ValidationError
from django.core.validators import URLValidator

from branding.colors import normalize_hex

COMPANY_NAME_MAX_LENGTH = 80
LOGO_URL_MAX_LENGTH = 2048
# Connection.provider_url stores at most 500 characters.
PORTAL_URL_MAX_LENGTH = 500

# Unicode bidirectional embedding, override and isolate controls (U+202A to U+202E,
# U+2066 to U+2069). They reorder the text around them, so "Acme\u202egnp.exe" shows
# as "Acmeexe.png".
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")

# Characters that a browser would drop or that could close an HTML attribute; a URL
# that needs them can percent-encode them.
_FORBIDDEN_URL_CHARACTERS = set(" \t\r\n\"'<>\\`{}|^")


def _shorten(value: str, limit: int = 60) -> str:
    """Return `value` cut to `limit` characters, so that messages stay readable."""
    return value if len(value) <= limit else value[: limit - 1] + "…"


def clean_company_name(value: str) -> str:
    name = value.strip()
    if not name:
        raise ValidationError("Enter the company name your clients know you by.")
    if len(name) > COMPANY_NAME_MAX_LENGTH:
        raise ValidationError(
            f"The company name has {len(name)} characters; "
            f"use at most {COMPANY_NAME_MAX_LENGTH}."
        )
    if any(unicodedata.category(char) == "Cc" for char in name):
        raise ValidationError("The company name cannot contain control characters.")
    if any(char in _BIDI_CONTROLS for char in name):
        raise ValidationError(
            "The company name cannot contain bidirectional text controls such as "
            "U+202E, which change the order in which the name is shown."
        )
    # Format (Cf) and separator (Z*) characters alone, such as U+200B ZERO WIDTH
    # SPACE, would leave the page header blank.
    if all(unicodedata.category(char)[0] in "CZ" for char in name):
        raise ValidationError(
            "The company name has no visible characters. Enter the name your "
            "clients know you by."
        )
    return name


def clean_brand_color(value: str) -> str:
    color = normalize_hex(value.strip())
    if color is None:
        raise ValidationError(
            f"“{_shorten(value)}” is not a hex color. "
            "Enter # followed by 6 or 3 hex digits, such as #1D4ED8 or #FA0."
        )
    return color


def _reject_host(host: str, label: str) -> None:
    if not host:
        raise ValidationError(f"The {label} has no host name.")
    if not host.isascii():
        try:
            ascii_host = host.encode("idna").decode("ascii")
        except UnicodeError:
            raise ValidationError(
                f"The host name “{_shorten(host)}” is not a valid domain name."
            ) from None
        raise ValidationError(
            f"The host name “{_shorten(host)}” contains non-ASCII characters, which "
            f"can imitate other domains. Enter its ASCII form, {ascii_host}."
        )


def _clean_https_url(value: str, label: str, max_length: int) -> str:
    """Accept an absolute https:// URL without credentials of at most `max_length`.

    Returns the URL with its scheme and host in lower case, or "" for blank input.
    """
    url = value.strip()
    if not url:
        return ""
    if len(url) > max_length:
        raise ValidationError(
            f"The {label} has {len(url):,} characters; use at most {max_length:,}."
        )
    if any(char in _FORBIDDEN_URL_CHARACTERS or ord(char) < 32 for char in url):
        raise ValidationError(
            f"The {label} “{_shorten(url)}” contains spaces, quotes or other "
            "characters that are not allowed in a URL; percent-encode them."
        )

    try:
        parts = urlsplit(url)
        parts.port  # noqa: B018 -- raises ValueError for a port out of range
    except ValueError:
        raise ValidationError(f"“{_shorten(url)}” is not a valid URL.") from None
    if parts.scheme.lower() != "https" or not url.lower().startswith("https://"):
        raise ValidationError(
            f"The {label} “{_shorten(url)}” must start with https://; "
            "other schemes and relative URLs are not allowed."
        )
    if parts.username is not None or parts.password is not None:
        raise ValidationError(
            f"The {label} contains a user name or password; remove the part "
            "before @ from it."
        )
    _reject_host(parts.hostname or "", label)

    normalized = urlunsplit(parts._replace(scheme="https", netloc=parts.netloc.lower()))
    try:
        URLValidator(schemes=["https"])(normalized)
    except ValidationError:
        raise ValidationError(
            f"The {label} “{_shorten(url)}” is not a valid URL. Enter a full "
            "address such as https://example.com/logo.png."
        ) from None
    return normalized


def clean_logo_url(value: str) -> str:
    return _clean_https_url(value, "logo URL", LOGO_URL_MAX_LENGTH)


def clean_portal_url(value: str) -> str:
    return _clean_https_url(value, "portal URL", PORTAL_URL_MAX_LENGTH)

"""Logging filters that keep credentials out of log lines."""

import logging
import re

# Magic-link tokens travel in the path (/p/<token>/), API keys carry their product
# prefix, and credentials may be pasted into query strings by mistake.
_PATTERNS = (
    (re.compile(r"/p/[^/\s?\"']+"), "/p/[redacted]"),
    (re.compile(r"nectar_(sandbox|production)_[A-Za-z0-9_]+"), r"nectar_\1_[redacted]"),
    (
        re.compile(r"([?&](?:api_key|apikey|key|token|password)=)[^&\s\"']*", re.I),
        r"\1[redacted]",
    ),
)


def redact(text: str) -> str:
    for pattern, replacement in _PATTERNS:
        text = pattern.sub(replacement, text)
    return text


class RedactSecretsFilter(logging.Filter):
    """Rewrite each record's message with magic-link tokens and API keys masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        cleaned = redact(message)
        if cleaned != message:
            record.msg = cleaned
            record.args = ()
        return True

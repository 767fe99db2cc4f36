import logging

from nectar.log_filters import RedactSecretsFilter, redact


def test_redact_masks_magic_link_token():
    line = '"GET /p/AbC123.sig-nature_x/done/ HTTP/1.1" 410 1234'

    assert redact(line) == '"GET /p/[redacted]/done/ HTTP/1.1" 410 1234'


def test_redact_masks_api_key_anywhere():
    key = "nectar_production_AbCdEfGhIjKl_" + "x" * 38

    assert redact(f"bad key {key} rejected") == (
        "bad key nectar_production_[redacted] rejected"
    )


def test_redact_masks_credentials_in_query_string():
    line = "GET /api/v1/bills/?api_key=secret123&company=4 HTTP/1.1"

    assert redact(line) == "GET /api/v1/bills/?api_key=[redacted]&company=4 HTTP/1.1"


def test_redact_leaves_other_paths_alone():
    line = "GET /settings/organization/repository/?page=2 HTTP/1.1"

    assert redact(line) == line


def test_filter_rewrites_formatted_record():
    record = logging.LogRecord(
        "django.request",
        logging.WARNING,
        __file__,
        1,
        "Not Found: %s",
        ("/p/token-value/",),
        None,
    )

    assert RedactSecretsFilter().filter(record)
    assert record.getMessage() == "Not Found: /p/[redacted]/"


def test_configured_handlers_redact(settings):
    import logging.config

    logging.config.dictConfig(settings.LOGGING)

    for name in ("", "django.server"):
        handlers = logging.getLogger(name).handlers
        filters = [f for h in handlers for f in h.filters]
        assert any(isinstance(f, RedactSecretsFilter) for f in filters), name

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apikeys import tokens
from apikeys.models import ApiKey
from organizations.models import Environment

PING_URL = reverse("api:ping")


def _get(client, url, value, **extra):
    return client.get(url, headers={"X-API-Key": value}, **extra)


def test_ping_with_header_key(api_client, org, issue_key):
    api_key, value = issue_key(org, environment=Environment.SANDBOX)

    response = _get(api_client, PING_URL, value)

    assert response.status_code == 200
    assert response.json() == {
        "status": "ok",
        "organization": org.name,
        "environment": "sandbox",
        "key_name": api_key.name,
    }


def test_ping_with_bearer_and_trailing_slash(api_client, org, issue_key):
    _, value = issue_key(org)

    response = api_client.get(
        PING_URL + "/", headers={"Authorization": f"Bearer {value}"}
    )

    assert response.status_code == 200


def test_missing_key_is_401(api_client):
    response = api_client.get(PING_URL)

    assert response.status_code == 401
    assert "X-API-Key" in response.json()["detail"]
    assert response["WWW-Authenticate"].startswith("Bearer")


def test_session_without_key_is_401(admin_client):
    response = admin_client.get(PING_URL)

    assert response.status_code == 401


@pytest.mark.parametrize("parameter", ["api_key", "key", "token", "anything"])
def test_key_in_query_string_is_401(api_client, org, issue_key, parameter):
    _, value = issue_key(org)

    response = api_client.get(PING_URL, {parameter: value})

    assert response.status_code == 401
    assert "query string" in response.json()["detail"]


def test_query_string_key_rejected_even_with_header(api_client, org, issue_key):
    _, value = issue_key(org)

    response = _get(api_client, PING_URL, value, data={"api_key": value})

    assert response.status_code == 401


def test_malformed_key_is_401(api_client, db):
    response = _get(api_client, PING_URL, "sk_live_1234")

    assert response.status_code == 401
    assert "not a Nectar API key" in response.json()["detail"]


def test_wrong_checksum_is_401_without_query(
    api_client, org, issue_key, django_assert_num_queries
):
    _, value = issue_key(org)
    typo = value[:-1] + ("A" if value[-1] != "A" else "B")

    with django_assert_num_queries(0):
        response = _get(api_client, PING_URL, typo)

    assert response.status_code == 401
    assert "checksum" in response.json()["detail"]


def test_unknown_key_with_valid_checksum_is_401(api_client, db):
    value = tokens.build_key("production", tokens.new_public_id())

    response = _get(api_client, PING_URL, value)

    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid API key."


def test_wrong_secret_for_known_id_is_401(api_client, org, issue_key):
    api_key, _ = issue_key(org)
    forged = tokens.build_key(api_key.environment, api_key.public_id)

    response = _get(api_client, PING_URL, forged)

    assert response.status_code == 401
    assert response.json()["detail"] == "Invalid API key."


def test_environment_prefix_cannot_be_swapped(api_client, org, issue_key):
    _, value = issue_key(org, environment=Environment.SANDBOX)
    body = value.replace("nectar_sandbox_", "nectar_production_")[
        : -tokens.CHECKSUM_LENGTH
    ]

    response = _get(api_client, PING_URL, body + tokens.checksum(body))

    assert response.status_code == 401


def test_expired_key_is_401(api_client, org, issue_key):
    past = timezone.now() - datetime.timedelta(seconds=1)
    _, value = issue_key(org, expires_at=past)

    response = _get(api_client, PING_URL, value)

    assert response.status_code == 401
    assert response.json()["detail"] == "This API key has expired."


def test_deleted_key_is_401_at_once(admin_client, api_client, org, issue_key):
    api_key, value = issue_key(org)
    assert _get(api_client, PING_URL, value).status_code == 200

    deleted = admin_client.post(
        reverse("apikeys:delete", args=[api_key.pk]), {"confirm_name": api_key.name}
    )
    response = _get(api_client, PING_URL, value)

    assert deleted.status_code == 302
    assert response.status_code == 401
    assert response.json()["detail"] == "This API key has been revoked."


@pytest.mark.parametrize("flag", ["developer_docs_enabled", "native_api_enabled"])
def test_api_is_403_without_feature_flags(api_client, org, issue_key, flag):
    _, value = issue_key(org)
    setattr(org, flag, False)
    org.save()

    for url in [PING_URL, reverse("api:bill-list"), reverse("api:company-list")]:
        response = _get(api_client, url, value)
        assert response.status_code == 403, url
        assert "not enabled" in response.json()["detail"]


def test_last_used_written_at_most_once_a_minute(api_client, org, issue_key):
    api_key, value = issue_key(org)

    _get(api_client, PING_URL, value)
    api_key.refresh_from_db()
    first = api_key.last_used_at
    _get(api_client, PING_URL, value)
    api_key.refresh_from_db()
    assert api_key.last_used_at == first

    two_minutes_ago = timezone.now() - datetime.timedelta(minutes=2)
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=two_minutes_ago)
    _get(api_client, PING_URL, value)
    api_key.refresh_from_db()
    assert api_key.last_used_at > two_minutes_ago + datetime.timedelta(minutes=1)


def test_rate_limit_answers_429_with_retry_after(api_client, org, issue_key, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 3
    _, value = issue_key(org)
    _, other_value = issue_key(org, name="Second key")

    statuses = [_get(api_client, PING_URL, value).status_code for _ in range(3)]
    limited = _get(api_client, PING_URL, value)

    assert statuses == [200, 200, 200]
    assert limited.status_code == 429
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert "detail" in limited.json()
    assert _get(api_client, PING_URL, other_value).status_code == 200


def test_unknown_api_path_is_json_404(api_client):
    for path in ["/api/v1/nothing/", "/api/v2/bills/"]:
        response = api_client.get(path)
        assert response.status_code == 404, path
        assert "detail" in response.json()


def test_write_method_is_json_405(api_client, org, issue_key):
    _, value = issue_key(org)

    response = api_client.post(
        reverse("api:bill-list"), {}, headers={"X-API-Key": value}
    )

    assert response.status_code == 405
    assert response.json()["detail"] == 'Method "POST" not allowed.'


def test_different_keys_in_both_headers_is_401(api_client, org, issue_key):
    _, value = issue_key(org)
    _, other_value = issue_key(org, environment=Environment.SANDBOX)

    response = api_client.get(
        PING_URL,
        headers={"X-API-Key": value, "Authorization": f"Bearer {other_value}"},
    )

    assert response.status_code == 401
    assert "one header" in response.json()["detail"]


def test_same_key_in_both_headers_is_accepted(api_client, org, issue_key):
    _, value = issue_key(org)

    response = api_client.get(
        PING_URL, headers={"X-API-Key": value, "Authorization": f"bearer {value}"}
    )

    assert response.status_code == 200


def test_key_in_repeated_query_parameter_is_401(api_client, org, issue_key):
    _, value = issue_key(org)

    response = _get(api_client, f"{PING_URL}?note={value}&note=x", value)

    assert response.status_code == 401
    assert "query string" in response.json()["detail"]


def test_schema_counts_against_rate_limit(api_client, org, issue_key, settings):
    settings.API_RATE_LIMIT_PER_MINUTE = 2
    _, value = issue_key(org)

    statuses = [
        _get(api_client, reverse("api:schema"), value).status_code for _ in range(3)
    ]

    assert statuses == [200, 200, 429]

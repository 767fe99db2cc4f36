import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from apikeys.models import ApiKey

PING_URL = reverse("api:ping")


def _ping(client, value):
    return client.get(PING_URL, headers={"X-API-Key": value}).status_code


def _expire_now(api_key):
    past = timezone.now() - datetime.timedelta(seconds=1)
    ApiKey.objects.filter(pk=api_key.pk).update(expires_at=past)


def test_two_keys_live_then_delete_old(admin_client, api_client, org, issue_key):
    old, old_value = issue_key(org, name="Old")
    new, new_value = issue_key(org, name="New")
    assert (_ping(api_client, old_value), _ping(api_client, new_value)) == (200, 200)

    response = admin_client.post(
        reverse("apikeys:delete", args=[old.pk]), {"confirm_name": "Old"}
    )

    assert response.status_code == 302
    assert _ping(api_client, old_value) == 401
    assert _ping(api_client, new_value) == 200


@pytest.mark.parametrize("grace", ["1h", "24h", "7d"])
def test_roll_keeps_both_keys_during_grace(
    admin_client, api_client, org, issue_key, grace
):
    old, old_value = issue_key(org, name="Rolling")

    response = admin_client.post(
        reverse("apikeys:roll", args=[old.pk]), {"grace": grace}
    )
    new_value = response.context["key_value"]

    assert response.status_code == 200
    assert _ping(api_client, old_value) == 200
    assert _ping(api_client, new_value) == 200

    _expire_now(old)
    assert _ping(api_client, old_value) == 401
    assert _ping(api_client, new_value) == 200


def test_roll_with_no_grace_stops_old_key_at_once(
    admin_client, api_client, org, issue_key
):
    old, old_value = issue_key(org, name="Rolling")

    response = admin_client.post(
        reverse("apikeys:roll", args=[old.pk]), {"grace": "now"}
    )

    assert response.status_code == 200
    assert _ping(api_client, old_value) == 401
    assert _ping(api_client, response.context["key_value"]) == 200


def test_roll_keeps_earlier_expiry_of_old_key(admin_client, org, issue_key):
    soon = timezone.now() + datetime.timedelta(minutes=10)
    old, _ = issue_key(org, expires_at=soon)

    admin_client.post(reverse("apikeys:roll", args=[old.pk]), {"grace": "7d"})

    old.refresh_from_db()
    assert old.expires_at == soon
    assert old.replaced_by.expires_at > timezone.now()


def test_expired_key_cannot_be_rolled(admin_client, org, issue_key):
    past = timezone.now() - datetime.timedelta(days=1)
    old, _ = issue_key(org, expires_at=past)

    response = admin_client.post(
        reverse("apikeys:roll", args=[old.pk]), {"grace": "now"}
    )

    assert response.status_code == 404
    assert not ApiKey.objects.filter(replaced_by__isnull=False).exists()


def test_roll_of_key_with_distant_expiry(admin_client, org, issue_key):
    distant = timezone.now().replace(year=9999)
    old, _ = issue_key(org, expires_at=distant)
    created = timezone.now() - datetime.timedelta(days=400)
    ApiKey.objects.filter(pk=old.pk).update(created_at=created)

    response = admin_client.post(
        reverse("apikeys:roll", args=[old.pk]), {"grace": "1h"}
    )

    assert response.status_code == 200
    old.refresh_from_db()
    assert old.replaced_by.expires_at <= distant


def test_rolled_key_cannot_be_rolled_again(admin_client, org, issue_key):
    old, _ = issue_key(org, name="Rolling")
    ApiKey.objects.filter(pk=old.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=2)
    )
    admin_client.post(reverse("apikeys:roll", args=[old.pk]), {"grace": "24h"})

    page = admin_client.get(reverse("apikeys:list"))
    response = admin_client.post(
        reverse("apikeys:roll", args=[old.pk]), {"grace": "24h"}
    )

    assert response.status_code == 404
    assert ApiKey.objects.filter(organization=org).count() == 2
    assert reverse("apikeys:roll", args=[old.pk]) not in page.content.decode()

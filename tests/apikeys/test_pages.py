import datetime
import logging

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from apikeys.models import ApiKey, AuditEvent
from organizations.models import Environment

LIST_URL = reverse("apikeys:list")
CREATE_URL = reverse("apikeys:create")


def _create_form(**overrides):
    return {"name": "Billing sync", "environment": "sandbox", "expiration": "90"} | (
        overrides
    )


def _object_urls(api_key):
    return [
        reverse("apikeys:roll", args=[api_key.pk]),
        reverse("apikeys:delete", args=[api_key.pk]),
    ]


def _all_urls(api_key):
    return [LIST_URL, CREATE_URL, *_object_urls(api_key)]


def _database_text():
    """Return every text column of the API key and audit tables as one string."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT row_to_json(k)::text FROM apikeys_apikey k")
        keys = " ".join(row[0] for row in cursor.fetchall())
        cursor.execute("SELECT row_to_json(e)::text FROM apikeys_auditevent e")
        events = " ".join(row[0] for row in cursor.fetchall())
    return keys + events


def test_anonymous_is_sent_to_login(anonymous_client, org, issue_key):
    api_key, _ = issue_key(org)

    for url in _all_urls(api_key):
        response = anonymous_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("login"))


def test_member_gets_403(member_client, org, issue_key):
    api_key, _ = issue_key(org)

    for url in _all_urls(api_key):
        assert member_client.get(url).status_code == 403, url
    assert member_client.post(_object_urls(api_key)[1]).status_code == 403

    api_key.refresh_from_db()
    assert api_key.revoked_at is None


def test_other_admin_gets_404_for_each_key(other_admin_client, org, issue_key):
    api_key, _ = issue_key(org)

    for url in _object_urls(api_key):
        assert other_admin_client.get(url).status_code == 404, url
        assert other_admin_client.post(url, {"grace": "now"}).status_code == 404, url

    api_key.refresh_from_db()
    assert api_key.revoked_at is None
    assert api_key.expires_at is None
    assert api_key.replaced_by is None


def test_list_never_shows_other_organization_keys(
    admin_client, org, other_org, issue_key
):
    issue_key(org, name="Acme key")
    issue_key(other_org, name="Globex key")

    response = admin_client.get(LIST_URL)

    assert response.status_code == 200
    assert b"Acme key" in response.content
    assert b"Globex key" not in response.content


@pytest.mark.parametrize(
    "flags",
    [
        {"developer_docs_enabled": False},
        {"native_api_enabled": False},
        {"developer_docs_enabled": False, "native_api_enabled": False},
    ],
)
def test_feature_flags_hide_page_and_sidebar(admin_client, org, issue_key, flags):
    api_key, _ = issue_key(org)
    for name, value in flags.items():
        setattr(org, name, value)
    org.save()

    for url in _all_urls(api_key):
        assert admin_client.get(url).status_code == 404, url
    faq = admin_client.get(reverse("settings-faq"))
    assert faq.status_code == 200
    assert LIST_URL.encode() not in faq.content


def test_sidebar_links_to_page_when_enabled(admin_client):
    response = admin_client.get(reverse("settings-faq"))

    assert LIST_URL.encode() in response.content


def test_empty_list_explains_keys(admin_client):
    response = admin_client.get(LIST_URL)

    assert response.status_code == 200
    assert b"No API keys yet" in response.content
    assert reverse("api:schema").encode() in response.content
    assert reverse("api:reference").encode() in response.content
    assert reverse("settings-faq").encode() in response.content
    assert b"curl -H" in response.content


def test_list_shows_masked_key_and_status(admin_client, org, issue_key):
    soon = timezone.now() + datetime.timedelta(days=3)
    past = timezone.now() - datetime.timedelta(days=1)
    live, value = issue_key(org, name="Live key")
    issue_key(org, name="Soon key", expires_at=soon)
    issue_key(org, name="Old key", expires_at=past)

    response = admin_client.get(LIST_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert value not in content
    assert live.masked_value in content
    assert "Expiring soon" in content
    assert "Expired" in content
    assert "Active" in content


def test_list_sorts_by_last_used(admin_client, org, issue_key):
    now = timezone.now()
    older, _ = issue_key(org, name="Older use")
    newer, _ = issue_key(org, name="Newer use")
    ApiKey.objects.filter(pk=older.pk).update(last_used_at=now - timedelta_hours(5))
    ApiKey.objects.filter(pk=newer.pk).update(last_used_at=now - timedelta_hours(1))

    newest_first = admin_client.get(LIST_URL, {"sort": "-last_used"})
    oldest_first = admin_client.get(LIST_URL, {"sort": "last_used"})

    assert [k.name for k in newest_first.context["keys"]] == ["Newer use", "Older use"]
    assert [k.name for k in oldest_first.context["keys"]] == ["Older use", "Newer use"]


def timedelta_hours(hours):
    return datetime.timedelta(hours=hours)


def test_create_form_opens_as_page_and_partial(admin_client):
    page = admin_client.get(CREATE_URL)
    partial = admin_client.get(CREATE_URL, headers={"HX-Request": "true"})

    assert page.status_code == 200
    assert b"<html" in page.content
    assert partial.status_code == 200
    assert b"<html" not in partial.content
    assert b'hx-post="' + CREATE_URL.encode() in partial.content


def test_create_key_shows_value_once(admin_client, admin_user, org, caplog):
    caplog.set_level(logging.DEBUG)

    response = admin_client.post(CREATE_URL, _create_form())

    assert response.status_code == 200
    api_key = ApiKey.objects.get(organization=org)
    value = response.context["key_value"]
    assert value.startswith("nectar_sandbox_" + api_key.public_id + "_")
    assert value in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    assert api_key.name == "Billing sync"
    assert api_key.environment == Environment.SANDBOX
    assert api_key.created_by == admin_user
    assert api_key.expires_at > timezone.now() + datetime.timedelta(days=89)
    assert value not in _database_text()
    assert value not in caplog.text
    assert value not in str(dict(admin_client.session))
    assert value not in admin_client.get(LIST_URL).content.decode()
    assert value not in admin_client.get(CREATE_URL).content.decode()


def test_create_key_with_htmx_refreshes_table(admin_client, org):
    response = admin_client.post(
        CREATE_URL, _create_form(), headers={"HX-Request": "true"}
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert 'id="key-table" class="key-table" hx-swap-oob="true"' in content
    assert "will not be shown again" in content
    assert ApiKey.objects.filter(organization=org).count() == 1


def test_create_records_audit_event_without_secret(admin_client, org):
    response = admin_client.post(CREATE_URL, _create_form())

    event = AuditEvent.objects.get(organization=org)
    assert event.action == "apikey.created"
    assert event.details["name"] == "Billing sync"
    assert response.context["key_value"] not in str(event.details)


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"name": ""}, "name", "This field is required."),
        ({"environment": "staging"}, "environment", "Select a valid choice."),
        ({"expiration": "7"}, "expiration", "Select a valid choice."),
        ({"expiration": "custom"}, "expires_on", "Enter the date"),
        (
            {"expiration": "custom", "expires_on": "2020-01-01"},
            "expires_on",
            "Choose a date after today.",
        ),
        ({"expiration": "custom", "expires_on": "soon"}, "expires_on", "valid date"),
    ],
)
def test_create_rejects_invalid_input(admin_client, org, overrides, field, message):
    response = admin_client.post(CREATE_URL, _create_form(**overrides))

    assert response.status_code == 422
    assert not ApiKey.objects.filter(organization=org).exists()
    assert message in " ".join(response.context["form"].errors[field])


def test_create_rejects_name_of_active_key(admin_client, org, issue_key):
    issue_key(org, name="Billing sync")

    response = admin_client.post(CREATE_URL, _create_form(name="billing sync"))

    assert response.status_code == 422
    assert ApiKey.objects.filter(organization=org).count() == 1
    assert "already named" in response.context["form"].errors["name"][0]


def test_create_allows_name_of_revoked_or_foreign_key(
    admin_client, org, other_org, issue_key
):
    revoked, _ = issue_key(org, name="Billing sync")
    ApiKey.objects.filter(pk=revoked.pk).update(revoked_at=timezone.now())
    issue_key(other_org, name="Billing sync")

    response = admin_client.post(CREATE_URL, _create_form())

    assert response.status_code == 200
    assert ApiKey.objects.filter(organization=org, revoked_at=None).count() == 1


@pytest.mark.parametrize(
    ("expiration", "expected_days"), [("30", 30), ("60", 60), ("365", 365)]
)
def test_create_sets_chosen_expiry(admin_client, org, expiration, expected_days):
    admin_client.post(CREATE_URL, _create_form(expiration=expiration))

    api_key = ApiKey.objects.get(organization=org)
    lifetime = api_key.expires_at - api_key.created_at
    assert abs(lifetime - datetime.timedelta(days=expected_days)).total_seconds() < 5


def test_create_with_custom_date_and_never(admin_client, org):
    custom_day = timezone.now().date() + datetime.timedelta(days=10)
    admin_client.post(
        CREATE_URL,
        _create_form(name="Custom", expiration="custom", expires_on=custom_day),
    )
    admin_client.post(CREATE_URL, _create_form(name="Forever", expiration="never"))

    custom = ApiKey.objects.get(organization=org, name="Custom")
    forever = ApiKey.objects.get(organization=org, name="Forever")
    assert custom.expires_at.date() == custom_day + datetime.timedelta(days=1)
    assert custom.expires_at.hour == 0
    assert forever.expires_at is None


def test_delete_unused_key_needs_no_name(admin_client, org, issue_key):
    api_key, _ = issue_key(org)
    url = reverse("apikeys:delete", args=[api_key.pk])

    response = admin_client.post(url)

    assert response.status_code == 302
    api_key.refresh_from_db()
    assert api_key.revoked_at is not None
    assert AuditEvent.objects.filter(action="apikey.revoked").count() == 1


def test_delete_recently_used_key_needs_its_name(admin_client, org, issue_key):
    api_key, _ = issue_key(org, name="Busy key")
    ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=timezone.now())
    url = reverse("apikeys:delete", args=[api_key.pk])

    wrong = admin_client.post(url, {"confirm_name": "Busy"})
    api_key.refresh_from_db()
    assert wrong.status_code == 422
    assert api_key.revoked_at is None

    right = admin_client.post(url, {"confirm_name": "Busy key"})
    api_key.refresh_from_db()
    assert right.status_code == 302
    assert api_key.revoked_at is not None


def test_delete_with_htmx_swaps_table_and_closes_dialog(admin_client, org, issue_key):
    api_key, _ = issue_key(org, name="Doomed key")
    url = reverse("apikeys:delete", args=[api_key.pk])

    response = admin_client.post(url, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert response["HX-Trigger-After-Swap"] == "apikeys:close-dialog"
    assert response["HX-Retarget"] == "#key-table"
    content = response.content.decode()
    assert 'id="key-table"' in content
    assert "Deleted “Doomed key”" in content
    assert f'id="key-{api_key.pk}"' not in content


def test_deleted_key_leaves_the_list(admin_client, org, issue_key):
    api_key, _ = issue_key(org, name="Doomed key")
    admin_client.post(reverse("apikeys:delete", args=[api_key.pk]))

    response = admin_client.get(LIST_URL)

    assert response.status_code == 200
    assert f'id="key-{api_key.pk}"'.encode() not in response.content
    assert b"Deleted \xe2\x80\x9cDoomed key\xe2\x80\x9d" in response.content
    assert admin_client.get(_object_urls(api_key)[1]).status_code == 404


def test_roll_creates_replacement_and_shortens_old_key(admin_client, org, issue_key):
    old, _ = issue_key(org, name="Rolling key", environment=Environment.SANDBOX)
    url = reverse("apikeys:roll", args=[old.pk])

    response = admin_client.post(url, {"grace": "24h"})

    assert response.status_code == 200
    old.refresh_from_db()
    replacement = old.replaced_by
    assert replacement.name == "Rolling key"
    assert replacement.environment == Environment.SANDBOX
    assert replacement.expires_at is None
    remaining = old.expires_at - timezone.now()
    assert datetime.timedelta(hours=23) < remaining <= datetime.timedelta(hours=24)
    assert response.context["key_value"].startswith(
        f"nectar_sandbox_{replacement.public_id}_"
    )
    assert "no-store" in response["Cache-Control"]
    assert AuditEvent.objects.filter(action="apikey.rolled").count() == 1


def test_roll_rejects_unknown_grace(admin_client, org, issue_key):
    old, _ = issue_key(org)

    response = admin_client.post(
        reverse("apikeys:roll", args=[old.pk]), {"grace": "1y"}
    )

    assert response.status_code == 422
    old.refresh_from_db()
    assert old.replaced_by is None


@pytest.mark.parametrize("expires_on", ["9999-12-31", "9000-01-01"])
def test_create_rejects_custom_date_too_far(admin_client, org, expires_on):
    response = admin_client.post(
        CREATE_URL, _create_form(expiration="custom", expires_on=expires_on)
    )

    assert response.status_code == 422
    assert not ApiKey.objects.filter(organization=org).exists()
    assert "Never" in response.context["form"].errors["expires_on"][0]


def test_create_accepts_custom_date_at_limit(admin_client, org):
    limit = timezone.now().date() + datetime.timedelta(days=5 * 365)

    response = admin_client.post(
        CREATE_URL, _create_form(expiration="custom", expires_on=limit.isoformat())
    )

    assert response.status_code == 200
    api_key = ApiKey.objects.get(organization=org)
    assert api_key.expires_at.date() == limit + datetime.timedelta(days=1)

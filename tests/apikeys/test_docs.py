from django.urls import reverse

SCHEMA_URL = reverse("api:schema")
REFERENCE_URL = reverse("api:reference")


def test_schema_for_admin_session(admin_client):
    response = admin_client.get(SCHEMA_URL, {"format": "json"})

    assert response.status_code == 200
    paths = response.json()["paths"]
    assert "/api/v1/bills/" in paths or "/api/v1/bills" in paths
    assert any(path.rstrip("/").endswith("ping") for path in paths)


def test_schema_with_api_key(api_client, org, issue_key):
    _, value = issue_key(org)

    response = api_client.get(SCHEMA_URL, headers={"X-API-Key": value})

    assert response.status_code == 200
    assert b"openapi" in response.content


def test_schema_rejects_anonymous_and_member(api_client, member_client):
    assert api_client.get(SCHEMA_URL).status_code == 401
    assert member_client.get(SCHEMA_URL).status_code == 403


def test_schema_is_403_without_feature_flags(admin_client, org):
    org.native_api_enabled = False
    org.save()

    assert admin_client.get(SCHEMA_URL).status_code == 403


def test_reference_lists_endpoints_and_filters(admin_client):
    response = admin_client.get(REFERENCE_URL)

    content = response.content.decode()
    assert response.status_code == 200
    assert "List bills" in content
    assert "period_after" in content
    assert "cursor" in content
    assert "curl -H" in content
    assert "cdn." not in content


def test_reference_permissions(
    anonymous_client, member_client, other_admin_client, org
):
    assert anonymous_client.get(REFERENCE_URL).status_code == 302
    assert member_client.get(REFERENCE_URL).status_code == 403
    org.developer_docs_enabled = False
    org.save()
    assert other_admin_client.get(REFERENCE_URL).status_code == 200

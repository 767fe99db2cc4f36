from django.urls import reverse

from branding.models import Branding
from tests.factories import OrganizationFactory

SETTINGS_URL = reverse("branding:settings")
PREVIEW_URL = reverse("branding:preview")
RESET_URL = reverse("branding:reset")

VALID = {
    "company_name": "  Acme Energy  ",
    "brand_color": "#0f766e",
    "logo_url": "https://cdn.acme.example/logo.png",
}


def test_settings_page_shows_nectar_defaults(admin_client):
    response = admin_client.get(SETTINGS_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert "Using Nectar defaults" in content
    assert "#1D4ED8" in content
    assert "branding/nectar-logo.svg" in content
    assert "Reset to Nectar defaults" not in content


def test_settings_page_shows_saved_branding(admin_client, branding):
    response = admin_client.get(SETTINGS_URL)

    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="Acme Energy"' in content
    assert "#0F766E" in content
    assert 'src="https://cdn.acme.example/logo.png"' in content
    assert 'referrerpolicy="no-referrer"' in content
    assert "Reset to Nectar defaults" in content


def test_save_stores_normalised_values(admin_client, org, admin_user):
    response = admin_client.post(SETTINGS_URL, VALID)

    assert response.status_code == 302
    branding = Branding.objects.get(organization=org)
    assert branding.company_name == "Acme Energy"
    assert branding.brand_color == "#0F766E"
    assert branding.logo_url == "https://cdn.acme.example/logo.png"
    assert branding.updated_by == admin_user
    page = admin_client.get(response["Location"]).content.decode()
    assert "Branding saved" in page


def test_save_updates_existing_branding(admin_client, org, branding):
    response = admin_client.post(SETTINGS_URL, {**VALID, "brand_color": "#abc"})

    assert response.status_code == 302
    assert Branding.objects.filter(organization=org).count() == 1
    branding.refresh_from_db()
    assert branding.brand_color == "#AABBCC"


def test_save_without_logo_is_allowed(admin_client, org):
    response = admin_client.post(SETTINGS_URL, {**VALID, "logo_url": ""})

    assert response.status_code == 302
    assert Branding.objects.get(organization=org).logo_url == ""


def test_save_invalid_shows_inline_errors(admin_client, org):
    data = {
        "company_name": "",
        "brand_color": "red",
        "logo_url": "javascript:alert(1)",
    }

    response = admin_client.post(SETTINGS_URL, data)

    assert response.status_code == 422
    assert not Branding.objects.filter(organization=org).exists()
    content = response.content.decode()
    assert "Enter the company name" in content
    assert "“red” is not a hex color" in content
    assert "The logo URL “javascript:alert(1)” must start with https://" in content
    assert "field-invalid" in content


def test_save_does_not_touch_other_organization(admin_client, other_org):
    other = Branding.objects.create(
        organization=other_org, company_name="Globex", brand_color="#111111"
    )

    admin_client.post(SETTINGS_URL, VALID)

    other.refresh_from_db()
    assert other.company_name == "Globex"
    assert Branding.objects.count() == 2


def test_preview_never_saves(admin_client, org):
    response = admin_client.post(PREVIEW_URL, VALID, headers={"HX-Request": "true"})

    assert response.status_code == 200
    assert not Branding.objects.filter(organization=org).exists()
    content = response.content.decode()
    assert "Acme Energy" in content
    assert "--brand: #0F766E" in content
    assert "<html" not in content


def test_preview_leaves_saved_branding_unchanged(admin_client, branding):
    data = {**VALID, "company_name": "Changed", "brand_color": "#FF0000"}

    response = admin_client.post(PREVIEW_URL, data, headers={"HX-Request": "true"})

    assert response.status_code == 200
    branding.refresh_from_db()
    assert branding.company_name == "Acme Energy"
    assert branding.brand_color == "#0F766E"
    assert "Changed" in response.content.decode()


def test_preview_shows_errors_of_invalid_values(admin_client, org):
    data = {**VALID, "brand_color": "#12345", "logo_url": "http://x.example/a.png"}

    response = admin_client.post(PREVIEW_URL, data, headers={"HX-Request": "true"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "Not saved" in content
    assert "“#12345” is not a hex color" in content
    assert "must start with https://" in content
    # The valid name still previews; the color falls back to Nectar's.
    assert "Acme Energy" in content
    assert "--brand: #1D4ED8" in content
    assert not Branding.objects.filter(organization=org).exists()


def test_preview_without_htmx_renders_whole_page(admin_client, org):
    response = admin_client.post(PREVIEW_URL, VALID)

    assert response.status_code == 200
    content = response.content.decode()
    assert "<html" in content
    assert 'value="  Acme Energy  "' in content or 'value="Acme Energy"' in content
    assert "--brand: #0F766E" in content
    assert not Branding.objects.filter(organization=org).exists()


def test_preview_warns_about_light_color(admin_client):
    data = {**VALID, "brand_color": "#FFFF00"}

    response = admin_client.post(PREVIEW_URL, data, headers={"HX-Request": "true"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "contrast-warning" in content
    assert "1.07:1" in content
    assert "#7A7A00" in content
    assert "Black, contrast 19.56:1" in content


def test_preview_has_no_warning_for_dark_blue(admin_client):
    data = {**VALID, "brand_color": "#1D4ED8"}

    response = admin_client.post(PREVIEW_URL, data, headers={"HX-Request": "true"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "contrast-warning" not in content
    assert "White, contrast 6.70:1" in content


def test_settings_page_warns_for_saved_light_color(admin_client, org):
    Branding.objects.create(
        organization=org, company_name="Acme", brand_color="#FFFF00"
    )

    response = admin_client.get(SETTINGS_URL)

    assert response.status_code == 200
    assert "contrast-warning" in response.content.decode()


def test_preview_escapes_values(admin_client):
    data = {**VALID, "company_name": '<script>alert("x")</script>'}

    response = admin_client.post(PREVIEW_URL, data, headers={"HX-Request": "true"})

    assert response.status_code == 200
    content = response.content.decode()
    assert "<script>alert" not in content
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in content


def test_preview_requires_post(admin_client):
    response = admin_client.get(PREVIEW_URL)

    assert response.status_code == 405


def test_reset_get_asks_for_confirmation(admin_client, org, branding):
    response = admin_client.get(RESET_URL)

    assert response.status_code == 200
    assert Branding.objects.filter(organization=org).exists()
    content = response.content.decode()
    assert "Reset to Nectar defaults?" in content
    assert 'method="post"' in content


def test_reset_post_removes_branding(admin_client, org, branding):
    response = admin_client.post(RESET_URL)

    assert response.status_code == 302
    assert not Branding.objects.filter(organization=org).exists()
    page = admin_client.get(response["Location"]).content.decode()
    assert "Branding removed" in page
    assert "Using Nectar defaults" in page


def test_reset_without_branding_says_so(admin_client, org):
    response = admin_client.post(RESET_URL)

    assert response.status_code == 302
    page = admin_client.get(response["Location"]).content.decode()
    assert "already use Nectar" in page


def test_reset_keeps_other_organization_branding(admin_client, org, branding):
    other_org = OrganizationFactory()
    Branding.objects.create(
        organization=other_org, company_name="Other", brand_color="#111111"
    )

    admin_client.post(RESET_URL)

    assert Branding.objects.filter(organization=other_org).exists()

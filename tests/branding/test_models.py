import pytest
from django.db import IntegrityError, transaction

from branding.models import Branding


@pytest.mark.parametrize(
    "brand_color",
    ["red", "#fff", "#0f766e", "red;}a{", ""],
)
def test_branding_table_rejects_unnormalised_color(org, brand_color):
    # The color goes into a <style> element, where HTML escaping does not apply.
    with pytest.raises(IntegrityError), transaction.atomic():
        Branding.objects.create(
            organization=org, company_name="Acme", brand_color=brand_color
        )

    assert not Branding.objects.filter(organization=org).exists()


@pytest.mark.parametrize(
    "logo_url", ["http://cdn.example/logo.png", "javascript:alert(1)", "/logo.png"]
)
def test_branding_table_rejects_non_https_logo(org, logo_url):
    with pytest.raises(IntegrityError), transaction.atomic():
        Branding.objects.create(
            organization=org,
            company_name="Acme",
            brand_color="#0F766E",
            logo_url=logo_url,
        )

    assert not Branding.objects.filter(organization=org).exists()


@pytest.mark.parametrize("logo_url", ["", "https://cdn.example/logo.png"])
def test_branding_table_accepts_valid_values(org, logo_url):
    Branding.objects.create(
        organization=org, company_name="Acme", brand_color="#0F766E", logo_url=logo_url
    )

    branding = Branding.objects.get(organization=org)
    assert branding.brand_color == "#0F766E"
    assert branding.logo_url == logo_url

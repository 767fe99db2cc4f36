import pytest
from django.urls import reverse

from organizations.middleware import SESSION_KEY
from organizations.models import Company
from organizations.tenancy import TenantScopeError, activate
from tests.factories import BillFactory, CompanyFactory


def test_manager_without_active_organization_raises(org):
    CompanyFactory(organization=org)

    with activate(None), pytest.raises(TenantScopeError):
        list(Company.objects.all())


def test_manager_returns_only_active_organization_rows(org, other_org):
    own = CompanyFactory(organization=org)
    CompanyFactory(organization=other_org)

    with activate(org):
        assert list(Company.objects.all()) == [own]


def test_related_manager_is_scoped_too(org, other_org):
    bill = BillFactory(company__organization=org)
    BillFactory(company__organization=other_org)

    with activate(other_org):
        assert not bill.account.bills.exists()
    with activate(org):
        assert list(bill.account.bills.all()) == [bill]


def test_saving_a_foreign_row_while_scoped_raises(org, other_org):
    company = CompanyFactory(organization=other_org)

    with activate(org), pytest.raises(TenantScopeError):
        company.save()


def test_new_row_takes_the_active_organization(org):
    with activate(org):
        company = Company.objects.create(name="Initech")

    assert company.organization == org


@pytest.mark.parametrize("url_name", ["home", "settings-faq"])
def test_anonymous_is_sent_to_login(anonymous_client, url_name):
    response = anonymous_client.get(reverse(url_name))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_member_gets_403_on_settings(member_client):
    response = member_client.get(reverse("settings-faq"))

    assert response.status_code == 403
    assert b"Only Org Admins" in response.content


def test_switcher_changes_active_organization(admin_user, admin_client, other_org):
    from tests.factories import MembershipFactory

    MembershipFactory(user=admin_user, organization=other_org)
    CompanyFactory(organization=other_org, name="Globex Subsidiary")

    response = admin_client.post(
        reverse("switch-organization"),
        {"organization": other_org.slug, "next": reverse("settings-faq")},
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("settings-faq")
    page = admin_client.get(reverse("settings-faq"))
    assert page.context["organization"] == other_org


def test_switcher_rejects_organization_without_membership(admin_client, other_org):
    response = admin_client.post(
        reverse("switch-organization"), {"organization": other_org.slug}
    )

    assert response.status_code == 404


def test_switcher_ignores_offsite_next(admin_client, org):
    response = admin_client.post(
        reverse("switch-organization"),
        {"organization": org.slug, "next": "https://evil.example.com/"},
    )

    assert response["Location"] == reverse("home")


@pytest.mark.parametrize("slug", ["\x00", "acme\x00", "not a slug"])
def test_switcher_rejects_malformed_slug(admin_client, org, slug):
    response = admin_client.post(reverse("switch-organization"), {"organization": slug})

    assert response.status_code == 404
    assert admin_client.session.get(SESSION_KEY) is None


def _switcher_next(client, url):
    response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    form = html[html.index('class="org-switcher"') :]
    start = form.index('name="next" value="') + len('name="next" value="')
    return form[start : form.index('"', start)]


@pytest.mark.parametrize(
    ("page", "expected"),
    [
        ("company", "repository:bills"),
        ("meters", "repository:meters"),
        ("billing", "billing:overview"),
        ("apikeys", "home"),
    ],
)
def test_switcher_next_is_section_landing_page(
    admin_user, admin_client, org, other_org, page, expected
):
    from tests.factories import MembershipFactory

    MembershipFactory(user=admin_user, organization=other_org)
    org.developer_docs_enabled = org.native_api_enabled = True
    org.save()
    company = CompanyFactory(organization=org)
    urls = {
        "company": reverse("repository:company-detail", args=[company.pk]),
        "meters": reverse("repository:meters") + f"?company={company.pk}",
        "billing": reverse("billing:overview"),
        "apikeys": reverse("apikeys:list"),
    }

    assert _switcher_next(admin_client, urls[page]) == reverse(expected)


def test_sidebar_marks_api_keys_on_reference(admin_client, org):
    org.developer_docs_enabled = org.native_api_enabled = True
    org.save()

    response = admin_client.get(reverse("api:reference"))

    assert response.status_code == 200
    assert 'class="active">API keys</a>' in response.content.decode()


def test_first_joined_organization_is_active_by_default(admin_user, other_org):
    from django.test import Client

    from tests.factories import MembershipFactory

    # Named to sort before the admin's first organization, which must still win.
    other_org.name = "AAA Holdings"
    other_org.save()
    MembershipFactory(user=admin_user, organization=other_org)
    client = Client()
    client.force_login(admin_user)

    page = client.get(reverse("settings-faq"))

    assert page.status_code == 200
    assert page.context["organization"].slug == "acme"

from datetime import timedelta

from django.template.loader import render_to_string
from django.test import RequestFactory, override_settings
from django.urls import reverse
from django.utils import timezone

from branding.models import MagicLink
from tests.factories import CompanyFactory


def _create_url(company):
    return reverse("branding:company-link-create", args=[company.pk])


def _update_create_url(connection):
    return reverse("branding:connection-link-create", args=[connection.pk])


def _render_partial(name, admin_user, **context):
    request = RequestFactory().get("/settings/organization/repository/companies/1/")
    request.user = admin_user
    return render_to_string(f"branding/partials/{name}", context, request=request)


def test_create_company_link_shows_full_url_once(admin_client, company, admin_user):
    response = admin_client.post(_create_url(company), {"days": "14"})

    assert response.status_code == 201
    link = MagicLink.objects.get(company=company)
    assert link.kind == MagicLink.Kind.COMPANY
    assert link.connection is None
    assert link.created_by == admin_user
    expected_expiry = timezone.now() + timedelta(days=14)
    assert abs(link.expires_at - expected_expiry) < timedelta(minutes=1)
    content = response.content.decode()
    assert "http://testserver/p/" in content
    assert "data-copy-target" in content
    token = content.split("http://testserver/p/")[1].split("/")[0]
    assert MagicLink.from_token(token) == link
    assert token not in admin_client.get(reverse("branding:settings")).content.decode()


@override_settings(MAGIC_LINK_DEFAULT_DAYS=45)
def test_create_form_defaults_to_setting(admin_client, company):
    response = admin_client.get(_create_url(company))

    assert response.status_code == 200
    assert 'value="45"' in response.content.decode()


def test_create_link_rejects_bad_days(admin_client, company):
    for days in ["0", "366", "soon", ""]:
        response = admin_client.post(_create_url(company), {"days": days})

        assert response.status_code == 422
    assert not MagicLink.objects.filter(company=company).exists()


def test_create_link_over_htmx_returns_panel(admin_client, company):
    response = admin_client.post(
        _create_url(company),
        {"days": "30", "next": "/settings/organization/repository/companies/1/"},
        headers={"HX-Request": "true"},
    )

    assert response.status_code == 201
    content = response.content.decode()
    assert f'id="company-magic-links-{company.pk}"' in content
    assert "Link created." in content
    assert "<html" not in content
    assert 'value="/settings/organization/repository/companies/1/"' in content


def test_create_link_over_htmx_invalid_returns_panel(admin_client, company):
    response = admin_client.post(
        _create_url(company), {"days": "0"}, headers={"HX-Request": "true"}
    )

    assert response.status_code == 422
    content = response.content.decode()
    assert f'id="company-magic-links-{company.pk}"' in content
    assert "greater than or equal to 1" in content


def test_create_connection_link(admin_client, connection):
    response = admin_client.post(_update_create_url(connection), {"days": "7"})

    assert response.status_code == 201
    link = MagicLink.objects.get(connection=connection)
    assert link.kind == MagicLink.Kind.CONNECTION_UPDATE
    assert link.company == connection.company
    assert link.organization == connection.organization


def test_links_are_unique_and_long(admin_user, company, issue_link):
    tokens = {issue_link(company)[1] for _ in range(5)}

    assert len(tokens) == 5
    assert all(len(token) > 60 for token in tokens)


def test_create_ignores_foreign_next(admin_client, company):
    response = admin_client.post(
        _create_url(company), {"days": "30", "next": "https://evil.example/"}
    )

    assert response.status_code == 201
    assert "https://evil.example/" not in response.content.decode()


def test_revoke_get_asks_for_confirmation(admin_client, company, issue_link):
    link, _ = issue_link(company)

    response = admin_client.get(reverse("branding:magic-link-revoke", args=[link.pk]))

    assert response.status_code == 200
    link.refresh_from_db()
    assert link.revoked_at is None
    assert "Revoke magic link?" in response.content.decode()


def test_revoke_post_revokes_and_returns(admin_client, company, issue_link):
    link, _ = issue_link(company)
    back = "/settings/organization/repository/companies/1/"

    response = admin_client.post(
        reverse("branding:magic-link-revoke", args=[link.pk]), {"next": back}
    )

    assert response.status_code == 302
    assert response["Location"] == back
    link.refresh_from_db()
    assert link.revoked_at is not None
    assert link.status == MagicLink.Status.REVOKED


def test_company_partial_lists_links_with_status(admin_user, company, issue_link):
    issue_link(company)
    revoked, _ = issue_link(company)
    revoked.revoke()
    expired, _ = issue_link(company)
    MagicLink.objects.filter(pk=expired.pk).update(
        expires_at=timezone.now() - timedelta(days=1)
    )

    html = _render_partial("company_magic_links.html", admin_user, company=company)

    assert html.count("<tr>") == 4  # header and three links
    assert "badge-success" in html
    assert "Revoked" in html
    assert "Expired" in html
    assert _create_url(company) in html
    assert 'name="next" value="/settings/organization/repository/companies/1/"' in html


def test_company_partial_without_links_shows_empty_state(admin_user, company):
    html = _render_partial("company_magic_links.html", admin_user, company=company)

    assert "No magic links yet" in html


def test_company_partial_shows_only_its_company(admin_user, org, company, issue_link):
    sibling = CompanyFactory(organization=org)
    issue_link(sibling)

    html = _render_partial("company_magic_links.html", admin_user, company=company)

    assert "No magic links yet" in html


def test_connection_partial_lists_update_links(admin_user, connection, issue_link):
    issue_link(connection.company)
    issue_link(connection.company, connection=connection)

    html = _render_partial(
        "connection_magic_links.html", admin_user, connection=connection
    )

    assert html.count("<tr>") == 2
    assert "Update credentials" in html
    assert _update_create_url(connection) in html


def test_company_page_shows_magic_links(admin_client, company, issue_link):
    issue_link(company)

    response = admin_client.get(reverse("repository:company-detail", args=[company.pk]))

    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="company-magic-links-{company.pk}"' in content
    assert "badge-success" in content
    assert _create_url(company) in content


def test_connection_page_shows_update_links(admin_client, connection, issue_link):
    issue_link(connection.company, connection=connection)

    response = admin_client.get(
        reverse("repository:connection-detail", args=[connection.pk])
    )

    assert response.status_code == 200
    content = response.content.decode()
    assert f'id="connection-magic-links-{connection.pk}"' in content
    assert "Update credentials" in content
    assert _update_create_url(connection) in content


def test_create_from_company_page_returns_there(admin_client, company):
    page_url = reverse("repository:company-detail", args=[company.pk])
    page = admin_client.get(page_url).content.decode()
    assert f'name="next" value="{page_url}"' in page

    response = admin_client.post(_create_url(company), {"days": "30", "next": page_url})

    assert response.status_code == 201
    assert f'href="{page_url}"' in response.content.decode()

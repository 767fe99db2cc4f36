"""Company and site selects of the filter forms: cache, tenancy and foreign ids."""

import re
import threading

import pytest
from django.db import connection, connections, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from organizations.models import Company, Membership
from repository.models import Bill, Meter, Site
from tests.factories import CompanyFactory, MembershipFactory, SiteFactory

pytestmark = pytest.mark.django_db

BILLS_URL = reverse("repository:bills")
# Table -> the cached selects its filter form shows.
SELECTS = {
    "bills": ["company", "site"],
    "meters": ["company", "site"],
    "accounts": ["company"],
    "connections": ["company"],
}
SELECT_CASES = [(table, name) for table, names in SELECTS.items() for name in names]
INVALID_CHOICE = "Select a valid choice"


def _options(content, name):
    """Return the (value, label) pairs of the select named `name`."""
    match = re.search(rf'<select name="{name}"[^>]*>(.*?)</select>', content, re.S)
    assert match is not None, f"no select named {name}"
    return re.findall(r'<option value="([^"]*)"[^>]*>([^<]*)</option>', match.group(1))


def _option_values(client, table, name):
    response = client.get(reverse(f"repository:{table}"))
    assert response.status_code == 200
    return {value for value, _ in _options(response.content.decode(), name) if value}


def _own_ids(organization, name):
    model = Company if name == "company" else Site
    pks = model.objects.filter(organization=organization).values_list("pk", flat=True)
    return {str(pk) for pk in pks}


def _choice_queries(client):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(BILLS_URL)
    assert response.status_code == 200
    lists = [
        query["sql"]
        for query in queries.captured_queries
        if query["sql"].startswith(
            ('SELECT "organizations_company"."id"', 'SELECT "repository_site"."id"')
        )
    ]
    return response.content.decode(), lists


@pytest.fixture
def two_org_client(client, org, other_org, portfolio, foreign):
    """A client of a user who is an Org Admin of both organizations."""
    user = MembershipFactory(organization=org, role=Membership.Role.ADMIN).user
    MembershipFactory(user=user, organization=other_org, role=Membership.Role.ADMIN)
    client.force_login(user)
    return client


def _switch(client, organization):
    response = client.post(
        reverse("switch-organization"), {"organization": organization.slug}
    )
    assert response.status_code == 302


@pytest.mark.parametrize("table,name", SELECT_CASES)
def test_switching_organization_switches_options(
    two_org_client, org, other_org, table, name
):
    first = _option_values(two_org_client, table, name)
    _switch(two_org_client, other_org)
    second = _option_values(two_org_client, table, name)
    _switch(two_org_client, org)
    back = _option_values(two_org_client, table, name)

    assert first == _own_ids(org, name)
    assert second == _own_ids(other_org, name)
    assert back == first
    assert not first & second


@pytest.mark.parametrize("table,name", SELECT_CASES)
def test_foreign_id_is_a_form_error(admin_client, portfolio, foreign, table, name):
    foreign_id = foreign.company.pk if name == "company" else foreign.site.pk
    url = reverse(f"repository:{table}")

    response = admin_client.get(url, {name: foreign_id})
    export = admin_client.get(reverse(f"repository:{table}-export"), {name: foreign_id})

    assert response.status_code == 200
    assert export.status_code == 400
    content = response.content.decode()
    assert INVALID_CHOICE in content
    rows = list(response.context["page"].object_list)
    assert rows
    assert all(row.organization_id == portfolio.north.organization_id for row in rows)
    assert "Northwind Foreign" not in content


@pytest.mark.parametrize(
    "value",
    ["abc", "1.5", "-1", "0", "99999999999999999999", "\x00", "1 OR 1=1"],
)
@pytest.mark.parametrize("name", ["company", "site"])
def test_malformed_id_is_a_form_error(admin_client, portfolio, name, value):
    response = admin_client.get(BILLS_URL, {name: value})

    assert response.status_code == 200
    assert len(response.context["page"].object_list) == 3
    assert response.context["filter"].form.errors


def test_deleted_site_id_is_a_form_error(admin_client, portfolio):
    spare = SiteFactory(company=portfolio.north, name="Spare")
    assert str(spare.pk) in _option_values(admin_client, "bills", "site")
    spare_pk = spare.pk

    spare.delete()
    options = _option_values(admin_client, "bills", "site")
    response = admin_client.get(BILLS_URL, {"site": spare_pk})

    assert str(spare_pk) not in options
    assert response.status_code == 200
    assert INVALID_CHOICE in response.content.decode()


def test_site_deleted_without_signal_is_a_form_error(admin_client, portfolio):
    spare = SiteFactory(company=portfolio.north, name="Spare")
    _option_values(admin_client, "bills", "site")

    # A bulk delete in raw SQL sends no signal, so the cached list still offers it.
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM {Site._meta.db_table} WHERE id = %s", [spare.pk])
    response = admin_client.get(BILLS_URL, {"site": spare.pk})

    assert response.status_code == 200
    assert INVALID_CHOICE in response.content.decode()
    assert len(response.context["page"].object_list) == 3


def test_deleted_company_drops_its_sites(admin_client, org):
    spare = CompanyFactory(organization=org, name="Spare Co")
    site = SiteFactory(company=spare, name="Spare Yard")
    assert str(site.pk) in _option_values(admin_client, "meters", "site")

    spare.delete()

    assert str(site.pk) not in _option_values(admin_client, "meters", "site")
    assert str(spare.pk) not in _option_values(admin_client, "meters", "company")


def test_site_moved_to_another_company_is_relabelled(admin_client, portfolio):
    admin_client.get(BILLS_URL)

    portfolio.depot.company = portfolio.summit
    portfolio.depot.save()
    response = admin_client.get(BILLS_URL)

    labels = dict(_options(response.content.decode(), "site"))
    assert labels[str(portfolio.depot.pk)] == "Depot (Summit)"


def test_change_in_other_org_keeps_own_list(admin_client, portfolio, foreign):
    admin_client.get(BILLS_URL)

    foreign.company.name = "Renamed Foreign"
    foreign.company.save()
    response = admin_client.get(BILLS_URL)

    assert "Renamed Foreign" not in response.content.decode()
    assert "Northwind" in response.content.decode()


def test_site_filter_keeps_chosen_site_rows(admin_client, portfolio, foreign):
    admin_client.get(BILLS_URL)

    response = admin_client.get(BILLS_URL, {"site": portfolio.depot.pk})

    assert response.status_code == 200
    rows = list(response.context["page"].object_list)
    assert {row.pk for row in rows} == {portfolio.january.pk, portfolio.march.pk}
    assert f'value="{portfolio.depot.pk}" selected' in response.content.decode()
    assert Meter.objects.filter(site=portfolio.depot).exists()
    assert Bill.objects.filter(meter__site=foreign.site).exists()


@pytest.mark.django_db(transaction=True)
def test_rename_in_transaction_not_cached_stale(admin_client, portfolio):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite's shared in-memory test database locks readers out")
    admin_client.get(BILLS_URL)
    responses = []

    def load_page_from_another_connection():
        try:
            responses.append(admin_client.get(BILLS_URL))
        finally:
            connections.close_all()

    with transaction.atomic():
        portfolio.north.name = "Northwind Holdings"
        portfolio.north.save()
        # A request served while the rename is still uncommitted.
        reader = threading.Thread(target=load_page_from_another_connection)
        reader.start()
        reader.join()
    response = admin_client.get(BILLS_URL)

    assert responses[0].status_code == 200
    labels = dict(_options(response.content.decode(), "company"))
    assert labels[str(portfolio.north.pk)] == "Northwind Holdings"


def test_second_page_uses_cached_lists(admin_client, portfolio):
    first, first_lists = _choice_queries(admin_client)
    second, second_lists = _choice_queries(admin_client)

    assert len(first_lists) == 2
    assert second_lists == []
    assert 'value="' + str(portfolio.depot.pk) + '">Depot (Northwind)' in second


def test_new_site_appears_next_page(admin_client, portfolio):
    _choice_queries(admin_client)

    site = SiteFactory(company=portfolio.summit, name="Quarry")
    content, lists = _choice_queries(admin_client)

    assert len(lists) == 2
    assert f'value="{site.pk}">Quarry (Summit)' in content


def test_renamed_company_relabels_its_sites(admin_client, portfolio):
    _choice_queries(admin_client)

    portfolio.north.name = "Northwind Holdings"
    portfolio.north.save()
    content, _ = _choice_queries(admin_client)

    assert "Depot (Northwind Holdings)" in content
    assert ">Northwind<" not in content


def test_deleted_company_leaves_the_list(admin_client, portfolio):
    spare = CompanyFactory(organization=portfolio.north.organization, name="Spare Co")
    content, _ = _choice_queries(admin_client)
    assert ">Spare Co<" in content

    spare.delete()
    content, _ = _choice_queries(admin_client)

    assert ">Spare Co<" not in content


def test_lists_stay_with_their_organization(
    admin_client, other_admin_client, portfolio, foreign
):
    own, _ = _choice_queries(admin_client)
    other, other_lists = _choice_queries(other_admin_client)

    assert len(other_lists) == 2
    assert "Depot (Northwind)" in own
    assert "Depot (Northwind)" not in other
    assert "Depot (Northwind Foreign)" in other
    assert "Northwind Foreign" not in own

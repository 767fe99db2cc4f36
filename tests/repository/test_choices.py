"""The company and site lists of the filter forms, kept in the cache."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import CompanyFactory, SiteFactory

pytestmark = pytest.mark.django_db

BILLS_URL = reverse("repository:bills")


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


def test_second_page_reads_the_lists_from_the_cache(admin_client, portfolio):
    first, first_lists = _choice_queries(admin_client)
    second, second_lists = _choice_queries(admin_client)

    assert len(first_lists) == 2
    assert second_lists == []
    assert 'value="' + str(portfolio.depot.pk) + '">Depot (Northwind)' in second


def test_new_site_appears_on_the_next_page(admin_client, portfolio):
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

"""Panels of magic links for the company and connection pages of the repository."""

from django import template
from django.urls import reverse

from branding.forms import MagicLinkCreateForm
from branding.models import MagicLink

register = template.Library()

_PANEL_TEMPLATE = "branding/partials/magic_link_panel.html"


def _panel(context, *, links, create_url, panel_id, title, description):
    request = context["request"]
    return {
        "request": request,
        "csrf_token": context.get("csrf_token"),
        "links": links,
        "create_url": create_url,
        "panel_id": panel_id,
        "title": title,
        "description": description,
        "form": context.get("magic_link_form") or MagicLinkCreateForm(),
        "return_url": context.get("return_url") or request.get_full_path(),
        "new_link": context.get("new_magic_link"),
        "new_link_url": context.get("new_magic_link_url"),
    }


@register.inclusion_tag(_PANEL_TEMPLATE, takes_context=True)
def company_magic_links(context, company):
    """Links of every kind for `company`, and a form that creates a company link."""
    links = MagicLink.objects.filter(company=company).select_related("connection")
    return _panel(
        context,
        links=links,
        create_url=reverse("branding:company-link-create", args=[company.pk]),
        panel_id=f"company-magic-links-{company.pk}",
        title="Magic links",
        description="Send a link to this company's contact so they can connect "
        "their utility accounts without a Nectar login.",
    )


@register.inclusion_tag(_PANEL_TEMPLATE, takes_context=True)
def connection_magic_links(context, connection):
    """Update links of `connection`, and a form that creates one."""
    links = MagicLink.objects.filter(connection=connection)
    return _panel(
        context,
        links=links,
        create_url=reverse("branding:connection-link-create", args=[connection.pk]),
        panel_id=f"connection-magic-links-{connection.pk}",
        title="Credential update links",
        description="Send a link so the client can re-enter the login of this "
        "connection, for example after a password change.",
    )

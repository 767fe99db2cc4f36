"""Admin views that create and revoke magic links of companies and connections."""

from django.contrib import messages
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from branding.forms import MagicLinkCreateForm
from branding.models import MagicLink
from organizations.models import Company
from organizations.permissions import org_admin_required
from repository.models import Connection


def _return_url(request) -> str:
    """Return the page the admin came from (a company or connection page).

    Falls back to the White label page when `next` is missing or points elsewhere.
    """
    next_url = request.POST.get("next") or request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return next_url
    return reverse("branding:settings")


def _public_url(request, token: str) -> str:
    return request.build_absolute_uri(reverse("magic-links:start", args=[token]))


def _panel_template(connection) -> str:
    if connection is not None:
        return "branding/partials/connection_magic_links.html"
    return "branding/partials/company_magic_links.html"


def _create(request, *, company, connection=None):
    form = MagicLinkCreateForm(request.POST or None)
    context = {
        "form": form,
        "magic_link_form": form,
        "company": company,
        "connection": connection,
        "return_url": _return_url(request),
    }
    if request.method == "POST" and form.is_valid():
        link, token = MagicLink.issue(
            company=company,
            connection=connection,
            days=form.cleaned_data["days"],
            created_by=request.user,
        )
        context.update(
            magic_link_form=MagicLinkCreateForm(),
            new_magic_link=link,
            new_magic_link_url=_public_url(request, token),
        )
        status = 201
    else:
        status = 422 if request.method == "POST" else 200

    # htmx swaps the panel in place; the one-time URL reveal, if any, sits on top.
    if request.htmx and request.method == "POST":
        return render(request, _panel_template(connection), context, status=status)
    if status == 201:
        return render(request, "branding/magic_link_created.html", context, status=201)
    return render(request, "branding/magic_link_create.html", context, status=status)


@org_admin_required
def create_company_link(request, company_id):
    """Create a link with which the company's end client adds a connection."""
    company = get_object_or_404(Company, pk=company_id)
    return _create(request, company=company)


@org_admin_required
def create_connection_link(request, connection_id):
    """Create a link with which the end client re-enters a connection's login."""
    connection = get_object_or_404(
        Connection.objects.select_related("company"), pk=connection_id
    )
    return _create(request, company=connection.company, connection=connection)


@org_admin_required
def revoke_link(request, link_id):
    """Ask before revoking (GET), then revoke the link at once (POST)."""
    link = get_object_or_404(
        MagicLink.objects.select_related("company", "connection"), pk=link_id
    )
    context = {"link": link, "return_url": _return_url(request)}
    if request.method != "POST":
        return render(request, "branding/magic_link_revoke.html", context)

    link.revoke()
    messages.success(
        request, f"Magic link {link.key_prefix}… revoked; it no longer opens."
    )
    return redirect(context["return_url"])

"""Public magic-link pages where an organization's end clients enter utility logins.

The visitor has no Nectar login. The signed token in the URL identifies the link, the
link identifies the organization, and that organization is activated for the rest of
the request, so every later query is scoped to it.
"""

import secrets
import time
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_protect
from django.views.decorators.debug import sensitive_post_parameters

from branding.encryption import encrypt_password
from branding.forms import ConnectForm, CredentialsForm
from branding.models import MagicLink
from branding.providers import PROVIDERS, search_providers
from branding.theme import nectar_theme, theme_for
from organizations.tenancy import activate
from repository.models import Connection

_RATE_LIMIT_WINDOW_SECONDS = 3600


def _content_security_policy(nonce: str) -> str:
    # Logos may come from any https host. Scripts come from this site, never inline.
    # The one inline <style> element that carries the brand colors has the nonce.
    return "; ".join(
        [
            "default-src 'none'",
            "img-src 'self' https:",
            "script-src 'self'",
            f"style-src 'self' 'nonce-{nonce}'",
            "form-action 'self'",
            "base-uri 'none'",
            "frame-ancestors 'none'",
        ]
    )


def public_page(view):
    """Add the security headers of public pages and a CSP nonce for their template."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        request.csp_nonce = secrets.token_urlsafe(16)
        response = view(request, *args, **kwargs)
        response["Content-Security-Policy"] = _content_security_policy(
            request.csp_nonce
        )
        # The token in the URL must not leak to logo hosts or linked portals.
        # "no-referrer" would also turn the Origin header of the page's own form
        # posts into "null", which Django's CSRF check rejects.
        response["Referrer-Policy"] = "same-origin"
        response["X-Robots-Tag"] = "noindex, nofollow"
        return response

    return never_cache(csrf_protect(wrapper))


def _render(request, template, theme, context=None, *, status=200):
    context = {"theme": theme, **(context or {})}
    return render(request, template, context, status=status)


def _invalid_link(request, theme, *, status):
    # The same page for unknown, expired and revoked links: it names no company.
    return _render(request, "branding/public/invalid.html", theme, status=status)


def _post_allowed(link: MagicLink) -> bool:
    """Count a form post of `link` and return False past the hourly limit.

    A fixed window per clock hour in the Django cache: a burst across the hour
    boundary may get up to twice the limit, which is acceptable for slowing down
    password guessing and form spam.
    """
    window = int(time.time() // _RATE_LIMIT_WINDOW_SECONDS)
    key = f"magic-link-posts:{link.pk}:{window}"
    cache.add(key, 0, timeout=_RATE_LIMIT_WINDOW_SECONDS)
    try:
        count = cache.incr(key)
    except ValueError:
        # The counter was evicted between add() and incr().
        cache.set(key, 1, timeout=_RATE_LIMIT_WINDOW_SECONDS)
        count = 1
    return count <= settings.MAGIC_LINK_POSTS_PER_HOUR


@transaction.atomic
def _save_new_connection(link, form) -> None:
    """Create the pending connection of a company link, or refresh a repeated one.

    A double click or a resubmitted form sends the same provider and username again.
    The pending connection created through a magic link then gets the new password
    instead of a duplicate. Connections created any other way, or already checked,
    stay untouched. Locking the link row makes concurrent posts of one link wait.
    """
    MagicLink.objects.select_for_update().filter(pk=link.pk).first()
    provider_name, provider_url = form.provider_details()
    username = form.cleaned_data["username"]
    encrypted_password = encrypt_password(form.cleaned_data["password"])
    repeated = Connection.objects.filter(
        company=link.company,
        provider_name=provider_name,
        provider_url=provider_url,
        username=username,
        status=Connection.Status.PENDING,
        created_via=Connection.CreatedVia.MAGIC_LINK,
    ).first()
    if repeated is not None:
        repeated.encrypted_password = encrypted_password
        repeated.save(update_fields=["encrypted_password", "updated_at"])
        return
    Connection.objects.create(
        company=link.company,
        organization=link.organization,
        provider_name=provider_name,
        provider_url=provider_url,
        username=username,
        encrypted_password=encrypted_password,
        status=Connection.Status.PENDING,
        created_via=Connection.CreatedVia.MAGIC_LINK,
    )


def _connect(request, link, theme):
    form = ConnectForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        _save_new_connection(link, form)
        link.record_use()
        return redirect(
            "magic-links:done", token=request.resolver_match.kwargs["token"]
        )

    query = request.GET.get("q", "").strip()
    context = {
        "link": link,
        "form": form,
        "query": query,
        "providers": search_providers(query) if query else PROVIDERS,
    }
    status = 422 if request.method == "POST" else 200
    return _render(
        request, "branding/public/connect.html", theme, context, status=status
    )


def _web_url_or_blank(url: str) -> str:
    """Return `url` when it is an absolute http(s) URL, else "".

    Connections added on the dashboard or through the API may hold other schemes,
    which must not become a link on a public page.
    """
    try:
        parts = urlsplit(url)
        hostname = parts.hostname
    except ValueError:  # an unbalanced IPv6 bracket, such as "https://[::1"
        return ""
    if parts.scheme.lower() in {"http", "https"} and hostname:
        return url
    return ""


def _update(request, link, theme):
    connection = link.connection
    form = CredentialsForm(
        request.POST or None, initial={"username": connection.username}
    )
    if request.method == "POST" and form.is_valid():
        connection.username = form.cleaned_data["username"]
        connection.encrypted_password = encrypt_password(form.cleaned_data["password"])
        # New credentials wait for the next collection run to be verified.
        connection.status = Connection.Status.PENDING
        connection.save(
            update_fields=["username", "encrypted_password", "status", "updated_at"]
        )
        link.record_use()
        return redirect(
            "magic-links:done", token=request.resolver_match.kwargs["token"]
        )

    context = {
        "link": link,
        "form": form,
        "connection": connection,
        "portal_url": _web_url_or_blank(connection.provider_url),
    }
    status = 422 if request.method == "POST" else 200
    return _render(
        request, "branding/public/update.html", theme, context, status=status
    )


def usable_link(view):
    """Resolve the URL token to a link that is still usable, under its organization.

    Unknown or tampered tokens get Nectar's own invalid-link page (404), because they
    name no organization. Expired or revoked links get their organization's (410).
    The view receives the link and its theme and runs scoped to the link's
    organization.
    """

    @wraps(view)
    def wrapper(request, token):
        link = MagicLink.from_token(token)
        if link is None:
            return _invalid_link(request, nectar_theme(), status=404)

        with activate(link.organization):
            theme = theme_for(link.organization)
            if not link.is_usable:
                return _invalid_link(request, theme, status=410)
            return view(request, link, theme, token)

    return wrapper


@public_page
# Production error reports (mail to ADMINS, logged tracebacks) show it as stars.
@sensitive_post_parameters("password")
@usable_link
def magic_link(request, link, theme, token):
    """Show the form of a company link or a connection-update link, and take it."""
    if request.method == "POST" and not _post_allowed(link):
        return _render(request, "branding/public/rate_limited.html", theme, status=429)
    if link.kind == MagicLink.Kind.COMPANY:
        return _connect(request, link, theme)
    return _update(request, link, theme)


@public_page
@usable_link
def done(request, link, theme, token):
    """Thank the end client after a successful submission."""
    context = {"link": link, "token": token}
    return _render(request, "branding/public/done.html", theme, context)

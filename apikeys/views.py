"""Settings > Organization > API keys: list, create, roll and delete keys.

Each form opens in a `<dialog>` through htmx and as a full page without JavaScript.
A new key's value appears only in the response to the POST that created it: it is
never put in the session, in messages or in a cached page.
"""

from django.contrib import messages
from django.db.models import F
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.cache import add_never_cache_headers
from django.views.decorators.http import require_http_methods

from apikeys import services
from apikeys.forms import CreateKeyForm, DeleteKeyForm, RollKeyForm
from apikeys.models import ApiKey
from organizations.permissions import api_access_required, org_admin_required

SORTS = {
    "created": F("created_at").asc(),
    "-created": F("created_at").desc(),
    "last_used": F("last_used_at").asc(nulls_first=True),
    "-last_used": F("last_used_at").desc(nulls_last=True),
}
DEFAULT_SORT = "-created"


def _table_context(request):
    sort = request.GET.get("sort", DEFAULT_SORT)
    if sort not in SORTS:
        sort = DEFAULT_SORT
    keys = (
        ApiKey.objects.not_revoked()
        .select_related("created_by", "replaced_by")
        .order_by(SORTS[sort], "-id")
    )
    return {"keys": keys, "sort": sort}


def _posted(request):
    """Return the POST data to bind a form to, even when it is empty."""
    return request.POST if request.method == "POST" else None


def _render_step(request, partial, context, *, title, status=200):
    """Render a dialog step: the partial for htmx, a full page otherwise."""
    context = {**context, "partial": partial, "step_title": title}
    template = partial if request.htmx else "apikeys/step_page.html"
    return render(request, template, context, status=status)


def _render_reveal(request, api_key, value, *, replaced=None):
    context = {
        "api_key": api_key,
        "key_value": value,
        "replaced": replaced,
        **_table_context(request),
    }
    response = _render_step(
        request, "apikeys/partials/reveal.html", context, title="Copy your API key"
    )
    # The only response that contains the key, so browsers and proxies must not keep it.
    add_never_cache_headers(response)
    return response


@org_admin_required
@api_access_required
def key_list(request):
    return render(request, "apikeys/list.html", _table_context(request))


@org_admin_required
@api_access_required
@require_http_methods(["GET", "POST"])
def key_create(request):
    form = CreateKeyForm(_posted(request), organization=request.organization)
    if request.method == "POST" and form.is_valid():
        api_key, value = services.issue_key(
            organization=request.organization,
            created_by=request.user,
            name=form.cleaned_data["name"],
            environment=form.cleaned_data["environment"],
            expires_at=form.expires_at(),
        )
        return _render_reveal(request, api_key, value)

    status = 422 if form.is_bound else 200
    return _render_step(
        request,
        "apikeys/partials/create_form.html",
        {"form": form},
        title="Create API key",
        status=status,
    )


@org_admin_required
@api_access_required
@require_http_methods(["GET", "POST"])
def key_roll(request, pk):
    # A rolled key already has a replacement, and rolling it again would give a second
    # one the shortened grace lifetime of the old key.
    rollable = ApiKey.objects.live().filter(replaced_by__isnull=True)
    api_key = get_object_or_404(rollable, pk=pk)
    form = RollKeyForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        replacement, value = services.roll_key(
            api_key, actor=request.user, grace=form.grace_period()
        )
        api_key.refresh_from_db()
        return _render_reveal(request, replacement, value, replaced=api_key)

    status = 422 if form.is_bound else 200
    return _render_step(
        request,
        "apikeys/partials/roll_form.html",
        {"form": form, "api_key": api_key},
        title=f"Roll “{api_key.name}”",
        status=status,
    )


@org_admin_required
@api_access_required
@require_http_methods(["GET", "POST"])
def key_delete(request, pk):
    api_key = get_object_or_404(ApiKey.objects.not_revoked(), pk=pk)
    form = DeleteKeyForm(_posted(request), api_key=api_key)
    if request.method == "POST" and form.is_valid():
        services.revoke_key(api_key, actor=request.user)
        return _deleted_response(request, api_key)

    status = 422 if form.is_bound else 200
    return _render_step(
        request,
        "apikeys/partials/delete_form.html",
        {"form": form, "api_key": api_key},
        title=f"Delete “{api_key.name}”",
        status=status,
    )


def _deleted_response(request, api_key):
    notice = f"Deleted “{api_key.name}”. Requests with it now fail."
    if not request.htmx:
        messages.success(request, notice)
        return redirect(reverse("apikeys:list"))

    # The form was loaded into the dialog, but the response replaces the table. The
    # dialog closes after the swap, because closing it first would detach the form.
    context = {**_table_context(request), "notice": notice}
    response = render(request, "apikeys/partials/key_table.html", context)
    response["HX-Retarget"] = "#key-table"
    response["HX-Reswap"] = "outerHTML"
    response["HX-Trigger-After-Swap"] = "apikeys:close-dialog"
    return response

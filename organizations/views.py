from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.validators import validate_slug
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

from organizations.middleware import SESSION_KEY
from organizations.models import Membership
from organizations.permissions import org_admin_required


@login_required
def home(request):
    if request.membership is None:
        return render(request, "organizations/no_organization.html", status=403)
    if not request.membership.is_admin:
        return render(request, "organizations/member_home.html")
    return redirect("repository:bills")


@login_required
@require_POST
def switch_organization(request):
    slug = request.POST.get("organization", "")
    # PostgreSQL rejects text with NUL bytes, so a malformed slug must not reach the
    # query. No organization has such a slug, so it gets the 404 of a foreign one.
    try:
        validate_slug(slug)
    except ValidationError:
        raise Http404("No such organization.") from None
    membership = get_object_or_404(
        Membership.objects.select_related("organization"),
        user=request.user,
        organization__slug=slug,
    )
    request.session[SESSION_KEY] = membership.organization_id
    messages.success(request, f"Switched to {membership.organization.name}.")

    next_url = request.POST.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("home")
    return redirect(next_url)


@org_admin_required
def settings_faq(request):
    return render(request, "organizations/faq.html")

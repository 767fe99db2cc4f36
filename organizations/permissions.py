from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404


def org_admin_required(view):
    """Let only Org Admins of the active organization through.

    Anonymous visitors go to the login page and everyone else gets 403. Objects of
    other organizations are out of reach anyway: tenant queries are scoped.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if request.membership is None or not request.membership.is_admin:
            raise PermissionDenied("Only Org Admins may open organization settings.")
        return view(request, *args, **kwargs)

    return wrapper


def api_access_required(view):
    """Raise 404 where the organization lacks developer docs or native API access."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.organization is None or not request.organization.api_enabled:
            raise Http404("API access is not enabled for this organization.")
        return view(request, *args, **kwargs)

    return wrapper

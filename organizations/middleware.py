from organizations.models import Membership
from organizations.tenancy import activate

SESSION_KEY = "active_organization_id"


def _memberships(request) -> list[Membership]:
    if not request.user.is_authenticated:
        return []
    memberships = Membership.objects.filter(user=request.user).select_related(
        "organization"
    )
    return sorted(memberships, key=lambda membership: membership.organization.name)


def _resolve_membership(request, memberships):
    chosen_id = request.session.get(SESSION_KEY)
    by_org = {membership.organization_id: membership for membership in memberships}
    if chosen_id in by_org:
        return by_org[chosen_id]
    # Without a choice in the session, the first organization the user joined.
    return min(by_org.values(), key=lambda m: (m.created_at, m.pk), default=None)


class ActiveOrganizationMiddleware:
    """Put the active organization and membership on the request and scope queries.

    `request.organization` is None for anonymous users and users without a membership;
    tenant queries then raise instead of returning rows.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The switcher lists these too, so they are read once per request.
        request.memberships = _memberships(request)
        membership = _resolve_membership(request, request.memberships)
        request.membership = membership
        request.organization = membership.organization if membership else None
        with activate(request.organization):
            return self.get_response(request)

from organizations.models import Membership


def organization(request):
    """Expose the active organization and the user's other organizations."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    memberships = (
        Membership.objects.filter(user=user)
        .select_related("organization")
        .order_by("organization__name")
    )
    return {
        "organization": getattr(request, "organization", None),
        "membership": getattr(request, "membership", None),
        "memberships": memberships,
    }

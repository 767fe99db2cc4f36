from rest_framework.permissions import BasePermission

from apikeys.models import ApiKey


class HasApiKey(BasePermission):
    """Let through requests that an API key authenticated."""

    def has_permission(self, request, view):
        return isinstance(request.auth, ApiKey)

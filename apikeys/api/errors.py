"""JSON error bodies for the API: every error carries a `detail` string."""

from django.http import JsonResponse
from rest_framework.views import exception_handler


def api_exception_handler(exc, context):
    """Wrap field errors (invalid filters, cursor, page size) under a `detail`."""
    response = exception_handler(exc, context)
    if response is None:
        return None
    if not isinstance(response.data, dict) or "detail" not in response.data:
        response.data = {
            "detail": "Invalid request parameters.",
            "errors": response.data,
        }
    return response


def json_not_found(request, exception=None):
    return JsonResponse(
        {"detail": f"No API endpoint at {request.path}. See /api/v1/docs/."},
        status=404,
    )

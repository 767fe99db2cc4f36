"""The OpenAPI schema and an API reference page rendered from it on the server.

The reference is plain HTML in the console's own style, so it needs no JavaScript from
a CDN, unlike the Redoc and Swagger UI pages that drf-spectacular ships.
"""

from contextlib import ExitStack
from functools import cache

from django.shortcuts import render
from drf_spectacular.views import SpectacularAPIView
from rest_framework.authentication import SessionAuthentication
from rest_framework.permissions import BasePermission

from apikeys.api.authentication import ApiKeyAuthentication
from apikeys.api.schema import TenantSchemaGenerator
from apikeys.api.throttling import ApiKeyRateThrottle
from apikeys.models import ApiKey
from organizations.permissions import api_access_required, org_admin_required


class CanReadApiDocs(BasePermission):
    """An API key, or an Org Admin's session where the API is enabled."""

    def has_permission(self, request, view):
        if isinstance(request.auth, ApiKey):
            return True
        membership = getattr(request, "membership", None)
        organization = getattr(request, "organization", None)
        return (
            membership is not None
            and membership.is_admin
            and organization is not None
            and organization.api_enabled
        )


class SchemaView(SpectacularAPIView):
    authentication_classes = [ApiKeyAuthentication, SessionAuthentication]
    permission_classes = [CanReadApiDocs]
    # The schema is built on every request, so keys are held to their rate limit here
    # too. Sessions are not limited (the throttle lets requests without a key through).
    throttle_classes = [ApiKeyRateThrottle]

    def dispatch(self, request, *args, **kwargs):
        with ExitStack() as tenant_scope:
            request.tenant_scope = tenant_scope
            return super().dispatch(request, *args, **kwargs)


@cache
def api_schema() -> dict:
    """Return the OpenAPI schema of the API, built once per process."""
    return TenantSchemaGenerator().get_schema(request=None, public=True)


@org_admin_required
@api_access_required
def reference(request):
    schema = api_schema()
    endpoints = _endpoints(schema)
    context = {
        "info": schema["info"],
        "endpoints": endpoints,
        "base_url": request.build_absolute_uri("/")[:-1],
    }
    return render(request, "apikeys/reference.html", context)


def _endpoints(schema) -> list[dict]:
    endpoints = []
    components = schema.get("components", {}).get("schemas", {})
    for path, operations in schema["paths"].items():
        for method, operation in operations.items():
            endpoints.append(_endpoint(path, method, operation, components))
    return endpoints


def _endpoint(path, method, operation, components) -> dict:
    response = operation.get("responses", {}).get("200", {})
    body = response.get("content", {}).get("application/json", {}).get("schema", {})
    return {
        "anchor": operation["operationId"],
        "method": method.upper(),
        "path": path,
        "summary": operation.get("summary") or operation["operationId"],
        "description": operation.get("description", ""),
        "parameters": [_parameter(p) for p in operation.get("parameters", [])],
        "fields": _fields(body, components),
        "paginated": "results" in _resolve(body, components).get("properties", {}),
    }


def _parameter(parameter) -> dict:
    schema = parameter.get("schema", {})
    kind = schema.get("type", "string")
    if schema.get("format"):
        kind = f"{kind} ({schema['format']})"
    return {
        "name": parameter["name"],
        "location": parameter["in"],
        "required": parameter.get("required", False),
        "type": kind,
        "enum": schema.get("enum") or schema.get("items", {}).get("enum") or [],
        "description": parameter.get("description", ""),
    }


def _fields(body, components) -> list[dict]:
    """Return the fields of a response body, or of its paginated `results` items."""
    resolved = _resolve(body, components)
    results = resolved.get("properties", {}).get("results")
    if results is not None:
        resolved = _resolve(results.get("items", {}), components)
    fields = []
    for name, field in resolved.get("properties", {}).items():
        field = _resolve(field, components)
        kind = field.get("type", "string")
        if field.get("format"):
            kind = f"{kind} ({field['format']})"
        fields.append(
            {
                "name": name,
                "type": kind,
                "nullable": field.get("nullable", False),
                "enum": field.get("enum", []),
                "description": field.get("description", ""),
            }
        )
    return fields


def _resolve(schema, components) -> dict:
    if "$ref" in schema:
        return components.get(schema["$ref"].rsplit("/", 1)[-1], {})
    if "allOf" in schema and len(schema["allOf"]) == 1:
        return _resolve(schema["allOf"][0], components)
    return schema

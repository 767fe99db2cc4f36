from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.generators import SchemaGenerator

from organizations.tenancy import unscoped


class TenantSchemaGenerator(SchemaGenerator):
    """A schema generator that may build tenant querysets outside any request."""

    def get_schema(self, request=None, public=False):
        # drf-spectacular builds empty querysets to read the models of views and
        # FilterSets, and never evaluates them, so no organization's rows are read.
        with unscoped():
            return super().get_schema(request=request, public=public)


class ApiKeyScheme(OpenApiAuthenticationExtension):
    """Describes ApiKeyAuthentication in the schema as an `X-API-Key` header."""

    target_class = "apikeys.api.authentication.ApiKeyAuthentication"
    name = "ApiKey"

    def get_security_definition(self, auto_schema):
        return {
            "type": "apiKey",
            "in": "header",
            "name": "X-API-Key",
            "description": "An API key from Settings > Organization > API keys. "
            "`Authorization: Bearer <key>` works too.",
        }

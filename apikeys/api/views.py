"""The read-only Nectar API: ping, and list and detail views of repository rows.

Every view authenticates with an API key, runs under the key's organization and sees
only companies of the key's environment.
"""

from contextlib import ExitStack

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import exceptions, viewsets
from rest_framework.response import Response
from rest_framework.views import APIView

from apikeys.api import serializers
from apikeys.api.authentication import ApiKeyAuthentication
from apikeys.api.pagination import KeysetCursorPagination
from apikeys.api.permissions import HasApiKey
from apikeys.api.throttling import ApiKeyRateThrottle
from organizations.models import Company
from organizations.tenancy import activate
from repository import filters
from repository.models import Account, Bill, Connection, Meter, Site


class ApiKeyViewMixin:
    """Authentication, rate limit and tenant scope shared by every API view."""

    authentication_classes = [ApiKeyAuthentication]
    permission_classes = [HasApiKey]
    throttle_classes = [ApiKeyRateThrottle]

    def dispatch(self, request, *args, **kwargs):
        # A browser session's organization never applies to the API: the scope stays
        # empty until ApiKeyAuthentication activates the key's organization in it.
        with activate(None), ExitStack() as tenant_scope:
            request.tenant_scope = tenant_scope
            return super().dispatch(request, *args, **kwargs)

    def permission_denied(self, request, message=None, code=None):
        if request.authenticators and not request.successful_authenticator:
            raise exceptions.NotAuthenticated(
                "Missing API key. Send it in the X-API-Key header."
            )
        super().permission_denied(request, message, code)

    @property
    def api_key(self):
        return self.request.auth


class PingView(ApiKeyViewMixin, APIView):
    @extend_schema(
        summary="Check an API key",
        description="Returns the organization and environment that the key reaches.",
        responses=serializers.PingSerializer,
    )
    def get(self, request):
        api_key = self.api_key
        data = {
            "status": "ok",
            "organization": api_key.organization.name,
            "environment": api_key.environment,
            "key_name": api_key.name,
        }
        return Response(serializers.PingSerializer(data).data)


class RepositoryViewSet(ApiKeyViewMixin, viewsets.ReadOnlyModelViewSet):
    """List and retrieve rows of the key's organization and environment."""

    pagination_class = KeysetCursorPagination
    filter_backends = [DjangoFilterBackend]
    # Path from the model to Company.environment.
    environment_path = "company__environment"
    model = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):
            # drf-spectacular reads only the model while it builds the schema.
            return self.model._base_manager.none()
        environment = self.api_key.environment
        return self.model.objects.filter(**{self.environment_path: environment})


def _resource_schema(name: str, plural: str):
    return extend_schema_view(
        list=extend_schema(
            summary=f"List {plural}",
            description=f"Lists the {plural} of the key's organization that belong "
            "to companies of the key's environment, one page at a time.",
            tags=[plural],
        ),
        retrieve=extend_schema(
            summary=f"Retrieve {'an' if name[0] in 'aeiou' else 'a'} {name}",
            description=f"Returns one {name} by id; ids of other environments "
            "and organizations are not found (404).",
            tags=[plural],
        ),
    )


@_resource_schema("company", "companies")
class CompanyViewSet(RepositoryViewSet):
    model = Company
    environment_path = "environment"
    serializer_class = serializers.CompanySerializer
    filterset_class = filters.CompanyFilter


@_resource_schema("site", "sites")
class SiteViewSet(RepositoryViewSet):
    model = Site
    serializer_class = serializers.SiteSerializer
    filterset_class = filters.SiteFilter


@_resource_schema("connection", "connections")
class ConnectionViewSet(RepositoryViewSet):
    model = Connection
    serializer_class = serializers.ConnectionSerializer
    filterset_class = filters.ConnectionFilter


@_resource_schema("account", "accounts")
class AccountViewSet(RepositoryViewSet):
    model = Account
    serializer_class = serializers.AccountSerializer
    filterset_class = filters.AccountFilter


@_resource_schema("meter", "meters")
class MeterViewSet(RepositoryViewSet):
    model = Meter
    serializer_class = serializers.MeterSerializer
    filterset_class = filters.MeterFilter


@_resource_schema("bill", "bills")
class BillViewSet(RepositoryViewSet):
    model = Bill
    serializer_class = serializers.BillSerializer
    filterset_class = filters.BillFilter

"""Read-only representations of the repository rows; related rows appear as ids."""

from rest_framework import serializers

from organizations.models import Company
from repository.models import Account, Bill, Connection, Meter, Site


class CompanySerializer(serializers.ModelSerializer):
    class Meta:
        model = Company
        fields = ["id", "name", "environment", "external_id", "created_at"]


class SiteSerializer(serializers.ModelSerializer):
    class Meta:
        model = Site
        fields = ["id", "company", "name", "street", "city", "postal_code", "country"]


class ConnectionSerializer(serializers.ModelSerializer):
    """A utility portal login; the portal password never leaves the server."""

    class Meta:
        model = Connection
        fields = [
            "id",
            "company",
            "provider_name",
            "provider_url",
            "username",
            "status",
            "created_via",
            "last_synced_at",
            "created_at",
            "updated_at",
        ]


class AccountSerializer(serializers.ModelSerializer):
    class Meta:
        model = Account
        fields = [
            "id",
            "company",
            "connection",
            "account_number",
            "utility_type",
            "status",
            "tracked",
            "created_at",
        ]


class MeterSerializer(serializers.ModelSerializer):
    class Meta:
        model = Meter
        fields = [
            "id",
            "company",
            "account",
            "site",
            "meter_number",
            "utility_type",
            "tracked",
            "created_at",
        ]


class BillSerializer(serializers.ModelSerializer):
    class Meta:
        model = Bill
        fields = [
            "id",
            "company",
            "account",
            "meter",
            "connection",
            "utility_type",
            "period_start",
            "period_end",
            "statement_date",
            "total_charges",
            "currency",
            "usage",
            "usage_unit",
            "status",
            "source",
            "created_at",
            "processed_at",
        ]


class PingSerializer(serializers.Serializer):
    status = serializers.CharField(help_text="Always `ok`.")
    organization = serializers.CharField(help_text="Name of the key's organization.")
    environment = serializers.CharField(help_text="`sandbox` or `production`.")
    key_name = serializers.CharField(help_text="Name of the key that was used.")

"""The project's URLs plus a plain DRF list of bills with page-number pagination.

benchmarks/api.py drives both to compare OFFSET paging with the API's keyset cursor.
"""

from django.urls import path
from rest_framework.generics import ListAPIView
from rest_framework.pagination import PageNumberPagination

from apikeys.api.serializers import BillSerializer
from apikeys.api.views import ApiKeyViewMixin
from nectar.urls import urlpatterns as project_urlpatterns
from repository.models import Bill


class FiftyPerPage(PageNumberPagination):
    page_size = 50


class PlainBillList(ApiKeyViewMixin, ListAPIView):
    serializer_class = BillSerializer
    pagination_class = FiftyPerPage

    def get_queryset(self):
        return Bill.objects.filter(company__environment=self.request.auth.environment)


urlpatterns = [
    path("bench/plain-bills/", PlainBillList.as_view()),
    *project_urlpatterns,
]

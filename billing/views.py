from django.shortcuts import render

from organizations.permissions import org_admin_required


@org_admin_required
def overview(request):
    return render(request, "billing/overview.html")

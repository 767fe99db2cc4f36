from django.shortcuts import render

from organizations.permissions import org_admin_required


@org_admin_required
def bills(request):
    return render(request, "repository/bills.html")

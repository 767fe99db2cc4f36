from django.shortcuts import render

from organizations.permissions import org_admin_required


@org_admin_required
def settings(request):
    return render(request, "branding/settings.html")

from django.shortcuts import render

from organizations.permissions import api_access_required, org_admin_required


@org_admin_required
@api_access_required
def key_list(request):
    return render(request, "apikeys/list.html")

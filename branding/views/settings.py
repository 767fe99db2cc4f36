"""The White label settings page: edit, preview, save and reset the branding."""

from django.contrib import messages
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from branding.forms import BrandingForm
from branding.models import Branding
from branding.theme import nectar_theme
from organizations.permissions import org_admin_required


def _saved_branding() -> Branding | None:
    return Branding.objects.first()


def _render_page(request, form, theme, *, status=200):
    context = {"form": form, "theme": theme, "branding": _saved_branding()}
    return render(request, "branding/settings.html", context, status=status)


@org_admin_required
def branding_settings(request):
    """Show the branding form (GET) or save it (POST)."""
    branding = _saved_branding()
    form = BrandingForm(request.POST or None, instance=branding)
    saved_theme = branding.theme if branding else nectar_theme()
    if request.method != "POST":
        return _render_page(request, form, saved_theme)
    if not form.is_valid():
        return _render_page(request, form, form.preview_theme(saved_theme), status=422)

    branding = form.save(commit=False)
    branding.updated_by = request.user
    branding.save()
    messages.success(request, "Branding saved. Magic-link pages show it from now on.")
    return redirect("branding:settings")


@org_admin_required
@require_POST
def preview(request):
    """Render the unsaved values; this view never writes to the database."""
    branding = _saved_branding()
    saved_theme = branding.theme if branding else nectar_theme()
    form = BrandingForm(request.POST)
    # is_valid() only collects the field errors shown in the preview.
    form.is_valid()
    theme = form.preview_theme(saved_theme)
    if request.htmx:
        context = {"form": form, "theme": theme}
        return render(request, "branding/partials/preview.html", context)
    return _render_page(request, form, theme)


@org_admin_required
def reset(request):
    """Ask before removing the branding (GET), then remove it (POST)."""
    branding = _saved_branding()
    if request.method != "POST":
        return render(request, "branding/reset_confirm.html", {"branding": branding})
    if branding is None:
        messages.info(request, "Magic-link pages already use Nectar's defaults.")
    else:
        branding.delete()
        messages.success(request, "Branding removed. Magic-link pages show Nectar.")
    return redirect("branding:settings")

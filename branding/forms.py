from django import forms
from django.conf import settings

from branding import validators
from branding.models import Branding
from branding.providers import CUSTOM_PROVIDER, PROVIDERS, PROVIDERS_BY_SLUG
from branding.theme import NECTAR_COLOR, Theme

MAGIC_LINK_MAX_DAYS = 365


class BrandingForm(forms.ModelForm):
    """White-label values, checked and normalised by branding.validators."""

    class Meta:
        model = Branding
        fields = ["company_name", "brand_color", "logo_url"]
        labels = {
            "company_name": "Company name",
            "brand_color": "Brand color",
            "logo_url": "Logo URL",
        }
        help_texts = {
            "company_name": "Shown in the page header instead of “Nectar”. "
            "1 to 80 characters.",
            "brand_color": "Hex color for buttons and accents, such as #1D4ED8.",
            "logo_url": "Optional. An https:// address of a PNG, SVG or JPEG image, "
            "shown at 40 pixels high.",
        }
        widgets = {
            "company_name": forms.TextInput(attrs={"autocomplete": "organization"}),
            "brand_color": forms.TextInput(
                attrs={"spellcheck": "false", "autocomplete": "off", "maxlength": 7}
            ),
            "logo_url": forms.TextInput(
                attrs={"inputmode": "url", "spellcheck": "false", "autocomplete": "off"}
            ),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Length limits are checked in clean_* with a message naming the value, so the
        # browser must not cut pasted text short first.
        for field in self.fields.values():
            field.widget.attrs.pop("maxlength", None)
            field.max_length = None
            field.validators = []
        self.fields["company_name"].error_messages["required"] = (
            "Enter the company name your clients know you by."
        )
        self.fields["brand_color"].error_messages["required"] = (
            "Enter a brand color, such as #1D4ED8."
        )
        if not self.instance.pk:
            self.initial.setdefault("brand_color", NECTAR_COLOR)

    def clean_company_name(self):
        return validators.clean_company_name(self.cleaned_data["company_name"])

    def clean_brand_color(self):
        return validators.clean_brand_color(self.cleaned_data["brand_color"])

    def clean_logo_url(self):
        return validators.clean_logo_url(self.cleaned_data["logo_url"])

    def preview_theme(self, fallback: Theme) -> Theme:
        """Return the theme of the valid values, with `fallback`'s for invalid ones."""
        data = getattr(self, "cleaned_data", {})
        return Theme(
            name=data.get("company_name", fallback.name),
            color=data.get("brand_color", fallback.color),
            logo_url=data.get("logo_url", fallback.logo_url),
        )


class MagicLinkCreateForm(forms.Form):
    days = forms.IntegerField(
        label="Valid for (days)",
        min_value=1,
        max_value=MAGIC_LINK_MAX_DAYS,
        help_text=f"1 to {MAGIC_LINK_MAX_DAYS} days.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["days"].initial = settings.MAGIC_LINK_DEFAULT_DAYS


def _provider_choices():
    choices = [(provider.slug, provider.name) for provider in PROVIDERS]
    return [*choices, (CUSTOM_PROVIDER, "Another provider")]


class CredentialsForm(forms.Form):
    """Username and password of a utility portal, as an end client enters them."""

    username = forms.CharField(
        label="Username or email",
        max_length=200,
        error_messages={
            "required": "Enter the username you log in to the portal with."
        },
        widget=forms.TextInput(attrs={"autocomplete": "username"}),
    )
    # render_value=False: a password never comes back in a response.
    password = forms.CharField(
        label="Password",
        max_length=500,
        error_messages={"required": "Enter your portal password."},
        strip=False,
        widget=forms.PasswordInput(
            attrs={"autocomplete": "current-password"}, render_value=False
        ),
    )


class ConnectForm(CredentialsForm):
    """Provider choice plus portal credentials, for a new connection."""

    provider = forms.ChoiceField(
        label="Utility provider",
        choices=_provider_choices,
        widget=forms.RadioSelect,
        error_messages={"required": "Choose your utility provider."},
    )
    custom_name = forms.CharField(label="Provider name", max_length=200, required=False)
    custom_url = forms.CharField(
        label="Portal URL",
        max_length=500,
        required=False,
        help_text="The https:// address where you log in to see your bills.",
        widget=forms.TextInput(attrs={"inputmode": "url", "spellcheck": "false"}),
    )

    field_order = ["provider", "custom_name", "custom_url", "username", "password"]

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("provider") == CUSTOM_PROVIDER:
            self._clean_custom_provider(cleaned)
        return cleaned

    def _clean_custom_provider(self, cleaned):
        if not cleaned.get("custom_name", "").strip():
            self.add_error("custom_name", "Enter the name of your utility provider.")
        url = cleaned.get("custom_url", "")
        if not url:
            self.add_error("custom_url", "Enter the address of the provider's portal.")
            return
        try:
            cleaned["custom_url"] = validators.clean_portal_url(url)
        except forms.ValidationError as error:
            self.add_error("custom_url", error)

    def provider_details(self) -> tuple[str, str]:
        """Return the chosen provider's name and portal URL."""
        slug = self.cleaned_data["provider"]
        if slug == CUSTOM_PROVIDER:
            return self.cleaned_data["custom_name"].strip(), self.cleaned_data[
                "custom_url"
            ]
        provider = PROVIDERS_BY_SLUG[slug]
        return provider.name, provider.portal_url

import datetime

from django import forms
from django.utils import timezone

from apikeys.models import ApiKey
from organizations.models import Environment

EXPIRATION_CHOICES = [
    ("30", "30 days"),
    ("60", "60 days"),
    ("90", "90 days"),
    ("365", "1 year"),
    ("custom", "Custom date"),
    ("never", "Never"),
]

GRACE_PERIODS = {
    "now": datetime.timedelta(0),
    "1h": datetime.timedelta(hours=1),
    "24h": datetime.timedelta(hours=24),
    "7d": datetime.timedelta(days=7),
}
GRACE_CHOICES = [
    ("now", "Immediately"),
    ("1h", "In 1 hour"),
    ("24h", "In 24 hours"),
    ("7d", "In 7 days"),
]

# Typing the name is asked for before deleting a key used this recently.
RECENT_USE = datetime.timedelta(hours=1)
# The latest custom expiry date, counted from today. "Never" covers longer lives, and
# the bound keeps expiry arithmetic (a day added here, a lifetime added when rolling)
# far from year 9999, where Python's datetime ends.
MAX_CUSTOM_EXPIRY = datetime.timedelta(days=5 * 365)


class CreateKeyForm(forms.Form):
    name = forms.CharField(
        max_length=100,
        help_text="Say where the key is used, such as “Billing sync (production)”.",
    )
    environment = forms.ChoiceField(
        choices=Environment.choices,
        initial=Environment.SANDBOX,
        widget=forms.RadioSelect,
        help_text="A sandbox key sees sandbox companies only, a production key "
        "production companies only.",
    )
    expiration = forms.ChoiceField(choices=EXPIRATION_CHOICES, initial="90")
    expires_on = forms.DateField(
        required=False,
        label="Expiration date",
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text="The key works until the end of this day (UTC).",
    )

    def __init__(self, *args, organization, **kwargs):
        super().__init__(*args, **kwargs)
        self.organization = organization
        today = timezone.now().date()
        self.fields["expires_on"].widget.attrs.update(
            min=(today + datetime.timedelta(days=1)).isoformat(),
            max=(today + MAX_CUSTOM_EXPIRY).isoformat(),
        )

    def clean_name(self):
        name = self.cleaned_data["name"].strip()
        taken = ApiKey.objects.live().filter(
            organization=self.organization, name__iexact=name
        )
        if taken.exists():
            raise forms.ValidationError(
                f"An active key is already named “{name}”. Choose another name."
            )
        return name

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("expiration") == "custom":
            self._check_custom_date(cleaned.get("expires_on"))
        return cleaned

    def _check_custom_date(self, expires_on):
        if expires_on is None:
            if "expires_on" not in self.errors:
                self.add_error("expires_on", "Enter the date the key should expire.")
        elif expires_on <= timezone.now().date():
            self.add_error("expires_on", "Choose a date after today.")
        elif expires_on > timezone.now().date() + MAX_CUSTOM_EXPIRY:
            self.add_error(
                "expires_on",
                "Choose a date within 5 years, or choose Never as the expiration.",
            )

    def expires_at(self):
        """Return the chosen expiry time, or None for a key that never expires."""
        choice = self.cleaned_data["expiration"]
        if choice == "never":
            return None
        if choice == "custom":
            day_after = self.cleaned_data["expires_on"] + datetime.timedelta(days=1)
            return datetime.datetime.combine(
                day_after, datetime.time.min, tzinfo=datetime.UTC
            )
        return timezone.now() + datetime.timedelta(days=int(choice))


class RollKeyForm(forms.Form):
    grace = forms.ChoiceField(
        choices=GRACE_CHOICES,
        initial="24h",
        label="Old key stops working",
        help_text="Both keys work until then, so you can deploy the new key first.",
    )

    def grace_period(self) -> datetime.timedelta:
        return GRACE_PERIODS[self.cleaned_data["grace"]]


class DeleteKeyForm(forms.Form):
    """Confirm a deletion, requiring the key's name when the key is in recent use."""

    confirm_name = forms.CharField(required=False, label="Type the key's name")

    def __init__(self, *args, api_key, **kwargs):
        super().__init__(*args, **kwargs)
        self.api_key = api_key
        self.name_required = _used_recently(api_key)
        if not self.name_required:
            del self.fields["confirm_name"]

    def clean_confirm_name(self):
        typed = self.cleaned_data["confirm_name"].strip()
        if typed != self.api_key.name:
            raise forms.ValidationError(
                "The name does not match. Type the key's name exactly to delete it."
            )
        return typed


def _used_recently(api_key: ApiKey) -> bool:
    last_used = api_key.last_used_at
    return last_used is not None and timezone.now() - last_used < RECENT_USE

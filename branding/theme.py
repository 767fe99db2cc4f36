"""The look of public magic-link pages: an organization's branding or Nectar's own."""

from dataclasses import dataclass

from django.templatetags.static import static

from branding.colors import (
    MIN_TEXT_CONTRAST,
    WHITE,
    contrast_ratio,
    nearest_shade_with_contrast,
    readable_text_color,
)

NECTAR_NAME = "Nectar"
NECTAR_COLOR = "#1D4ED8"
NECTAR_LOGO_STATIC_PATH = "branding/nectar-logo.svg"


@dataclass(frozen=True)
class Theme:
    """Name, color and logo shown on public pages, with the derived button colors."""

    name: str
    color: str
    logo_url: str
    is_default: bool = False

    @property
    def text_color(self) -> str:
        """White or black, whichever reads better on the brand color."""
        return readable_text_color(self.color)

    @property
    def text_contrast(self) -> float:
        return contrast_ratio(self.text_color, self.color)

    @property
    def white_contrast(self) -> float:
        """Contrast of white on the brand color, which is also the color on white."""
        return contrast_ratio(WHITE, self.color)

    @property
    def has_low_contrast(self) -> bool:
        """True when white text, or the color used as text on white, fails WCAG AA."""
        return self.white_contrast < MIN_TEXT_CONTRAST

    @property
    def suggested_color(self) -> str:
        """Nearest shade on which white text, and which on white, reaches 4.5:1."""
        return nearest_shade_with_contrast(self.color, WHITE)


def nectar_theme() -> Theme:
    return Theme(
        name=NECTAR_NAME,
        color=NECTAR_COLOR,
        logo_url=static(NECTAR_LOGO_STATIC_PATH),
        is_default=True,
    )


def theme_for(organization) -> Theme:
    """Return the saved branding of `organization`, or Nectar's own without one."""
    from branding.models import Branding

    branding = Branding.objects.filter(organization=organization).first()
    if branding is None:
        return nectar_theme()
    return branding.theme

import pytest

from branding.colors import (
    BLACK,
    WHITE,
    contrast_ratio,
    nearest_shade_with_contrast,
    readable_text_color,
)
from branding.theme import Theme


def test_contrast_of_black_on_white_is_21():
    assert contrast_ratio(BLACK, WHITE) == pytest.approx(21.0)


def test_contrast_is_symmetric():
    assert contrast_ratio("#1D4ED8", WHITE) == contrast_ratio(WHITE, "#1D4ED8")


@pytest.mark.parametrize(
    ("color", "expected"),
    [
        # Reference values from the WebAIM contrast checker.
        ("#1D4ED8", 6.70),
        ("#767676", 4.54),
        ("#777777", 4.48),
        ("#FFFF00", 1.07),
    ],
)
def test_contrast_against_white_matches_reference(color, expected):
    assert contrast_ratio(WHITE, color) == pytest.approx(expected, abs=0.01)


@pytest.mark.parametrize(
    ("background", "expected"),
    [("#1D4ED8", WHITE), ("#FFFF00", BLACK), ("#000000", WHITE), ("#F5F5F5", BLACK)],
)
def test_readable_text_color_picks_higher_contrast(background, expected):
    assert readable_text_color(background) == expected


@pytest.mark.parametrize(
    "color", ["#FFFF00", "#F59E0B", "#808080", "#FFFFFF", "#7DD3FC"]
)
def test_nearest_shade_reaches_minimum(color):
    shade = nearest_shade_with_contrast(color)

    assert contrast_ratio(WHITE, shade) >= 4.5
    # Only a little above the minimum: the nearest shade, not black.
    assert contrast_ratio(WHITE, shade) < 4.7


def test_nearest_shade_keeps_passing_color():
    assert nearest_shade_with_contrast("#1D4ED8") == "#1D4ED8"


def test_nearest_shade_of_yellow_stays_yellow():
    shade = nearest_shade_with_contrast("#FFFF00")

    red, green, blue = (int(shade[i : i + 2], 16) for i in (1, 3, 5))
    assert red == green
    assert blue == 0


def test_theme_flags_light_color():
    theme = Theme(name="Acme", color="#FFFF00", logo_url="")

    assert theme.has_low_contrast
    assert theme.text_color == BLACK


def test_theme_passes_dark_blue():
    theme = Theme(name="Acme", color="#1D4ED8", logo_url="")

    assert not theme.has_low_contrast
    assert theme.text_color == WHITE

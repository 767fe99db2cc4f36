"""Hex colors and the WCAG 2.1 contrast arithmetic behind readable brand buttons.

Formulas from WCAG 2.1, "relative luminance" and "contrast ratio" definitions:
https://www.w3.org/TR/WCAG21/#dfn-relative-luminance
"""

import colorsys
import re

WHITE = "#FFFFFF"
BLACK = "#000000"

# WCAG 2.1 success criterion 1.4.3 (level AA) for normal-size text.
MIN_TEXT_CONTRAST = 4.5

_HEX_COLOR = re.compile(r"#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})")


def normalize_hex(value: str) -> str | None:
    """Return `#RGB` or `#RRGGBB` as upper-case `#RRGGBB`, or None for anything else."""
    if not _HEX_COLOR.fullmatch(value):
        return None
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(digit * 2 for digit in digits)
    return f"#{digits.upper()}"


def _channels(color: str) -> tuple[int, int, int]:
    return int(color[1:3], 16), int(color[3:5], 16), int(color[5:7], 16)


def _linear(channel: int) -> float:
    srgb = channel / 255
    if srgb <= 0.03928:
        return srgb / 12.92
    return ((srgb + 0.055) / 1.055) ** 2.4


def relative_luminance(color: str) -> float:
    red, green, blue = (_linear(channel) for channel in _channels(color))
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(foreground: str, background: str) -> float:
    """Return the WCAG 2.1 contrast ratio of two `#RRGGBB` colors, from 1 to 21."""
    lighter, darker = sorted(
        (relative_luminance(foreground), relative_luminance(background)), reverse=True
    )
    return (lighter + 0.05) / (darker + 0.05)


def readable_text_color(background: str) -> str:
    """Return white or black, whichever contrasts more with `background`."""
    if contrast_ratio(WHITE, background) >= contrast_ratio(BLACK, background):
        return WHITE
    return BLACK


def _to_hex(red: float, green: float, blue: float) -> str:
    return "#" + "".join(
        f"{round(channel * 255):02X}" for channel in (red, green, blue)
    )


def _shade(color: str, lightness: float) -> str:
    red, green, blue = (channel / 255 for channel in _channels(color))
    hue, _, saturation = colorsys.rgb_to_hls(red, green, blue)
    return _to_hex(*colorsys.hls_to_rgb(hue, lightness, saturation))


def nearest_shade_with_contrast(
    color: str, text: str = WHITE, minimum: float = MIN_TEXT_CONTRAST
) -> str:
    """Return the shade of `color` closest in lightness that gives `text` `minimum`.

    The hue and saturation stay; only the HLS lightness moves, towards black for light
    text and towards white for dark text. Returns `color` itself when it already
    passes. Luminance grows with lightness at a fixed hue and saturation, so a
    bisection over lightness finds the boundary.
    """
    if contrast_ratio(text, color) >= minimum:
        return color

    red, green, blue = (channel / 255 for channel in _channels(color))
    _, start, _ = colorsys.rgb_to_hls(red, green, blue)
    darken = relative_luminance(text) >= relative_luminance(color)
    passing, failing = (0.0, start) if darken else (1.0, start)
    for _ in range(40):
        middle = (passing + failing) / 2
        if contrast_ratio(text, _shade(color, middle)) >= minimum:
            passing = middle
        else:
            failing = middle

    shade = _shade(color, passing)
    # Rounding to whole channel values can land a hair under the minimum.
    step = -0.002 if darken else 0.002
    while contrast_ratio(text, shade) < minimum and 0.0 < passing < 1.0:
        passing = min(max(passing + step, 0.0), 1.0)
        shade = _shade(color, passing)
    return shade

from decimal import Decimal

from django import template
from django.contrib.humanize.templatetags.humanize import intcomma
from django.utils.html import format_html
from django.utils.safestring import mark_safe

register = template.Library()

BADGE_CLASSES = {
    "active": "badge-success",
    "processed": "badge-success",
    "pending": "badge-info",
    "has_issues": "badge-danger",
    "error": "badge-danger",
    "disconnected": "badge-warning",
    "inactive": "",
    "closed": "",
}


@register.simple_tag
def status_badge(value, label):
    """Render a status as a badge colored by how much it needs attention."""
    css_class = BADGE_CLASSES.get(value, "")
    return format_html('<span class="badge {}">{}</span>', css_class, label)


@register.filter
def money(amount, currency):
    """Format `amount` with two decimals, thousands separators and its currency."""
    if amount is None:
        return ""
    return f"{intcomma(f'{amount:.2f}')} {currency}"


@register.filter
def quantity(amount, unit):
    """Format a usage without trailing zeros, followed by its unit."""
    if amount is None:
        return "—"
    text = f"{Decimal(amount):f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return f"{intcomma(text)} {unit}".strip()


@register.simple_tag(takes_context=True)
def sort_header(context, label, param, numeric=False):
    """Render a table header that links to the rows sorted by `param`.

    The first click sorts ascending and the next one descending. The link keeps the
    other filters and returns to the first page.
    """
    request = context["request"]
    current = context.get("current_sort", "")
    if current == param:
        direction, next_sort, arrow = "ascending", f"-{param}", "▲"
    elif current == f"-{param}":
        direction, next_sort, arrow = "descending", param, "▼"
    else:
        direction, next_sort, arrow = "none", param, ""

    query = request.GET.copy()
    query["sort"] = next_sort
    query.pop("page", None)
    url = f"{request.path}?{query.urlencode()}"
    return format_html(
        '<th scope="col" aria-sort="{}"{}><a href="{}" hx-get="{}" class="{}">'
        '{} <span aria-hidden="true">{}</span></a></th>',
        direction,
        mark_safe(' class="num"') if numeric else "",
        url,
        url,
        "sorted" if arrow else "",
        label,
        arrow,
    )

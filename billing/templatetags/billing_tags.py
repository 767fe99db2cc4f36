from django import template

from billing.money import format_amount

register = template.Library()


@register.filter
def money(amount, currency):
    """Format a Stripe amount given in minor units: `{{ total|money:currency }}`."""
    return format_amount(amount, currency)

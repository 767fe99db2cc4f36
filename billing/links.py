"""Links from an invoice into the Data repository, filtered to the invoice's period."""

import datetime
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse

from billing.periods import period_dates


def _filtered_url(url_name: str, parameters: dict) -> str | None:
    try:
        path = reverse(url_name)
    except NoReverseMatch:
        # The Data repository page for this kind does not exist on this install.
        return None
    return f"{path}?{urlencode(parameters)}"


def repository_links(start: datetime.datetime, end: datetime.datetime) -> dict:
    first_day, last_day = period_dates(start, end)
    period = {
        "period_after": first_day.isoformat(),
        "period_before": last_day.isoformat(),
    }
    return {
        "bills": _filtered_url("repository:bills", period),
        "meters": _filtered_url("repository:meters", period),
    }

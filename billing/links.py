"""Links from an invoice into the Data repository, filtered to the invoice's period."""

import datetime
from urllib.parse import urlencode

from django.urls import NoReverseMatch, reverse


def period_dates(start: datetime.datetime, end: datetime.datetime) -> tuple:
    """Return the first and last day of a Stripe period.

    Stripe periods end exclusively (a month runs from the 1st to the next 1st at
    00:00), so the last day is the one before `end` unless the period is empty.
    """
    last_moment = end - datetime.timedelta(microseconds=1) if end > start else end
    return start.date(), last_moment.date()


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

import datetime


def period_dates(start: datetime.datetime, end: datetime.datetime) -> tuple:
    """Return the first and last day of a Stripe period.

    Stripe periods end exclusively (a month runs from the 1st to the next 1st at
    00:00), so the last day is the one before `end` unless the period is empty.
    """
    last_moment = end - datetime.timedelta(microseconds=1) if end > start else end
    return start.date(), last_moment.date()

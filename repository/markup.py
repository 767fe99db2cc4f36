"""HTML helpers for markup built in Python on the hot paths of the tables."""

import html

from django.utils.safestring import SafeData


def escaped(value) -> str:
    """Escape like django.utils.html.conditional_escape, without its lazy wrapper.

    conditional_escape() goes through keep_lazy() on every call, which on a page of
    hundreds of cells costs more than the escaping itself.
    """
    if isinstance(value, SafeData):
        return str(value)
    return html.escape(str(value))

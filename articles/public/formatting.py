"""How readers' pages write dates; the template filters of the same names call these."""

from django.utils.dates import MONTHS


def html_datetime(moment):
    """
    ``moment`` as a valid HTML ``datetime`` attribute: ISO 8601 to the second
    (HTML allows at most three digits of fractional seconds; Python gives six).
    """
    if not moment:
        return ""
    return moment.replace(microsecond=0).isoformat()


def long_date(moment):
    """
    ``moment`` as readers see dates, "December 3, 2026": what ``date:"F j, Y"``
    gives, without parsing the format string on every call (public pages show
    up to a dozen dates, each rendered per request).
    """
    if not moment:
        return ""
    return f"{MONTHS[moment.month]} {moment.day}, {moment.year}"

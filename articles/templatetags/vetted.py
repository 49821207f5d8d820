from django import template
from django.utils.dates import MONTHS

from articles.domain.rendering import render_markdown
from articles.public.links import asset, link

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown through the sanitising renderer."""
    return render_markdown(text or "")


@register.filter(expects_localtime=True)
def html_datetime(moment):
    """
    ``moment`` as a valid HTML ``datetime`` attribute: ISO 8601 to the second
    (HTML allows at most three digits of fractional seconds; Python gives six).
    """
    if not moment:
        return ""
    return moment.replace(microsecond=0).isoformat()


@register.filter(expects_localtime=True)
def long_date(moment):
    """
    ``moment`` as readers see dates, "December 3, 2026": what ``date:"F j, Y"``
    gives, without parsing the format string on every call (public pages show
    up to a dozen dates, each rendered per request).
    """
    if not moment:
        return ""
    return f"{MONTHS[moment.month]} {moment.day}, {moment.year}"


@register.simple_tag
def site_static(path):
    """``{% static path %}``, worked out once per process (``articles.public.links.asset``)."""
    return asset(path)


@register.simple_tag
def site_url(name, *args):
    """``{% url %}`` for the readers' site, reversed once per process (``articles.public.links``)."""
    return link(name, *args)

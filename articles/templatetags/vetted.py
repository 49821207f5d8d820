from django import template

from articles.domain.rendering import render_markdown
from articles.public.links import link

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


@register.simple_tag
def site_url(name, *args):
    """``{% url %}`` for the readers' site, reversed once per process (``articles.public.links``)."""
    return link(name, *args)

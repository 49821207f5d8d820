from django import template

from articles.domain.rendering import render_markdown
from articles.public import formatting
from articles.public.links import asset, link

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown through the sanitising renderer."""
    return render_markdown(text or "")


@register.filter(expects_localtime=True)
def html_datetime(moment):
    """``moment`` as an HTML ``datetime`` attribute (``articles.public.formatting``)."""
    return formatting.html_datetime(moment)


@register.filter(expects_localtime=True)
def long_date(moment):
    """``moment`` as readers see dates, "December 3, 2026" (``articles.public.formatting``)."""
    return formatting.long_date(moment)


@register.simple_tag
def site_static(path):
    """``{% static path %}``, worked out once per process (``articles.public.links.asset``)."""
    return asset(path)


@register.simple_tag
def site_url(name, *args):
    """``{% url %}`` for the readers' site, reversed once per process (``articles.public.links``)."""
    return link(name, *args)

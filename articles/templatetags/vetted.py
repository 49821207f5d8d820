from django import template
from django.conf import settings
from django.urls import get_script_prefix, get_urlconf

from articles.domain.rendering import render_markdown
from articles.public import formatting
from articles.public.links import asset, link, settings_generation

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


@register.tag
def sitewide(parser, token):
    """
    ``{% sitewide %}...{% endsitewide %}``: markup that is the same on every
    page of the site (the header's and footer's links), rendered once per
    process and URL configuration instead of tag by tag on every request. It
    is rendered with an empty context, so a variable put inside by mistake
    shows as nothing at once rather than as the first request's value.
    """
    nodelist = parser.parse(("endsitewide",))
    parser.delete_first_token()
    return SitewideNode(nodelist)


class SitewideNode(template.Node):
    def __init__(self, nodelist):
        self.nodelist = nodelist
        self.rendered = {}

    def render(self, context):
        key = (get_urlconf() or settings.ROOT_URLCONF, get_script_prefix(), settings_generation())
        html = self.rendered.get(key)
        if html is None:
            html = self.rendered[key] = self.nodelist.render(template.Context(autoescape=context.autoescape))
        return html

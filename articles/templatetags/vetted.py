from django import template

from articles.domain.rendering import render_markdown

register = template.Library()


@register.filter
def markdown(text):
    """Render Markdown through the sanitising renderer."""
    return render_markdown(text or "")

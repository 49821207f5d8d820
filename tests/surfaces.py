"""
Every public rendering of an article, for tests that check what readers get
(rule 4: each one carries every disclaimer that applies).

``public_renderings(client, article)`` returns ``{surface name: text}`` for
the live article. It always includes the article page and its JSON-LD
structured data on their own; a surface whose URL
name is in ``OPTIONAL_SURFACES`` is included as soon as that URL exists, so
adding a feed (or another surface) to ``articles/urls.py`` brings it under
the disclaimer tests in ``tests/test_disclaimer_rules.py`` with no change
there. ``carries(text, disclaimer)`` says whether a rendering shows a frozen
disclaimer (a ``revision.disclaimers`` entry): its title and its whole body
as plain text, whatever the markup or escaping (HTML, RSS, Atom, JSON-LD).
"""

import html
import re

from django.urls import NoReverseMatch, reverse

from articles.domain.rendering import plain_text

#: (surface name, URL name, whether the URL takes the article's slug).
OPTIONAL_SURFACES = [
    ("feed", "articles:feed", False),
]


def public_renderings(client, article):
    """``{surface: text}`` for every public rendering of ``article``'s live revision."""
    slug = article.live_revision.slug
    page = _get(client, reverse("articles:detail", kwargs={"slug": slug}))
    renderings = {"page": page, "structured data": _json_ld(page)}
    for name, url_name, takes_slug in OPTIONAL_SURFACES:
        try:
            url = reverse(url_name, kwargs={"slug": slug} if takes_slug else None)
        except NoReverseMatch:
            continue
        renderings[name] = _get(client, url)
    return renderings


def carries(text, disclaimer):
    """True if ``text`` shows the disclaimer's title and its body, complete."""
    shown = readable(text)
    return disclaimer["title"] in shown and plain_text(disclaimer["body"]) in shown


def readable(text):
    """What a reader would read in ``text``: markup stripped, entities and JSON escapes decoded."""
    for _ in range(2):  # feeds escape HTML inside XML
        text = html.unescape(re.sub(r"<[^>]+>", " ", html.unescape(text)))
    text = re.sub(r"\\u([0-9a-fA-F]{4})", lambda m: chr(int(m.group(1), 16)), text)
    text = text.replace('\\"', '"').replace("\\/", "/").replace("\\n", " ")
    return re.sub(r"\s+", " ", text)


def _json_ld(page):
    """The page's JSON-LD block alone: search engines read it without the page around it."""
    match = re.search(r'<script type="application/ld\+json"[^>]*>(.*?)</script>', page, re.S)
    assert match, "the article page has no JSON-LD"
    return match.group(1)


def _get(client, url):
    response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return response.content.decode()

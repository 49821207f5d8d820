"""
What search engines and link previews read: JSON-LD structured data and the
Open Graph / Twitter meta tags of an article page.

Everything comes from the revision readers see and its review decision. The
dates are the article's real publication dates and the review date; nothing
here ever uses "now".
"""

import json
from html import escape

from django.conf import settings
from django.core.serializers.json import DjangoJSONEncoder
from django.utils.html import format_html
from django.utils.safestring import mark_safe

from articles.public.links import link

# Inside <script>, "</script>" or "<!--" in a string would end the element. (Three
# replace() calls: str.translate with a mapping took 0.16 ms on a page's JSON-LD.)
_SCRIPT_ESCAPES = (("<", "\\u003C"), (">", "\\u003E"), ("&", "\\u0026"))


def site_name():
    return getattr(settings, "VETTED_SITE_NAME", "Vetted")


def json_ld_script(data):
    """A ``<script type="application/ld+json">`` element that is safe in HTML."""
    text = json.dumps(data, ensure_ascii=False, cls=DjangoJSONEncoder, separators=(",", ":"))
    for character, escaped in _SCRIPT_ESCAPES:
        text = text.replace(character, escaped)
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


def _iso(moment):
    return moment.isoformat() if moment else None


def medical_web_page(*, revision, article, decision, reviewers, body, url, absolute):
    """
    schema.org ``MedicalWebPage`` for a revision. ``absolute`` turns a path
    into an absolute URL. The disclaimers are included as page parts so the
    structured data never presents the text without its warnings.
    """
    data = {
        "@context": "https://schema.org",
        "@type": "MedicalWebPage",
        "url": url,
        "headline": revision.title,
        "name": revision.title,
        "description": body.description,
        "inLanguage": settings.LANGUAGE_CODE.split("-")[0],
        "isAccessibleForFree": True,
        "datePublished": _iso(article.first_published_at),
        "dateModified": _iso(article.last_published_at),
        "publisher": {"@type": "Organization", "name": site_name(), "url": absolute("/")},
        "author": [{"@type": "Person", "name": author["name"]} for author in revision.authors]
        or {"@type": "Organization", "name": site_name()},
        "about": [
            {
                "@type": "Thing",
                "name": topic["name"],
                "url": absolute(link("articles:topic", topic["slug"])),
            }
            for topic in revision.topics
        ],
        "citation": [_citation(reference) for reference in body.references],
        "medicalAudience": {"@type": "MedicalAudience", "audienceType": "Patient"},
        "hasPart": [
            {
                "@type": "WebPageElement",
                "name": disclaimer.title,
                "text": disclaimer.text,
                "cssSelector": f'[data-disclaimer="{disclaimer.key}"]',
            }
            for disclaimer in body.disclaimers
        ],
    }
    if decision is not None:
        data["lastReviewed"] = _iso(decision.decided_at)
        people = [_person(reviewer) for reviewer in reviewers]
        data["reviewedBy"] = people[0] if len(people) == 1 else people
    if body.hero_image is not None:
        data["image"] = {
            "@type": "ImageObject",
            "url": absolute(body.hero_image.url),
            "width": body.hero_image.width,
            "height": body.hero_image.height,
        }
    return {key: value for key, value in data.items() if value is not None}


def _person(reviewer):
    """One approving reviewer (``articles.public.pages.Reviewer``) as a schema.org Person."""
    person = {
        "@type": "Person",
        "name": reviewer.name,
        "honorificSuffix": reviewer.credentials,
        "hasCredential": {"@type": "EducationalOccupationalCredential", "name": reviewer.credentials},
    }
    if reviewer.url:
        person["url"] = reviewer.url
    return person


def _citation(reference):
    citation = {"@type": "CreativeWork", "name": reference.title}
    link = reference.url or reference.doi_url or reference.pubmed_url
    if link:
        citation["url"] = link
    identifiers = [
        {"@type": "PropertyValue", "propertyID": kind, "value": value}
        for kind, value in (("DOI", reference.doi), ("PMID", reference.pmid))
        if value
    ]
    if identifiers:
        citation["identifier"] = identifiers
    return citation


def meta_elements(tags):
    """
    The ``<meta>`` elements of ``(attribute, name, content)`` triples, escaped,
    one per line. ``html.escape`` is what Django's ``escape`` calls; used
    directly it skips the lazy-string checks that made ``format_html_join``
    cost a tenth of an uncached article page.
    """
    return mark_safe(
        "\n  ".join(
            f'<meta {escape(attribute)}="{escape(name)}" content="{escape(content)}">'
            for attribute, name, content in tags
        )
    )


def article_meta(*, revision, article, body, url, absolute):
    """Open Graph and Twitter tags as ``(attribute, name, content)`` triples."""
    tags = [
        ("property", "og:type", "article"),
        ("property", "og:site_name", site_name()),
        ("property", "og:title", revision.title),
        ("property", "og:description", body.description),
        ("property", "og:url", url),
        ("property", "article:published_time", _iso(article.first_published_at)),
        ("property", "article:modified_time", _iso(article.last_published_at)),
        *(("property", "article:section", topic["name"]) for topic in revision.topics),
        ("name", "twitter:card", "summary_large_image" if body.hero_image else "summary"),
        ("name", "twitter:title", revision.title),
        ("name", "twitter:description", body.description),
    ]
    if body.hero_image is not None:
        image_url = absolute(body.hero_image.url)
        alt = revision.hero["alt"] if revision.hero else ""
        tags += [
            ("property", "og:image", image_url),
            ("property", "og:image:width", str(body.hero_image.width)),
            ("property", "og:image:height", str(body.hero_image.height)),
            ("property", "og:image:alt", alt),
            ("name", "twitter:image", image_url),
            ("name", "twitter:image:alt", alt),
        ]
    return [(attribute, name, content) for attribute, name, content in tags if content]

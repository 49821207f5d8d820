"""Freezing the working copy into the content of a revision."""

import re
from urllib.parse import unquote

from django.conf import settings

from articles.domain.disclaimers import applicable_disclaimers
from articles.models import Image

#: ``![](url)`` / ``![ ](<url> "title")``: a picture written without alt text.
_EMPTY_ALT_IMAGE_RE = re.compile(r"!\[[ \t]*\]\([ \t]*<?([^)\s>]+)")
_ALT_SPECIALS_RE = re.compile(r"([\\\[\]])")


def _markdown_alt(text):
    return _ALT_SPECIALS_RE.sub(r"\\\1", " ".join(text.split()))


def _freeze_alt_texts(texts):
    """
    ``texts`` with every uploaded picture written without alt text given its
    ``Image.alt_text`` as it is now, so the revision (and its fingerprint and
    claim scan) holds the words readers will get, and a later change to the
    image's description cannot reach an approved page.
    """
    media_url = settings.MEDIA_URL
    names = {
        unquote(url[len(media_url):])
        for text in texts
        for url in _EMPTY_ALT_IMAGE_RE.findall(text or "")
        if url.startswith(media_url)
    }
    if not names:
        return texts
    alts = dict(Image.objects.filter(file__in=names).values_list("file", "alt_text"))

    def fill(match):
        url = match.group(1)
        alt = alts.get(unquote(url[len(media_url):])) if url.startswith(media_url) else None
        if not alt:
            return match.group(0)
        return f"![{_markdown_alt(alt)}](" + match.group(0).split("(", 1)[1]

    return [_EMPTY_ALT_IMAGE_RE.sub(fill, text or "") for text in texts]


def freeze(article, *, claim_categories=()):
    """
    Everything a reader would see of ``article`` right now, as plain data.
    ``ArticleRevision`` stores exactly this and fingerprints it.
    """
    rows = list(article.sections.order_by("position"))
    summary, standfirst, conclusion, *bodies = _freeze_alt_texts(
        [article.summary, article.standfirst, article.conclusion, *(row.body for row in rows)]
    )
    sections = [
        {"heading": row.heading.strip(), "body": body} for row, body in zip(rows, bodies)
    ]
    references = [
        {
            "number": number,
            "title": reference.title,
            "url": reference.url,
            "doi": reference.doi,
            "pmid": reference.pmid,
        }
        for number, reference in enumerate(article.references.order_by("position"), start=1)
    ]
    hero = None
    if article.hero_image_id:
        image = article.hero_image
        hero = {
            "image_id": image.pk,
            "alt": image.alt_text,
            "caption": image.caption,
            "credit": image.credit,
            "width": image.width,
            "height": image.height,
        }
    return {
        "title": article.title.strip(),
        "slug": article.slug,
        "summary": summary.strip(),
        "standfirst": standfirst.strip(),
        "sections": sections,
        "conclusion": conclusion.strip(),
        "topics": [{"slug": t.slug, "name": t.name} for t in article.topics.order_by("name")],
        "authors": [
            {"id": user.pk, "name": user.get_full_name() or user.get_username()}
            for user in article.authors.order_by("last_name", "first_name", "username")
        ],
        "references": references,
        "hero": hero,
        "disclaimers": [
            d.snapshot() for d in applicable_disclaimers(article, claim_categories=claim_categories)
        ],
        "change_summary": article.change_summary.strip(),
        "update_kind": article.update_kind,
    }

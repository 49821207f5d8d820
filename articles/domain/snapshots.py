"""Freezing the working copy into the content of a revision."""

from articles.domain.disclaimers import applicable_disclaimers


def freeze(article, *, claim_categories=()):
    """
    Everything a reader would see of ``article`` right now, as plain data.
    ``ArticleRevision`` stores exactly this and fingerprints it.
    """
    sections = [
        {"heading": section.heading.strip(), "body": section.body}
        for section in article.sections.order_by("position")
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
        "summary": article.summary.strip(),
        "standfirst": article.standfirst.strip(),
        "sections": sections,
        "conclusion": article.conclusion.strip(),
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
    }

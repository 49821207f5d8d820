"""Helpers for tests that drive the editorial admin over HTTP."""

from django.contrib.messages import get_messages
from django.test import Client
from django.urls import reverse


def logged_in(user):
    client = Client()
    client.force_login(user)
    return client


def change_url(article):
    return reverse("admin:articles_article_change", args=[article.pk])


def review_url(revision):
    return reverse("admin:articles_articlerevision_review", args=[revision.pk])


def article_form_data(article, *, sections=None, references=None, **fields):
    """
    The POST an editor's browser sends from the article change form, as
    loaded now. ``sections``/``references`` replace the rows: dicts with
    ``heading``/``body`` (or reference fields), plus ``id`` for existing rows,
    ``order`` and ``DELETE`` as wanted; existing rows must come first.
    """
    data = {
        "title": article.title,
        "slug": article.slug,
        "summary": article.summary,
        "standfirst": article.standfirst,
        "conclusion": article.conclusion,
        "topics": [topic.pk for topic in article.topics.all()],
        "authors": [user.pk for user in article.authors.all()],
        "hero_image": article.hero_image_id or "",
        "extra_disclaimers": [d.pk for d in article.extra_disclaimers.all()],
        "loaded_version": article.edit_version if article.pk else "",
    }
    if sections is None:
        sections = [
            {"id": s.pk, "order": s.position, "heading": s.heading, "body": s.body}
            for s in (article.sections.order_by("position") if article.pk else [])
        ]
    if references is None:
        references = [
            {"id": r.pk, "order": r.position, "title": r.title, "url": r.url, "doi": r.doi, "pmid": r.pmid}
            for r in (article.references.order_by("position") if article.pk else [])
        ]
    data.update(_formset("sections", sections))
    data.update(_formset("references", references))
    data.update(fields)
    return data


def new_article_data(title, slug, sections, **fields):
    """The POST of the "Add article" form."""
    data = {
        "title": title,
        "slug": slug,
        "summary": "",
        "standfirst": "",
        "conclusion": "",
        "hero_image": "",
        "loaded_version": "",
    }
    data.update(_formset("sections", sections))
    data.update(_formset("references", []))
    data.update(fields)
    return data


def _formset(prefix, rows):
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(sum(1 for row in rows if row.get("id"))),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            if key == "DELETE" and not value:
                continue
            data[f"{prefix}-{index}-{key}"] = "on" if key == "DELETE" else value
    return data


def messages_of(response):
    """The messages the request queued for the user (shown on the next page)."""
    return [str(message) for message in get_messages(response.wsgi_request)]

"""Previews of a revision as readers would see it, and signed share links."""

import pytest
from django.core import signing
from django.test import Client, override_settings
from django.urls import reverse

from articles import actions
from articles.admin import previews

from .admin_helpers import logged_in
from .factories import ArticleFactory, SectionFactory

pytestmark = pytest.mark.django_db

DOSE_BODY = "Take 2 grams twice daily."


def preview_url(revision):
    return reverse("admin:articles_articlerevision_preview", args=[revision.pk])


def test_staff_preview_renders_the_revision_with_the_public_template_and_all_its_disclaimers(writer, reviewer):
    article = ArticleFactory(authors=[writer], sections=0, title="Dosing, explained")
    SectionFactory(article=article, position=1, heading="How much", body=DOSE_BODY)
    revision = actions.submit_for_review(article, by=writer)
    assert "dosage" in {d["key"] for d in revision.disclaimers}

    response = logged_in(reviewer).get(preview_url(revision))

    html = response.content.decode()
    assert response.status_code == 200
    rendered = [t.name for t in response.templates]
    assert previews.PREVIEW_TEMPLATE in rendered and previews.PUBLIC_ARTICLE_TEMPLATE in rendered
    assert "Dosing, explained" in html and DOSE_BODY in html
    for disclaimer in revision.disclaimers:
        assert disclaimer["title"] in html
        assert f'data-disclaimer="{disclaimer["key"]}"' in html
    assert "Preview of revision 1" in html


def test_previews_are_never_indexed_cached_or_leaked_by_referrer(article, writer, reviewer):
    revision = actions.submit_for_review(article, by=writer)

    for response in (
        logged_in(reviewer).get(preview_url(revision)),
        Client().get(previews.share_path(revision)),
    ):
        assert response["X-Robots-Tag"] == "noindex, nofollow"
        assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
        assert response["Referrer-Policy"] == "no-referrer"
        assert '<meta name="robots" content="noindex, nofollow">' in response.content.decode()


def test_staff_preview_may_be_framed_by_the_review_page_only(article, writer, reviewer):
    revision = actions.submit_for_review(article, by=writer)

    assert logged_in(reviewer).get(preview_url(revision))["X-Frame-Options"] == "SAMEORIGIN"


def test_the_preview_shows_the_revision_not_the_newer_working_copy(article, writer, reviewer):
    revision = actions.submit_for_review(article, by=writer)
    article.title = "Edited after submission"
    article.save()

    html = logged_in(reviewer).get(preview_url(revision)).content.decode()

    assert revision.title in html and "Edited after submission" not in html


def test_share_link_opens_that_revision_without_logging_in(article, writer):
    revision = actions.submit_for_review(article, by=writer)

    response = Client().get(previews.share_path(revision))

    assert response.status_code == 200
    html = response.content.decode()
    assert revision.title in html
    assert "private preview link" in html


def test_share_link_is_shown_on_the_review_page(article, writer, reviewer):
    revision = actions.submit_for_review(article, by=writer)

    response = logged_in(reviewer).get(reverse("admin:articles_articlerevision_review", args=[revision.pk]))

    share_url = response.context["share_url"]
    assert share_url.startswith("http://testserver/preview/")
    assert f'value="{share_url}"' in response.content.decode()
    assert Client().get(share_url).status_code == 200


def test_share_link_is_refused_after_it_expires(article, writer):
    revision = actions.submit_for_review(article, by=writer)
    path = previews.share_path(revision)

    with override_settings(VETTED_PREVIEW_LINK_MAX_AGE=-1):
        response = Client().get(path)

    assert response.status_code == 410
    html = response.content.decode()
    assert "This preview link has expired" in html
    assert revision.title not in html


def test_a_tampered_or_forged_share_link_is_refused(article, writer):
    revision = actions.submit_for_review(article, by=writer)
    other = actions.submit_for_review(ArticleFactory(authors=[writer]), by=writer)
    token = previews.share_token(revision)
    forged_pk = token.replace(f"{revision.pk}-", f"{other.pk}-", 1)
    wrong_salt = signing.TimestampSigner(salt="something-else").sign(f"{revision.pk}-{revision.content_hash[:16]}")

    for token in (forged_pk, wrong_salt, "not-a-token"):
        response = Client().get(reverse("articles:shared_preview", kwargs={"token": token}))
        assert response.status_code == 404
        assert revision.title not in response.content.decode()
        assert other.title not in response.content.decode()


def test_share_links_are_bound_to_one_revision(article, writer, reviewer):
    first = actions.submit_for_review(article, by=writer)
    actions.request_changes(first, by=reviewer, note="Shorten it.")
    article.title = "Second version"
    article.save()
    second = actions.submit_for_review(article, by=writer)

    first_page = Client().get(previews.share_path(first)).content.decode()
    second_page = Client().get(previews.share_path(second)).content.decode()

    assert first.title in first_page and "Second version" not in first_page
    assert "Second version" in second_page


def test_working_copy_previews_of_two_articles_never_share_a_cached_page(writer):
    first = ArticleFactory(authors=[writer])
    second = ArticleFactory(authors=[writer])
    client = logged_in(writer)
    client.get(reverse("admin:articles_article_preview", args=[first.pk]))

    html = client.get(reverse("admin:articles_article_preview", args=[second.pk])).content.decode()

    assert second.sections.first().body in html
    assert first.sections.first().body not in html

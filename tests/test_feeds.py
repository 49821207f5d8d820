"""The Atom feed and the sitemap: only live articles, at their live address, with real dates."""

import xml.etree.ElementTree as ET
from datetime import timedelta

import pytest
from django.utils import timezone
from django.utils.dateparse import parse_datetime

from articles import actions
from articles.public.sitemaps import ArticleSitemap

from .factories import TopicFactory

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"




def feed_entries(client):
    response = client.get("/feed/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/atom+xml")
    return ET.fromstring(response.content).findall(f"{ATOM}entry")


def sitemap_pages(client):
    """The addresses of the pages ``/sitemap.xml`` indexes, as a crawler reads them."""
    response = client.get("/sitemap.xml")
    assert response.status_code == 200
    return [entry.find(f"{SITEMAP}loc").text for entry in ET.fromstring(response.content).findall(f"{SITEMAP}sitemap")]


def sitemap_urls(client):
    """Every article address on every page of the sitemap, with its lastmod."""
    urls = {}
    for page in sitemap_pages(client):
        response = client.get(page)
        assert response.status_code == 200
        for url in ET.fromstring(response.content).findall(f"{SITEMAP}url"):
            urls[url.find(f"{SITEMAP}loc").text] = url.find(f"{SITEMAP}lastmod").text
    return urls


def test_feed_lists_live_articles_newest_first_with_their_live_address(client, newsroom):
    newsroom.publish(title="First live article", slug="first")
    second = newsroom.publish(title="Second live article", slug="second")
    newsroom.revise(second, title="Unreviewed retitle", slug="unreviewed")
    newsroom.draft(title="A draft")

    entries = feed_entries(client)

    assert [entry.find(f"{ATOM}title").text for entry in entries] == [
        "Second live article", "First live article"
    ]
    assert entries[0].find(f"{ATOM}link").get("href") == "http://testserver/articles/second/"


def test_every_feed_entry_carries_all_its_disclaimers_in_full(client, newsroom):
    topic = TopicFactory(name="Kratom", slug="kratom")
    newsroom.set_disclaimer(
        "dependence", title="Kratom can cause dependence", severity="critical",
        body="Regular use can lead to dependence.", topics=[topic],
    )
    article = newsroom.draft(title="Kratom facts", summary="What is known.")
    article.topics.add(topic)
    newsroom.publish(article)
    newsroom.publish(title="Plain article")

    entries = {entry.find(f"{ATOM}title").text: entry for entry in feed_entries(client)}

    kratom = entries["Kratom facts"].find(f"{ATOM}summary")
    assert kratom.get("type") == "html"
    for text in (
        'data-disclaimer="dependence"', "Regular use can lead to dependence.",
        'data-disclaimer="emergency"', "call your local emergency number now",
        'data-disclaimer="not_medical_advice"', "no substitute for a diagnosis",
        "Medically reviewed by", "What is known.",
    ):
        assert text in kratom.text
    plain = entries["Plain article"].find(f"{ATOM}summary").text
    assert 'data-disclaimer="emergency"' in plain and 'data-disclaimer="not_medical_advice"' in plain
    assert "dependence" not in plain


def test_feed_dates_are_the_publication_dates(client, newsroom):
    article = newsroom.draft(title="Scheduled piece")
    newsroom.approve(article)
    go_live = timezone.now() + timedelta(days=30)
    actions.publish(article, by=newsroom.publisher, at=go_live)
    actions.publish_due(now=go_live)
    article.refresh_from_db()

    entry = feed_entries(client)[0]

    assert parse_datetime(entry.find(f"{ATOM}published").text) == article.first_published_at
    assert parse_datetime(entry.find(f"{ATOM}updated").text) == article.last_published_at


def test_feed_entry_categories_and_authors_come_from_the_revision(client, newsroom):
    topic = TopicFactory(name="Sleep", slug="sleep")
    article = newsroom.draft(title="Naps")
    article.topics.add(topic)
    newsroom.publish(article)
    article.topics.clear()

    entry = feed_entries(client)[0]

    assert [c.get("term") for c in entry.findall(f"{ATOM}category")] == ["Sleep"]
    assert entry.find(f"{ATOM}author/{ATOM}name").text == newsroom.writer.get_full_name()


def test_sitemap_lists_only_live_articles_with_their_last_modified_date(client, newsroom):
    live = newsroom.publish(slug="live-one")
    newsroom.revise(live, slug="renamed-in-draft")
    newsroom.draft(slug="a-draft")
    in_review = newsroom.draft(slug="in-review")
    actions.submit_for_review(in_review, by=newsroom.writer)
    gone = newsroom.publish(slug="gone")
    actions.unpublish(gone, by=newsroom.publisher, reason="Outdated.")

    urls = sitemap_urls(client)

    assert list(urls) == ["http://testserver/articles/live-one/"]
    assert urls["http://testserver/articles/live-one/"] == live.last_published_at.date().isoformat()


def test_sitemap_lastmod_moves_when_a_new_version_is_published(client, newsroom):
    article = newsroom.draft(slug="updated-piece")
    newsroom.approve(article)
    actions.publish(article, by=newsroom.publisher)
    newsroom.revise(article, body="Reviewed again.")
    newsroom.approve(article)
    later = timezone.now() + timedelta(days=3)
    actions.publish(article, by=newsroom.publisher, at=later)
    actions.publish_due(now=later)

    assert sitemap_urls(client)["http://testserver/articles/updated-piece/"] == later.date().isoformat()


def test_a_sitemap_larger_than_one_page_is_indexed_page_by_page(client, newsroom, monkeypatch):
    monkeypatch.setattr(ArticleSitemap, "limit", 2)
    for n in range(5):
        newsroom.publish(slug=f"piece-{n}")

    pages = sitemap_pages(client)

    assert pages == [
        "http://testserver/sitemap-articles.xml",
        "http://testserver/sitemap-articles.xml?p=2",
        "http://testserver/sitemap-articles.xml?p=3",
    ]
    assert set(sitemap_urls(client)) == {f"http://testserver/articles/piece-{n}/" for n in range(5)}

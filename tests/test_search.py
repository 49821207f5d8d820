"""Search over live revisions: PostgreSQL full-text search, or the SQLite fallback."""

import re
from html import unescape

import pytest

from articles import actions

from .live_content import set_sections

pytestmark = pytest.mark.django_db




def publish(newsroom, title, *, summary="", body="General text.", heading="Overview"):
    article = newsroom.draft(title=title, summary=summary, standfirst="", conclusion="", sections=0)
    set_sections(article, [(heading, body)])
    return newsroom.publish(article)


def search(client, query, **params):
    response = client.get("/search/", {"q": query, **params})
    assert response.status_code == 200
    return response.content.decode()


def result_titles(html):
    return [
        " ".join(unescape(re.sub(r"<[^>]+>", "", title)).split())
        for title in re.findall(r'<h3 class="hit-title">(.*?)</h3>', html, re.S)
    ]


@pytest.mark.parametrize(
    "where",
    [
        {"title": "Magnesium and cramps"},
        {"summary": "Magnesium may ease night cramps."},
        {"body": "Some people take magnesium for cramps."},
        {"heading": "Magnesium"},
    ],
    ids=["title", "summary", "section body", "section heading"],
)
def test_finds_live_articles_by_any_of_their_text(client, newsroom, where):
    title = where.pop("title", "Night cramps")
    publish(newsroom, title, **where)
    publish(newsroom, "Something else entirely")

    assert result_titles(search(client, "magnesium")) == [title]


def test_title_matches_rank_above_matches_in_the_text(client, newsroom):
    publish(newsroom, "Walking after meals", body="Caffeine is mentioned only in passing here.")
    publish(newsroom, "Caffeine and sleep", body="How long coffee keeps you awake.")

    assert result_titles(search(client, "caffeine")) == ["Caffeine and sleep", "Walking after meals"]


def test_every_word_of_the_query_must_match(client, newsroom):
    publish(newsroom, "Caffeine and sleep")
    publish(newsroom, "Caffeine and exercise")

    assert result_titles(search(client, "caffeine sleep")) == ["Caffeine and sleep"]


def test_other_forms_of_a_word_match(client, newsroom):
    publish(newsroom, "Better sleep", body="Tips for people who struggle to sleep.")

    assert result_titles(search(client, "sleeping")) == ["Better sleep"]


def test_query_words_are_highlighted_in_title_and_snippet(client, newsroom):
    publish(newsroom, "Iron and tiredness", body="Low iron stores are a common cause of tiredness in adults.")

    html = search(client, "iron")

    assert '<h3 class="hit-title"><a href="/articles/' in html
    assert "<mark>Iron</mark> and tiredness" in html
    snippet = re.search(r'<p class="hit-snippet">(.*?)</p>', html, re.S).group(1)
    assert "<mark>iron</mark>" in snippet
    assert "common cause of tiredness" in snippet


def test_snippets_show_the_text_as_text_never_as_markup(client, newsroom):
    publish(newsroom, "Reading labels", body='Labels may say <b onclick="x()">sugar free</b> and [ref:1] sugar.')

    html = search(client, "sugar")

    snippet = re.search(r'<p class="hit-snippet">(.*?)</p>', html, re.S).group(1)
    assert "<b" not in snippet and "onclick=\"" not in snippet
    assert "<mark>sugar</mark> free" in snippet
    assert "[ref:1]" not in snippet


def test_the_snippet_shows_the_first_match_deep_in_the_text_with_every_form_of_the_word(client, newsroom):
    opening = " ".join(f"filler{n}" for n in range(60))
    article = newsroom.draft(title="Evening routines", summary="", standfirst="", conclusion="", sections=0)
    set_sections(article, [
        ("Start", opening),
        ("Middle", "More **general** text before the part that matters."),
        ("Later", "Poor *sleep* after late meals; she sleeps better after a walk. " + " ".join(["tail"] * 40)),
    ])
    newsroom.publish(article)

    snippet = re.search(r'<p class="hit-snippet">(.*?)</p>', search(client, "sleeping"), re.S).group(1)

    assert snippet.startswith("… ") and snippet.endswith(" …")
    assert "filler0 " not in snippet
    assert "Poor <mark>sleep</mark> after late meals; she <mark>sleeps</mark> better" in snippet
    assert "**" not in snippet and "*sleep*" not in snippet


def test_the_query_is_echoed_escaped(client):
    html = search(client, '<script>alert("q")</script>')

    assert '<script>alert("q")' not in html
    assert "&lt;script&gt;" in html


def test_results_are_paginated_and_keep_the_query(client, newsroom):
    for number in range(12):
        publish(newsroom, f"Hydration note {number:02d}", body="Water helps.")

    first = search(client, "hydration")
    second = search(client, "hydration", page=2)

    assert "12 articles match" in first
    assert len(result_titles(first)) == 10 and len(result_titles(second)) == 2
    assert 'href="?q=hydration&amp;page=2" rel="next"' in first
    assert client.get("/search/", {"q": "hydration", "page": 9}).status_code == 404


@pytest.mark.parametrize("query", ["", "   ", "the and of"])
def test_an_empty_query_shows_the_form_and_no_results(client, newsroom, query):
    publish(newsroom, "The basics of sleep")

    html = search(client, query)

    assert 'id="search-q"' in html
    assert result_titles(html) == []


def test_words_with_accents_are_found(client, newsroom):
    publish(newsroom, "Coffee shops", body="Decaf from a café still has some caffeine.")

    assert result_titles(search(client, "café")) == ["Coffee shops"]


def test_only_the_live_revision_is_searched(client, newsroom):
    live = publish(newsroom, "Vitamin D basics", body="Sunlight helps the skin make vitamin D.")
    newsroom.revise(live, body="Unreviewed megadose advice.")
    approved = newsroom.draft(title="Vitamin D approved only")
    newsroom.approve(approved)
    replaced = publish(newsroom, "Zinc", body="Old wording about lozenges.")
    newsroom.revise(replaced, body="New wording about tablets.")
    newsroom.publish(replaced)

    assert result_titles(search(client, "vitamin")) == ["Vitamin D basics"]
    assert result_titles(search(client, "megadose")) == []
    assert result_titles(search(client, "lozenges")) == []
    assert result_titles(search(client, "tablets")) == ["Zinc"]


def test_unpublished_articles_drop_out_of_search(client, newsroom):
    article = publish(newsroom, "Melatonin for jet lag")
    actions.unpublish(article, by=newsroom.publisher, reason="Under review.")

    assert result_titles(search(client, "melatonin")) == []

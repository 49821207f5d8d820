"""The readers' site: what a reader (and a search engine) sees on each public page."""

import json
import re
from datetime import timedelta
from html import unescape

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from articles import actions
from articles.models import Disclaimer, Section
from articles.public import pages
from articles.public.pages import article_page_context

from .factories import ReferenceFactory, ReviewerFactory, TopicFactory
from .live_content import Newsroom, set_sections

pytestmark = pytest.mark.django_db




def page_of(client, article):
    response = client.get(f"/articles/{article.live_revision.slug}/")
    assert response.status_code == 200
    return response.content.decode()


def json_ld(html):
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match, "the page has no JSON-LD"
    return json.loads(match.group(1))


def text_of(html):
    """The text a reader sees: tags dropped, entities decoded, whitespace collapsed."""
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


# --------------------------------------------------------------------------
# The article page
# --------------------------------------------------------------------------


def test_article_page_shows_the_approved_text_in_reading_order(client, newsroom):
    article = newsroom.draft(
        title="Sleep after a hard workout",
        summary="- Sleep helps muscles repair.\n- Seven to nine hours suits most adults.",
        standfirst="Why rest matters once the session is over.",
        conclusion="Rest well, and see a clinician about pain that does not settle.",
        sections=0,
    )
    set_sections(article, [("How sleep helps", "Growth hormone peaks in deep sleep [ref:1]."),
                           ("How much is enough", "Most adults need seven to nine hours.")])
    ReferenceFactory(article=article, position=1, title="Sleep and recovery", url="https://example.org/s",
                     doi="10.1000/xyz123", pmid="12345678")
    newsroom.publish(article)

    html = page_of(client, article)

    assert html.count("<h1") == 1
    assert "<h1>Sleep after a hard workout</h1>" in html
    order = [html.index(marker) for marker in (
        "<h1>", 'id="key-takeaways"', "Why rest matters", 'id="in-this-article"',
        'id="how-sleep-helps"', 'id="how-much-is-enough"', 'id="bottom-line"',
        'id="references"', 'id="important-information"', 'id="update-history"',
    )]
    assert order == sorted(order)
    assert "<li>Sleep helps muscles repair.</li>" in html
    assert '<sup class="citation"><a href="#ref-1">[1]</a></sup>' in html
    assert '<li id="ref-1" value="1">' in html
    assert 'href="https://doi.org/10.1000/xyz123"' in html
    assert 'href="https://pubmed.ncbi.nlm.nih.gov/12345678/"' in html


def test_table_of_contents_links_jump_to_each_section_anchor(client, newsroom):
    article = newsroom.draft(sections=0)
    set_sections(article, [("Dosage", "Text one.\n\n## Dosage\n\nA sub-heading with the same words."),
                           ("Dosage", "Text two."), ("References", "A section named like a page part.")])
    newsroom.publish(article)

    html = page_of(client, article)

    toc = re.search(r'<nav class="toc".*?</nav>', html, re.S).group(0)
    targets = re.findall(r'href="#([^"]+)"', toc)
    assert targets == ["dosage", "dosage-2", "references-2"]
    ids = re.findall(r'\sid="([^"]+)"', html)
    assert len(ids) == len(set(ids)), "ids on the page must be unique"
    for target in targets:
        assert f'<h2 id="{target}">' in html
    assert 'id="dosage-dosage"' in html  # the body's own heading, prefixed by its section


def test_headings_form_an_outline_without_skipped_levels(client, newsroom):
    article = newsroom.draft(sections=0, summary="Short.")
    set_sections(article, [("Causes", "Intro.\n\n# A top-level heading in the body\n\n### Deeper"),
                           ("Treatment", "## Options\n\nText.")])
    newsroom.publish(article)

    html = page_of(client, article)

    levels = [int(level) for level in re.findall(r"<h([1-6])[\s>]", html.split("<main")[1])]
    assert levels[0] == 1 and levels.count(1) == 1
    assert all(later <= earlier + 1 for earlier, later in zip(levels, levels[1:])), levels


def test_byline_names_the_reviewer_with_credentials_date_and_bio_link(client, newsroom, reviewer):
    article = newsroom.publish()
    decision = article.live_revision.decision

    html = page_of(client, article)

    profile = reviewer.reviewer_profile
    expected = (
        f'<a href="/reviewers/{profile.slug}/">Medically reviewed by {profile.name}, PharmD</a> on '
        f'<time datetime="{decision.decided_at.replace(microsecond=0).isoformat()}">{decision.decided_at:%B} {decision.decided_at.day}, '
        f"{decision.decided_at.year}</time>"
    )
    assert expected in html


@pytest.mark.parametrize("reviewers_needed", [1, 2])
def test_byline_shows_reviewer_names_and_credentials_as_text_never_markup(client, newsroom, reviewers_needed):
    newsroom.reviewer = ReviewerFactory(
        profile__display_name='Ann <img src=x onerror="alert(1)"> O\'Brien & Co', profile__credentials="PharmD <b>x</b>"
    )
    newsroom._second_reviewer = ReviewerFactory(
        profile__display_name="Bo <script>alert(2)</script>", profile__specialty="Medical toxicology"
    )
    article = newsroom.draft()
    if reviewers_needed == 2:
        article.topics.set([TopicFactory(slug="kratom", name="Kratom")])
    article = newsroom.publish(article)
    assert article.live_revision.required_approvals == reviewers_needed

    html = page_of(client, article)
    bylines = re.findall(r'<p class="byline">.*?</p>', html)

    assert len(bylines) == 2
    for byline in bylines:
        assert "<img" not in byline and "<script" not in byline and "<b>" not in byline
        assert "Ann &lt;img src=x onerror=&quot;alert(1)&quot;&gt; O&#x27;Brien &amp; Co, PharmD &lt;b&gt;x&lt;/b&gt;" in byline
        assert ("Bo &lt;script&gt;" in byline) == (reviewers_needed == 2)


def test_dates_are_the_real_publication_and_review_dates_never_today(client, newsroom):
    article = newsroom.draft()
    newsroom.approve(article)
    go_live = timezone.now() + timedelta(days=400)
    actions.publish(article, by=newsroom.publisher, at=go_live)
    actions.publish_due(now=go_live + timedelta(minutes=1))
    article.refresh_from_db()

    html = page_of(client, article)
    data = json_ld(html)

    published = article.first_published_at
    assert published.date() != timezone.now().date()
    assert f'Published <time datetime="{published.replace(microsecond=0).isoformat()}">' in html
    assert data["datePublished"] == published.isoformat()
    assert data["dateModified"] == article.last_published_at.isoformat()
    assert data["lastReviewed"] == article.live_revision.decision.decided_at.isoformat()
    assert "Updated <time" not in html.split('id="update-history"')[0]


def test_each_disclaimer_is_shown_once_safety_critical_ones_at_the_top_the_rest_at_the_bottom(
    client, newsroom
):
    topic = TopicFactory(slug="kratom", name="Kratom")
    newsroom.set_disclaimer(
        "dependence", title="Kratom can cause dependence", severity="critical", placement="bottom",
        body="Regular use can lead to **dependence** and withdrawal.", topics=[topic],
    )
    Disclaimer.objects.create(
        key="unrelated", title="Only for another topic", body="Not for this article.",
    ).topics.add(TopicFactory())
    article = newsroom.draft()
    article.topics.add(topic)
    newsroom.publish(article)

    html = page_of(client, article)

    top, bottom = html.split('id="important-information"')
    assert top.index('data-disclaimer="emergency"') < top.index('id="key-takeaways"')
    assert 'data-disclaimer="dependence"' in top.split('id="key-takeaways"')[0]
    assert 'data-disclaimer="not_medical_advice"' not in top
    assert 'data-disclaimer="not_medical_advice"' in bottom
    shown = html.split("<main")[1].split("</main>")[0]
    for key in ("emergency", "dependence", "not_medical_advice"):
        assert shown.count(f'data-disclaimer="{key}"') == 1, key
    assert shown.count("Regular use can lead to <strong>dependence</strong> and withdrawal.") == 1
    assert shown.count("Poison Help is free") == 1
    assert "Only for another topic" not in html


def test_disclaimers_are_the_ones_frozen_in_the_revision(client, newsroom):
    article = newsroom.publish()
    newsroom.set_disclaimer("not_medical_advice", body="Rewritten after publication.")

    html = page_of(client, article)

    assert "Rewritten after publication." not in html
    assert "no substitute for a diagnosis" in html


def test_update_history_lists_each_published_version_with_its_reviewed_change_summary(client, newsroom):
    article = newsroom.publish(title="Caffeine and sleep")
    newsroom.revise(article, body="New advice on timing.", change_summary="Added advice on timing of coffee.")
    newsroom.publish(article)
    actions.unpublish(article, by=newsroom.publisher, reason="Checking a source.")
    actions.publish(article, by=newsroom.publisher)  # the same text again: not a new update
    article.refresh_from_db()

    html = page_of(client, article)

    history = html.split('id="update-history"')[1].split("</ul>")[0]
    entries = re.findall(r"<li>(.*?)</li>", history, re.S)
    assert len(entries) == 2
    assert text_of(entries[0]).startswith("Updated ")
    assert "Added advice on timing of coffee." in entries[0]
    assert text_of(entries[1]).startswith("First published ")
    assert "Updated <time" in html.split('id="update-history"')[0]


def test_an_unreviewed_change_summary_never_reaches_readers(client, newsroom):
    article = newsroom.publish()
    newsroom.revise(article, change_summary="Claims it now cures insomnia.")

    html = page_of(client, article)

    assert "cures insomnia" not in html


def test_the_change_summary_is_fingerprinted(newsroom):
    from articles.domain.snapshots import freeze
    from articles.models import fingerprint

    article = newsroom.draft()
    before = fingerprint(freeze(article))
    article.change_summary = "Added a section on naps."

    assert fingerprint(freeze(article)) != before


def test_json_ld_describes_a_reviewed_medical_web_page(client, newsroom, reviewer):
    topic = TopicFactory(slug="sleep", name="Sleep")
    article = newsroom.draft(title="Naps for shift workers")
    article.topics.add(topic)
    ReferenceFactory(article=article, position=1, title="Shift work and sleep", url="https://example.org/a",
                     doi="10.1/abc", pmid="")
    newsroom.publish(article)

    data = json_ld(page_of(client, article))

    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "MedicalWebPage"
    assert data["headline"] == "Naps for shift workers"
    assert data["url"] == f"http://testserver/articles/{article.live_revision.slug}/"
    assert data["reviewedBy"]["@type"] == "Person"
    assert data["reviewedBy"]["name"] == reviewer.reviewer_profile.name
    assert data["reviewedBy"]["hasCredential"]["name"] == "PharmD"
    assert data["reviewedBy"]["url"] == f"http://testserver/reviewers/{reviewer.reviewer_profile.slug}/"
    assert data["author"] == [{"@type": "Person", "name": newsroom.writer.get_full_name()}]
    assert data["about"] == [{"@type": "Thing", "name": "Sleep", "url": "http://testserver/topics/sleep/"}]
    assert data["citation"][0]["name"] == "Shift work and sleep"
    assert data["citation"][0]["identifier"] == [{"@type": "PropertyValue", "propertyID": "DOI", "value": "10.1/abc"}]
    assert data["medicalAudience"]["@type"] == "MedicalAudience"
    assert {part["cssSelector"] for part in data["hasPart"]} == {
        '[data-disclaimer="emergency"]', '[data-disclaimer="not_medical_advice"]'
    }


def test_json_ld_cannot_be_broken_out_of_by_the_text(client, newsroom):
    article = newsroom.publish(title="</script><script>alert(1)</script> & more")

    html = page_of(client, article)

    assert "<script>alert(1)" not in html
    assert json_ld(html)["headline"] == "</script><script>alert(1)</script> & more"


def test_open_graph_twitter_and_canonical_tags(client, newsroom):
    article = newsroom.publish(title="Stretching before running", summary="Warm up gently first.")

    html = page_of(client, article)

    url = f"http://testserver/articles/{article.live_revision.slug}/"
    assert f'<link rel="canonical" href="{url}">' in html
    assert '<meta property="og:type" content="article">' in html
    assert '<meta property="og:title" content="Stretching before running">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:description" content="Warm up gently first.">' in html
    assert '<meta name="twitter:card" content="summary">' in html
    assert '<meta name="description" content="Warm up gently first.">' in html


def test_hostile_markdown_is_shown_as_text_and_never_runs(client, newsroom):
    article = newsroom.draft(sections=0)
    set_sections(article, [("Safety", '<script>alert("x")</script> [click](javascript:alert(1)) '
                                       '<img src=x onerror=alert(1)>')])
    newsroom.publish(article)

    html = page_of(client, article)
    body = html.split('id="safety"')[1].split("</section>")[0]

    assert "<script>" not in body
    assert "javascript:" not in body
    assert "onerror" not in body.replace("onerror=alert(1)&gt;", "")
    assert "&lt;script&gt;" in body


def test_external_links_in_the_text_get_noopener_nofollow(client, newsroom):
    article = newsroom.draft(sections=0)
    set_sections(article, [("Sources", "See [the NHS](https://www.nhs.uk/) and [our topic](/topics/x/).")])
    newsroom.publish(article)

    html = page_of(client, article)

    assert '<a href="https://www.nhs.uk/" rel="noopener nofollow">the NHS</a>' in html
    assert '<a href="/topics/x/">our topic</a>' in html


def test_public_pages_answer_get_and_head_only(client, newsroom):
    path = f"/articles/{newsroom.publish().live_revision.slug}/"

    assert client.head(path).status_code == 200
    assert client.post(path).status_code == 405


def test_article_page_sends_a_content_security_policy(client, newsroom):
    article = newsroom.publish()

    response = client.get(f"/articles/{article.live_revision.slug}/")

    policy = response["Content-Security-Policy"]
    assert "default-src 'self'" in policy
    assert "script-src 'self'" in policy
    assert "frame-ancestors 'none'" in policy


# --------------------------------------------------------------------------
# Only live, approved text is public
# --------------------------------------------------------------------------


def _every_public_surface(client, slug, title, topic, reviewer):
    """The text of every public URL a reader or crawler could reach, by name."""
    return {
        "article": client.get(f"/articles/{slug}/"),
        "home": client.get("/"),
        "topic": client.get(f"/topics/{topic.slug}/"),
        "reviewer": client.get(f"/reviewers/{reviewer.reviewer_profile.slug}/"),
        "search": client.get("/search/", {"q": title.split()[0]}),
        "feed": client.get("/feed/"),
        "sitemap": client.get("/sitemap-articles.xml"),
    }


def _make_invisible(state, newsroom, article):
    if state == "draft":
        return
    revision = actions.submit_for_review(article, by=newsroom.writer)
    if state == "changes_requested":
        actions.request_changes(revision, by=newsroom.reviewer, note="Cite a source for the dose.")
    elif state == "approved_not_published":
        actions.approve(revision, by=newsroom.reviewer)
    elif state == "unpublished":
        actions.approve(revision, by=newsroom.reviewer)
        actions.publish(article, by=newsroom.publisher)
        actions.unpublish(article, by=newsroom.publisher, reason="Source withdrawn.")


@pytest.mark.parametrize(
    "state", ["draft", "in_review", "changes_requested", "approved_not_published", "unpublished"]
)
def test_unpublished_text_is_invisible_on_every_public_url(client, newsroom, state):
    topic = TopicFactory()
    article = newsroom.draft(title="Zolpidemia hidden article", slug="hidden-article")
    article.topics.add(topic)
    _make_invisible(state, newsroom, article)

    surfaces = _every_public_surface(client, "hidden-article", article.title, topic, newsroom.reviewer)

    assert surfaces["article"].status_code == 404
    assert "0 articles match" in surfaces.pop("search").content.decode()
    assert "0 articles match" in client.get("/search/", {"q": "paragraph rest hydration"}).content.decode()
    for name, response in surfaces.items():
        content = response.content.decode()
        assert "Zolpidemia" not in content, f"{state} text leaked on {name}"
        assert "hidden-article" not in content or name == "article", f"{state} slug leaked on {name}"


def test_a_draft_slug_is_not_revealed_by_the_moved_article_redirect(client, newsroom):
    article = newsroom.publish(slug="original")
    newsroom.revise(article, slug="draft-only-slug")

    assert client.get("/articles/draft-only-slug/").status_code == 404
    assert client.get("/articles/original/").status_code == 200


def test_editing_a_live_article_changes_no_public_surface(client, newsroom):
    topic = TopicFactory()
    article = newsroom.draft(title="Hydration approved title", sections=1)
    article.topics.add(topic)
    Section.objects.filter(article=article).update(body="Approved advice about water.")
    newsroom.publish(article)
    slug = article.live_revision.slug

    newsroom.revise(
        article, title="Hydration unreviewed title", slug="unreviewed-slug", summary="Unreviewed summary.",
        body="Unreviewed advice: drink eight litres.", change_summary="Unreviewed change.",
    )
    actions.submit_for_review(article, by=newsroom.writer)  # and even submitted for review

    surfaces = _every_public_surface(client, slug, "Hydration", topic, newsroom.reviewer)
    surfaces["old search"] = client.get("/search/", {"q": "water"})
    surfaces["new search"] = client.get("/search/", {"q": "litres"})

    assert "Approved advice about water." in surfaces["article"].content.decode()
    for name, response in surfaces.items():
        content = response.content.decode()
        assert "Unreviewed" not in content and "unreviewed" not in content, f"working copy leaked on {name}"
        assert "eight litres" not in content, f"working copy leaked on {name}"
    for name in ("article", "home", "topic", "reviewer", "search", "feed", "old search"):
        assert "Hydration approved title" in text_of(surfaces[name].content.decode()), name
    assert slug in surfaces["sitemap"].content.decode()
    assert client.get("/articles/unreviewed-slug/").status_code == 404


def test_a_new_slug_takes_effect_when_published_and_the_old_address_redirects(client, newsroom):
    article = newsroom.publish(slug="old-address")
    newsroom.revise(article, slug="new-address")
    newsroom.publish(article)

    response = client.get("/articles/old-address/")

    assert response.status_code == 301
    assert response["Location"] == "/articles/new-address/"
    assert client.get("/articles/new-address/").status_code == 200


def test_unknown_slug_gets_the_friendly_404_page(client):
    response = client.get("/articles/no-such-article/")

    assert response.status_code == 404
    content = response.content.decode()
    assert "<h1>Page not found</h1>" in content
    assert 'action="/search/"' in content


def test_server_error_page_is_friendly_and_standalone(rf):
    from django.views.defaults import server_error

    response = server_error(rf.get("/articles/x/"))

    assert response.status_code == 500
    content = response.content.decode()
    assert "<h1>Something went wrong</h1>" in content
    assert "emergency number" in content


# --------------------------------------------------------------------------
# Lists: home, topics, reviewers
# --------------------------------------------------------------------------


def test_home_lists_latest_live_articles_and_topics_that_have_them(client, newsroom):
    with_articles = TopicFactory(name="Sleep", slug="sleep")
    TopicFactory(name="Empty topic", slug="empty")
    older = newsroom.draft(title="Older piece")
    older.topics.add(with_articles)
    newsroom.publish(older)
    newsroom.publish(title="Newer piece")

    html = client.get("/").content.decode()

    assert html.count("<h1") == 1
    assert html.index("Newer piece") < html.index("Older piece")
    assert '<a href="/topics/sleep/">Sleep</a> <span class="count">(1 article)</span>' in html
    assert "Empty topic" not in html


def test_home_counts_each_live_article_once_by_its_live_revisions_topics(client, newsroom, publisher):
    sleep = TopicFactory(name="Sleep", slug="sleep")
    anxiety = TopicFactory(name="Anxiety", slug="anxiety")
    updated = newsroom.draft(title="Updated twice")
    updated.topics.add(sleep, anxiety)
    newsroom.publish(updated)
    updated.topics.remove(anxiety)
    newsroom.publish(updated)
    withdrawn = newsroom.draft(title="Withdrawn")
    withdrawn.topics.add(sleep)
    newsroom.publish(withdrawn)
    actions.unpublish(withdrawn, by=publisher, reason="Out of date.")
    also_sleep = newsroom.draft(title="Also about sleep")
    also_sleep.topics.add(sleep)
    newsroom.publish(also_sleep)

    html = client.get("/").content.decode()

    assert '<a href="/topics/sleep/">Sleep</a> <span class="count">(2 articles)</span>' in html
    assert "/topics/anxiety/" not in html, "only an earlier revision of a live article was about anxiety"


def test_topic_page_lists_its_live_articles_paginated(client, newsroom):
    topic = TopicFactory(name="Sleep", slug="sleep")
    for number in range(12):
        article = newsroom.draft(title=f"Sleep article {number:02d}")
        article.topics.add(topic)
        newsroom.publish(article)
    newsroom.publish(title="Not in the topic")

    first = client.get("/topics/sleep/").content.decode()
    second = client.get("/topics/sleep/", {"page": 2}).content.decode()

    assert first.count('class="teaser"') == 10
    assert second.count('class="teaser"') == 2
    assert "Sleep article 11" in first and "Sleep article 00" in second
    assert 'rel="next"' in first and 'rel="prev"' in second
    assert "Not in the topic" not in first + second
    assert client.get("/topics/sleep/", {"page": 3}).status_code == 404
    assert client.get("/topics/no-such-topic/").status_code == 404


def test_topic_page_follows_the_live_revision_topics_not_the_working_copy(client, newsroom):
    topic = TopicFactory(slug="sleep")
    article = newsroom.publish(title="Approved without the topic")
    article.topics.add(topic)  # an unreviewed change

    assert "Approved without the topic" not in client.get("/topics/sleep/").content.decode()


def test_reviewer_page_shows_bio_credentials_and_the_articles_they_reviewed(client, newsroom, reviewer):
    profile = reviewer.reviewer_profile
    profile.bio = "Twenty years in hospital pharmacy."
    profile.save()
    newsroom.publish(title="Reviewed by our pharmacist")
    other = Newsroom(writer=newsroom.writer, reviewer=ReviewerFactory(), publisher=newsroom.publisher)
    other.publish(title="Reviewed by someone else")

    html = client.get(f"/reviewers/{profile.slug}/").content.decode()

    assert f"<h1>{profile.name}, PharmD</h1>" in html
    assert "Twenty years in hospital pharmacy." in html
    assert "Clinical pharmacology" in html
    assert "Reviewed by our pharmacist" in html
    assert "Reviewed by someone else" not in html


# --------------------------------------------------------------------------
# Speed: query count and the rendered-body cache
# --------------------------------------------------------------------------


def _article_with(newsroom, *, sections, references, extra_disclaimers):
    article = newsroom.draft(sections=0)
    set_sections(article, [(f"Part {n}", f"Text {n} [ref:1] with **bold**.") for n in range(sections)])
    for position in range(1, references + 1):
        ReferenceFactory(article=article, position=position)
    for number in range(extra_disclaimers):
        article.extra_disclaimers.add(
            Disclaimer.objects.create(key=f"extra-{sections}-{number}", title=f"Extra {number}", body="Careful.")
        )
    return newsroom.publish(article)


def _queries_for(client, path):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(path).status_code == 200
    return len(queries)


@pytest.mark.parametrize("warm", [False, True], ids=["cold cache", "warm cache"])
def test_article_page_query_count_does_not_grow_with_its_content(
    client, newsroom, django_assert_max_num_queries, warm
):
    small = f"/articles/{_article_with(newsroom, sections=1, references=0, extra_disclaimers=0).live_revision.slug}/"
    large = f"/articles/{_article_with(newsroom, sections=30, references=25, extra_disclaimers=6).live_revision.slug}/"
    if warm:
        client.get(small)
        client.get(large)
    else:
        cache.clear()

    small_count = _queries_for(client, small)
    if not warm:
        cache.clear()
    with django_assert_max_num_queries(small_count):
        assert "Part 29" in client.get(large).content.decode()
    # Cold: the page cache's pointer, the lookup, the integrity check (the
    # revision with its decision, its sign-offs, and their ledger entries), the
    # byline's sign-offs, the whole revision (read once per revision, to fill
    # the rendered-body cache) and the update history; warm, the page cache answers.
    assert small_count == (1 if warm else 8)


def test_rendered_body_is_cached_per_revision_and_a_new_revision_gets_its_own(client, newsroom):
    article = newsroom.publish(sections=1)
    first = article.live_revision
    page_of(client, article)

    assert cache.get(pages.cache_key(first)) == pages.render_body(first)

    newsroom.revise(article, body="The second approved version.")
    newsroom.publish(article)
    html = page_of(client, article)

    assert article.live_revision.pk != first.pk
    assert "The second approved version." in html


# --------------------------------------------------------------------------
# The page context the editors' preview shares
# --------------------------------------------------------------------------


def test_preview_context_of_a_revision_in_review_is_marked_and_carries_its_disclaimers(rf, newsroom):
    from django.template.loader import render_to_string

    article = newsroom.draft(title="Awaiting review")
    revision = actions.submit_for_review(article, by=newsroom.writer)

    html = render_to_string(
        "articles/article_detail.html",
        article_page_context(revision, request=rf.get("/"), preview=True),
    )

    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "Not yet approved by a medical reviewer." in html
    assert "Medically reviewed by" not in html
    assert 'data-disclaimer="emergency"' in html and 'data-disclaimer="not_medical_advice"' in html
    assert "reviewedBy" not in json_ld(html)


def test_robots_txt_points_at_the_sitemap(client):
    response = client.get("/robots.txt")

    assert response["Content-Type"].startswith("text/plain")
    assert "Sitemap: http://testserver/sitemap.xml" in response.content.decode()
    assert reverse("articles:sitemap") == "/sitemap.xml"

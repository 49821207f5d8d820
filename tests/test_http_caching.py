"""
HTTP caching of the readers' site: cache headers, conditional GETs, the page
cache of article pages (which only ever serves the live revision) and the
query budget of every public page.
"""

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from articles.actions import workflow

from .factories import TopicFactory
from .live_content import set_sections

pytestmark = pytest.mark.django_db


def cache_control(response):
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part.strip()}


def path_of(article):
    return f"/articles/{article.live_revision.slug}/"


def queries_for(client, path, **headers):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(path, **headers)
    return response, len(queries)


# --------------------------------------------------------------------------
# Headers and conditional GETs
# --------------------------------------------------------------------------


PUBLIC_PAGES = ["article", "/", "/topics/sleep/", "/feed/", "/sitemap.xml", "/sitemap-articles.xml"]


@pytest.fixture
def sleep_article(newsroom):
    topic = TopicFactory(name="Sleep", slug="sleep")
    article = newsroom.draft(title="Sleep and recovery")
    article.topics.add(topic)
    return newsroom.publish(article)


def _path(name, article):
    return path_of(article) if name == "article" else name


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_public_pages_carry_a_strong_etag_last_modified_and_shared_cache_lifetimes(client, sleep_article, name):
    response = client.get(_path(name, sleep_article))

    assert response.status_code == 200
    assert response["ETag"].startswith('"'), "a weak ETag (W/) would not allow byte-range reuse"
    assert response.has_header("Last-Modified")
    directives = cache_control(response)
    assert "public" in directives
    assert any(d.startswith("max-age=") and int(d.split("=")[1]) > 0 for d in directives)
    assert "Cookie" not in response.get("Vary", ""), "a shared cache cannot keep a page that varies on cookies"


@pytest.mark.parametrize("name", PUBLIC_PAGES)
def test_a_conditional_get_with_the_current_etag_is_answered_304_without_a_body(client, sleep_article, name):
    path = _path(name, sleep_article)
    first = client.get(path)

    again = client.get(path, HTTP_IF_NONE_MATCH=first["ETag"])

    assert again.status_code == 304
    assert again.content == b""
    assert again["ETag"] == first["ETag"]
    assert client.get(path, HTTP_IF_NONE_MATCH='"something-else"').status_code == 200


def test_if_modified_since_the_publication_is_answered_304(client, sleep_article):
    path = path_of(sleep_article)
    first = client.get(path)

    assert client.get(path, HTTP_IF_MODIFIED_SINCE=first["Last-Modified"]).status_code == 304


def test_article_pages_are_not_served_stale_while_revalidating(client, sleep_article):
    """After an unpublish a cache must not keep showing the page while it checks."""
    directives = cache_control(client.get(path_of(sleep_article)))

    assert not any(d.startswith("stale-while-revalidate") for d in directives)


def test_list_pages_may_be_served_stale_briefly(client, sleep_article):
    assert any(d.startswith("stale-while-revalidate") for d in cache_control(client.get("/")))


@pytest.mark.parametrize("name", ["article", "/", "/topics/sleep/", "/search/?q=sleep"])
def test_pages_shown_to_a_signed_in_editor_are_private_and_not_stored(client, sleep_article, writer, name):
    path = _path(name, sleep_article)
    client.force_login(writer)

    response = client.get(path)

    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)
    assert "public" not in cache_control(response)


def test_a_page_an_editor_saw_is_not_put_in_the_page_cache(client, sleep_article, writer):
    client.force_login(writer)
    client.get(path_of(sleep_article))
    client.logout()
    client.cookies.clear()

    _response, queries = queries_for(client, path_of(sleep_article))

    assert queries > 1, "the anonymous request was answered from an entry an editor's request stored"


def test_share_links_are_private_and_not_stored(client, newsroom):
    from articles.admin.previews import share_path

    revision = newsroom.approve(newsroom.draft(title="Awaiting publication"))

    response = client.get(share_path(revision))

    assert response.status_code == 200
    assert {"private", "no-store"} <= cache_control(response)


# --------------------------------------------------------------------------
# The page cache
# --------------------------------------------------------------------------


def test_a_warm_article_page_costs_one_query_whatever_its_size(client, newsroom, django_assert_max_num_queries):
    article = newsroom.draft(sections=0)
    set_sections(article, [(f"Part {n}", f"Text {n} with **bold**.") for n in range(40)])
    newsroom.publish(article)
    client.get(path_of(article))

    with django_assert_max_num_queries(1):
        response = client.get(path_of(article))

    assert "Part 39" in response.content.decode()


def test_a_warm_hit_keeps_the_headers_of_the_rendered_page(client, sleep_article):
    rendered = client.get(path_of(sleep_article))
    served, queries = queries_for(client, path_of(sleep_article))

    assert queries == 1
    assert served.content == rendered.content
    for header in ("ETag", "Last-Modified", "Cache-Control", "Content-Security-Policy", "X-Frame-Options"):
        assert served[header] == rendered[header]
    assert client.get(path_of(sleep_article), HTTP_IF_NONE_MATCH=rendered["ETag"]).status_code == 304


@pytest.mark.parametrize(
    ("validators", "status"),
    [
        ({"HTTP_IF_NONE_MATCH": "{etag}"}, 304),
        ({"HTTP_IF_NONE_MATCH": '"other", W/{etag}'}, 304),
        ({"HTTP_IF_NONE_MATCH": "*"}, 304),
        ({"HTTP_IF_MODIFIED_SINCE": "{last_modified}"}, 304),
        ({"HTTP_IF_NONE_MATCH": '"other"', "HTTP_IF_MODIFIED_SINCE": "{last_modified}"}, 200),
        ({"HTTP_IF_MODIFIED_SINCE": "Mon, 01 Jan 2001 00:00:00 GMT"}, 200),
        ({"HTTP_IF_MODIFIED_SINCE": "not a date"}, 200),
    ],
)
def test_a_warm_hit_answers_conditional_gets_as_the_rendered_page_would(client, sleep_article, validators, status):
    rendered = client.get(path_of(sleep_article))
    headers = {
        name: value.format(etag=rendered["ETag"], last_modified=rendered["Last-Modified"])
        for name, value in validators.items()
    }

    served, queries = queries_for(client, path_of(sleep_article), **headers)

    assert (served.status_code, queries) == (status, 1)
    if status == 304:
        assert served.content == b""
        assert served["ETag"] == rendered["ETag"]
        assert served["Cache-Control"] == rendered["Cache-Control"]
    else:
        assert served.content == rendered.content


def test_publishing_a_new_revision_serves_it_at_once_without_invalidating(client, newsroom):
    article = newsroom.publish(newsroom.revise(newsroom.draft(title="Hydration"), body="The first approved text."))
    assert "The first approved text." in client.get(path_of(article)).content.decode()

    newsroom.revise(article, body="The second approved text.")
    newsroom.publish(article)

    html = client.get(path_of(article)).content.decode()
    assert "The second approved text." in html
    assert "The first approved text." not in html


def test_an_unpublished_page_is_never_served_from_the_page_cache(client, newsroom, publisher):
    article = newsroom.publish(title="Withdrawn advice")
    path = path_of(article)
    client.get(path)
    client.get(path)

    workflow.unpublish(article, by=publisher, reason="Safety concern.")

    assert client.get(path).status_code == 404


def test_republishing_the_same_revision_renders_its_new_dates(client, newsroom, publisher):
    article = newsroom.publish(title="Back again")
    path = path_of(article)
    first = client.get(path)
    workflow.unpublish(article, by=publisher, reason="Checking a source.")
    workflow.publish(article, by=publisher)

    again, queries = queries_for(client, path)

    assert again.status_code == 200
    assert first.status_code == 200
    assert queries > 1, "the page of the earlier publication was served"


def test_a_change_to_a_disclaimer_the_page_carries_renders_the_page_afresh(client, newsroom):
    article = newsroom.publish(title="Carries the emergency notice")
    path = path_of(article)
    client.get(path)
    assert queries_for(client, path)[1] == 1

    newsroom.set_disclaimer("emergency", title="In an emergency", body="Call 911 now.", applies_to_all=True)

    _response, queries = queries_for(client, path)
    assert queries > 1, "the page was served from an entry keyed on the old disclaimer versions"


@pytest.mark.parametrize(("page_cache", "expected_queries"), [(True, 1), (False, 3)])
def test_an_article_page_makes_no_separate_health_check_round_trip(
    client, sleep_article, monkeypatch, settings, page_cache, expected_queries
):
    """On PostgreSQL Django's health check is a ``SELECT 1`` of its own; the page's first query is the check."""
    settings.VETTED_PAGE_CACHE = page_cache
    path = path_of(sleep_article)
    client.get(path)
    assert connection.health_check_enabled
    checks = []
    monkeypatch.setattr(connection, "is_usable", lambda: checks.append(1) or True)
    connection.health_check_done = False  # as at the start of each request on a reused connection

    response, queries = queries_for(client, path)

    assert response.status_code == 200
    assert (queries, checks) == (expected_queries, [])


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs a server whose session can be ended (CI runs it on PostgreSQL)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
@pytest.mark.parametrize("page_cache", [True, False])
def test_an_article_page_survives_a_database_connection_that_died_between_requests(
    client, sleep_article, settings, page_cache
):
    """
    The page's first query is also the reused connection's health check:
    after a server restart or fail-over the page is still served, on a new
    connection, instead of a 500.
    """
    settings.VETTED_PAGE_CACHE = page_cache
    path = path_of(sleep_article)
    client.get(path)
    dead_pid = connection.connection.info.backend_pid
    _end_session(dead_pid)
    connection.close_if_unusable_or_obsolete()

    response = client.get(path)

    assert response.status_code == 200
    assert connection.connection.info.backend_pid != dead_pid


def _end_session(pid):
    import psycopg

    settings_dict = connection.settings_dict
    with psycopg.connect(
        host=settings_dict["HOST"], port=settings_dict["PORT"] or 5432, user=settings_dict["USER"],
        password=settings_dict["PASSWORD"], dbname=settings_dict["NAME"], autocommit=True,
    ) as other:
        other.execute("SELECT pg_terminate_backend(%s, 5000)", [pid])


def test_the_page_cache_can_be_switched_off(client, sleep_article, settings):
    settings.VETTED_PAGE_CACHE = False
    client.get(path_of(sleep_article))

    _response, queries = queries_for(client, path_of(sleep_article))

    assert 1 < queries <= 3


def test_query_strings_and_other_hosts_are_not_answered_from_another_page(client, sleep_article, settings):
    settings.ALLOWED_HOSTS = ["testserver", "other.example"]
    client.get(path_of(sleep_article))

    response = client.get(path_of(sleep_article), HTTP_HOST="other.example")

    assert "http://other.example/articles/" in response.content.decode()


# --------------------------------------------------------------------------
# Query budgets: constant in the rows shown
# --------------------------------------------------------------------------


#: The list pages read the sign-offs twice: the trust check, and the teasers' reviewer names.
LIST_PAGES = {
    "home": ("/", 8),
    "topic": ("/topics/sleep/", 8),
    "reviewer": ("/reviewers/{reviewer}/", 8),
    # On PostgreSQL the count and the ranking each run in a transaction that points the planner
    # at the GIN index (in a test: a savepoint, SET LOCAL, the query, its release).
    "search": ("/search/?q=sleep", 12),
    "feed": ("/feed/", 6),  # the trust check and the byline each read the sign-offs
    "sitemap index": ("/sitemap.xml", 3),
    "sitemap": ("/sitemap-articles.xml", 6),  # the live pointers, then the trust check (revisions, sign-offs, ledger entries)
}


def _publish_many(newsroom, count):
    topic = TopicFactory(name="Sleep", slug="sleep")
    for n in range(count):
        article = newsroom.draft(title=f"Sleep article {n}", sections=2)
        article.topics.add(topic)
        newsroom.publish(article)


@pytest.mark.parametrize("page", LIST_PAGES)
def test_list_pages_make_a_constant_number_of_queries(client, newsroom, reviewer, page, django_assert_max_num_queries):
    path, budget = LIST_PAGES[page]
    path = path.format(reviewer=reviewer.reviewer_profile.slug)
    _publish_many(newsroom, 2)
    cache.clear()
    _response, few = queries_for(client, path)
    _publish_many(newsroom, 10)
    cache.clear()

    with django_assert_max_num_queries(few):
        response = client.get(path)

    assert response.status_code == 200
    assert few <= budget

"""Measure the public pages: requests per second and queries per request.

    .venv/bin/python bench/article_page_bench.py [--requests 200] [--articles 300]
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/vetted bench/article_page_bench.py

Creates a throw-away test database (SQLite, or ``test_<name>`` on
PostgreSQL), publishes articles of three sizes through the real workflow,
then drives the pages with Django's test client in this process (no network,
no server), so the figures are the application's own cost. For each article
size it prints:

* queries per request, with the rendered-body cache cold and warm;
* requests per second with the cache cold (cleared before every request, so
  every section's Markdown is rendered) and warm (rendered once, then read);
* the gain from the cache.

Then the home, topic, feed and sitemap pages, and search (PostgreSQL
full-text search, or the SQLite fallback) over ``--articles`` live articles.
Figures vary with the machine; compare ratios measured in one run.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings_test")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.core.cache import cache  # noqa: E402
from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

SIZES = {  # name: (sections, references, extra disclaimers)
    "small": (3, 2, 0),
    "medium": (12, 15, 2),
    "large": (40, 60, 6),
}
SECTION_BODY = (
    "Regular sleep helps muscles recover [ref:1]. **Most adults** need seven to nine hours; "
    "teenagers need more [ref:2].\n\n"
    "- Keep a regular schedule\n- Avoid caffeine after midday\n- Keep the bedroom dark\n\n"
    "### What the studies show\n\n"
    "| Group | Hours |\n|---|---|\n| Adults | 7-9 |\n| Teens | 8-10 |\n\n"
    "See [the guideline](https://example.org/guideline) for details.[^1]\n\n[^1]: A footnote.\n"
)


def build(articles):
    from articles.models import Disclaimer, Reference
    from tests.factories import TopicFactory
    from tests.live_content import Newsroom, set_sections

    newsroom = Newsroom()
    topic = TopicFactory(name="Sleep", slug="sleep")
    sized = {}
    for name, (sections, references, extras) in SIZES.items():
        article = newsroom.draft(title=f"A {name} article about sleep", slug=f"{name}-article", sections=0)
        article.topics.add(topic)
        set_sections(article, [(f"Part {n}: sleep and recovery", SECTION_BODY) for n in range(1, sections + 1)])
        Reference.objects.bulk_create(
            Reference(article=article, position=n, title=f"Study {n}", url=f"https://example.org/{n}", doi=f"10.1/{n}")
            for n in range(1, references + 1)
        )
        for n in range(extras):
            article.extra_disclaimers.add(
                Disclaimer.objects.create(key=f"{name}-extra-{n}", title=f"Extra notice {n}", body="Be careful.")
            )
        sized[name] = newsroom.publish(article)
    for n in range(articles - len(SIZES)):
        article = newsroom.draft(title=f"Filler article {n} on hydration", slug=f"filler-{n}", sections=0)
        set_sections(article, [("Water", f"Drink water when thirsty; article {n} explains why."),
                               ("Sleep", "Rest and recovery matter too.")])
        newsroom.publish(article)
    return sized


def measure(client, path, requests, *, cold):
    """(requests per second, queries per request) for ``path``."""
    timings = []
    queries = None
    for _ in range(requests):
        if cold:
            cache.clear()
        start = time.perf_counter()
        with CaptureQueriesContext(connection) as captured:
            response = client.get(path)
        timings.append(time.perf_counter() - start)
        assert response.status_code == 200, (path, response.status_code)
        queries = len(captured)
    return 1 / statistics.median(timings), queries


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=200, help="requests per measurement")
    parser.add_argument("--articles", type=int, default=300, help="live articles for the list and search pages")
    args = parser.parse_args()

    # Not setup_test_environment(): it instruments every template render,
    # which would slow the pages down and distort the figures.
    settings.ALLOWED_HOSTS = ["testserver"]
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True)
    try:
        sized = build(args.articles)
        client = Client()
        vendor = connection.vendor
        print(f"Database: {vendor}; {args.articles} live articles; median of {args.requests} requests each.\n")
        print(f"{'article page':<14}{'sections':>9}{'refs':>6}{'discl.':>7}"
              f"{'queries cold/warm':>19}{'req/s cold':>12}{'req/s warm':>12}{'gain':>7}")
        for name, article in sized.items():
            revision = article.live_revision
            path = f"/articles/{revision.slug}/"
            cold_rps, cold_queries = measure(client, path, args.requests, cold=True)
            client.get(path)
            warm_rps, warm_queries = measure(client, path, args.requests, cold=False)
            print(
                f"{name:<14}{len(revision.sections):>9}{len(revision.references):>6}{len(revision.disclaimers):>7}"
                f"{f'{cold_queries} / {warm_queries}':>19}{cold_rps:>12.0f}{warm_rps:>12.0f}{warm_rps / cold_rps:>6.1f}x"
            )
        print(f"\n{'other pages (warm cache)':<34}{'queries':>9}{'req/s':>9}")
        others = [
            ("home", "/"),
            ("topic", "/topics/sleep/"),
            ("feed (20 entries)", "/feed/"),
            (f"sitemap ({args.articles} urls)", "/sitemap.xml"),
            (f"search, {'full-text' if vendor == 'postgresql' else 'fallback'}: 'sleep'", "/search/?q=sleep"),
            ("search: 'hydration water'", "/search/?q=hydration+water"),
        ]
        for label, path in others:
            client.get(path)
            rps, queries = measure(client, path, max(20, args.requests // 4), cold=False)
            print(f"{label:<34}{queries:>9}{rps:>9.0f}")
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()

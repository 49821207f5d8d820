"""How the article change form copes with many sections.

    DEBUG=1 .venv/bin/python bench/change_form_bench.py [--sections 100 1000 10000] [--repeat 3]

Issue 10 measured 45 s and 32 MB for the change form of a 10,000-section
article. Saving refuses more than ``MAX_ROWS["sections"]`` (100) sections, so
an article can reach that size only through rows written outside the
application (an old database, a script); the form must still open at the
bound quickly. For each size it fills a throw-away SQLite database with one
article of that many sections (each a paragraph of about 600 characters),
then, as a writer, requests the change form through Django's test client and
prints the median time, the peak memory Python allocated during one request
(``tracemalloc``, in a separate untimed request), the response size and the
number of SQL queries. At the bound it also times saving the form unchanged.
Past the bound the form leaves the rows out and says why
(``ArticleAdmin.get_inlines``). It prints figures; it asserts
nothing.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.admin_bench import _migrate_fresh, _setup_django, _users  # noqa: E402

PARAGRAPH = " ".join(["Plan rest days and drink water during long sessions."] * 11)


def _article(count, writer):
    from articles.models import Article, Section

    article = Article.objects.create(title=f"A guide in {count} parts", slug=f"guide-{count}")
    article.authors.add(writer)
    Section.objects.bulk_create(
        (Section(article=article, position=p, heading=f"Part {p}", body=PARAGRAPH) for p in range(1, count + 1)),
        batch_size=500,
    )
    return article


def _request(client, method, url, data=None, *, traced=False):
    """(response, seconds, peak bytes allocated or None, queries). Timed runs are not traced: tracing slows Python."""
    from django.db import connection

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    if traced:
        tracemalloc.start()
    start = time.perf_counter()
    with connection.execute_wrapper(count):
        response = client.get(url) if method == "get" else client.post(url, data)
    elapsed = time.perf_counter() - start
    peak = None
    if traced:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return response, elapsed, peak, len(executed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sections", type=int, nargs="+", default=[100, 1000, 10_000])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    _setup_django()
    from django.test import Client
    from django.urls import reverse

    from articles.actions.editing import MAX_ROWS
    from tests.admin_helpers import article_form_data

    print(f"{'sections':>8}  {'request':<22} {'median s':>9} {'peak MB':>8} {'page KB':>8} {'queries':>8}")
    for count in args.sections:
        _migrate_fresh()
        writer, *_others = _users()
        article = _article(count, writer)
        client = Client(HTTP_HOST="localhost")
        client.force_login(writer)
        # The first scan compiles the claim rules: pay for that on a small article first.
        client.get(reverse("admin:articles_article_change", args=[_article(1, writer).pk]))
        url = reverse("admin:articles_article_change", args=[article.pk])
        response, _elapsed, peak, queries = _request(client, "get", url, traced=True)
        assert response.status_code == 200, response.status_code
        timings = [_request(client, "get", url)[1] for _ in range(args.repeat)]
        print(
            f"{count:>8}  {'GET change form':<22} {statistics.median(timings):>9.2f} "
            f"{peak / 2**20:>8.1f} {len(response.content) / 1024:>8.0f} {queries:>8}"
        )
        if count <= MAX_ROWS["sections"]:
            article.refresh_from_db()
            response, elapsed, _peak, queries = _request(client, "post", url, article_form_data(article))
            assert response.status_code == 302, response.status_code
            _r, _e, peak, _q = _request(client, "get", url, traced=True)
            print(f"{count:>8}  {'POST save unchanged':<22} {elapsed:>9.2f} {'':>8} {'':>8} {queries:>8}")


if __name__ == "__main__":
    main()

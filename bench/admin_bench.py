"""How the editorial admin's pages scale with the number of articles.

    DEBUG=1 .venv/bin/python bench/admin_bench.py [--sizes 20 200] [--repeat 7]

For each size N it fills a throw-away SQLite database with N articles (a
third live, a third in review, a third drafts; two authors and a topic each),
then requests each page through Django's test client as the role that uses
it and prints the median time over ``--repeat`` requests and the number of
SQL queries:

- the articles changelist (100 rows a page) as a publisher;
- the review queue as a medical reviewer;
- the review page of one revision (a 12-section update of a live article,
  one section changed) as a medical reviewer;
- the change form of that article (status panel, working-copy claim scan,
  inlines) as a writer.

A page whose query count grows with N has an N+1 problem. It prints figures;
it asserts nothing (timings belong in benchmarks, not tests).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))


def _setup_django():
    database = Path(tempfile.mkdtemp(prefix="vetted-bench-")) / "bench.sqlite3"
    os.environ["DATABASE_URL"] = f"sqlite:///{database}"
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings_test")
    os.environ.setdefault("ALLOWED_HOSTS", "localhost")
    import django

    django.setup()


def _migrate_fresh():
    from django.core.management import call_command
    from django.db import connection

    connection.close()
    path = Path(connection.settings_dict["NAME"])
    if path.exists():
        path.unlink()
    call_command("migrate", verbosity=0)


def _users():
    from django.contrib.auth.models import Group, User

    from articles.models import ReviewerProfile

    def user(name, group):
        u = User.objects.create_user(name, password="bench", is_staff=True, first_name=name.title())
        u.groups.add(Group.objects.get(name=group))
        return u

    writer, other = user("writer", "Writers"), user("cowriter", "Writers")
    reviewer = user("reviewer", "Medical reviewers")
    second_reviewer = user("reviewer2", "Medical reviewers")
    publisher = user("publisher", "Publishers")
    from articles.actions import verify_credentials

    for who, credentials in ((reviewer, "MD"), (second_reviewer, "RN")):
        profile = ReviewerProfile.objects.create(
            user=who, slug=who.username, credentials=credentials, credential_type="physician",
            licence_number=f"BENCH-{who.username}", issuing_body="Bench register",
        )
        verify_credentials(profile, by=publisher)
    return writer, other, reviewer, second_reviewer, publisher


def _fill(n, writer, other, reviewer, publisher):
    from articles import actions
    from articles.models import Article, Section, Topic

    topic = Topic.objects.create(name="Sleep", slug="sleep")
    for i in range(n):
        article = Article.objects.create(title=f"Resting well, part {i}", slug=f"resting-well-{i}")
        article.authors.add(writer, other)
        article.topics.add(topic)
        Section.objects.bulk_create(
            Section(article=article, position=p, heading=f"Part {p}", body="Rest and fluids help.")
            for p in (1, 2)
        )
        if i % 3 == 0:
            continue
        revision = actions.submit_for_review(article, by=writer)
        if i % 3 == 1:
            actions.approve(revision, by=reviewer)
            actions.publish(article, by=publisher)


def _long_update(writer, reviewer, publisher):
    """A live 12-section article with an update in review that changes one section."""
    from articles import actions
    from articles.models import Article, Section

    article = Article.objects.create(title="A long guide to rest", slug="long-guide")
    article.authors.add(writer)
    Section.objects.bulk_create(
        Section(
            article=article, position=p, heading=f"Chapter {p}",
            body=" ".join(["Plan rest days and drink water during long sessions."] * 20),
        )
        for p in range(1, 13)
    )
    actions.approve(actions.submit_for_review(article, by=writer), by=reviewer)
    actions.publish(article, by=publisher)
    Section.objects.filter(article=article, position=5).update(body="Rewritten chapter about sleep.")
    return article, actions.submit_for_review(article, by=writer)


def _measure(client, url, repeat):
    from django.db import connection

    executed = []

    def count(execute, sql, params, many, context):
        executed.append(sql)
        return execute(sql, params, many, context)

    # An execute wrapper counts whatever the request runs, with DEBUG on or off.
    with connection.execute_wrapper(count):
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        client.get(url)
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings), len(executed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[20, 200])
    parser.add_argument("--repeat", type=int, default=7)
    args = parser.parse_args()
    _setup_django()
    from django.test import Client
    from django.urls import reverse

    print(f"{'articles':>8}  {'page':<28} {'median ms':>10} {'queries':>8}")
    for n in args.sizes:
        _migrate_fresh()
        writer, other, reviewer, second_reviewer, publisher = _users()
        _fill(n, writer, other, reviewer, publisher)
        article, revision = _long_update(writer, reviewer, publisher)

        def as_(user):
            client = Client(HTTP_HOST="localhost")
            client.force_login(user)
            return client

        pages = [
            ("changelist (publisher)", as_(publisher), "/admin/articles/article/"),
            ("review queue (reviewer)", as_(second_reviewer), reverse("admin:articles_articlerevision_queue")),
            (
                "review page, 12 sections",
                as_(second_reviewer),
                reverse("admin:articles_articlerevision_review", args=[revision.pk]),
            ),
            ("change form, 12 sections", as_(writer), reverse("admin:articles_article_change", args=[article.pk])),
        ]
        for label, client, url in pages:
            median, queries = _measure(client, url, args.repeat)
            print(f"{n:>8}  {label:<28} {median:>10.1f} {queries:>8}")


if __name__ == "__main__":
    main()

"""
Every public page type and the editors' main admin pages are valid HTML, as
the Nu HTML Checker (``vnu-jar``, run on the machine's Java) judges them.

Run by ``scripts/validate_html.sh`` (and so by CI, where a missing checker
is a failure); elsewhere skipped where the checker is not installed
(``npm ci``) or Java is missing.
"""

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from articles import actions
from articles.models import Reference

from .admin_helpers import logged_in
from .factories import TopicFactory
from .live_content import Newsroom

pytestmark = [pytest.mark.html_validation, pytest.mark.django_db]

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def public_pages(client, live, topic, reviewer):
    return {
        "home": client.get("/"),
        "article": client.get(live.live_revision.get_absolute_url()),
        "topic": client.get(reverse("articles:topic", kwargs={"slug": topic.slug})),
        "reviewer": client.get(reverse("articles:reviewer", kwargs={"slug": reviewer.reviewer_profile.slug})),
        "search": client.get(reverse("articles:search"), {"q": "sleep"}),
        "search-empty": client.get(reverse("articles:search")),
        "not-found": client.get("/no-such-page/"),
    }


def admin_pages(newsroom, live, in_review):
    editor = logged_in(newsroom.publisher)
    reviewer = logged_in(newsroom.reviewer)
    return {
        "admin-changelist": editor.get(reverse("admin:articles_article_changelist")),
        "admin-change-form": editor.get(reverse("admin:articles_article_change", args=[live.pk])),
        "admin-add-form": logged_in(newsroom.writer).get(reverse("admin:articles_article_add")),
        "admin-review-queue": reviewer.get(reverse("admin:articles_articlerevision_queue")),
        "admin-review-page": reviewer.get(reverse("admin:articles_articlerevision_review", args=[in_review.pk])),
        "admin-preview": editor.get(reverse("admin:articles_article_preview", args=[live.pk])),
    }


def resubmission(newsroom):
    """A revision 2 whose page has sentence cards (one needing a reference), its own and revision 1's section notes."""
    article = newsroom.draft(title="Kratom claims", slug="kratom-claims")
    article.sections.filter(position=1).update(body="It is clinically proven to cure anxiety and is non-addictive.")
    Reference.objects.create(article=article, position=1, title="A trial", url="https://example.org/t")
    first = actions.submit_for_review(article, by=newsroom.writer)
    actions.add_review_note(first, by=newsroom.reviewer, body="Which trial?", section_index=0)
    actions.add_review_note(first, by=newsroom.reviewer, body="Tone is fine.")
    actions.request_changes(first, by=newsroom.reviewer, note="Cite the trial.")
    article.sections.filter(position=2).update(body="Ask a doctor first.")
    second = actions.submit_for_review(article, by=newsroom.writer)
    actions.add_review_note(second, by=newsroom.reviewer, body="Better.", section_index=0)
    return second


def test_pages_are_valid_html(client, tmp_path):
    if not VNU_JAR.exists() or shutil.which("java") is None:
        if os.environ.get("VNU_REQUIRED"):
            pytest.fail("The Nu HTML Checker is not installed (npm ci) or Java 17 is missing.")
        pytest.skip("The Nu HTML Checker needs `npm ci` and Java 17.")
    newsroom = Newsroom()
    topic = TopicFactory(slug="sleep", name="Sleep")
    draft = newsroom.draft(title="Sleep and recovery", slug="sleep-and-recovery")
    draft.topics.set([topic])
    Reference.objects.create(article=draft, position=1, title="A review", url="https://example.org/r", doi="10.1000/x", pmid="123")
    live = newsroom.publish(draft)
    in_review = newsroom.draft(title="Creatine is safe for everyone", slug="creatine")
    in_review.sections.filter(position=1).update(body="Creatine is completely safe for everyone and cures fatigue.")
    in_review = actions.submit_for_review(in_review, by=newsroom.writer)

    pages = public_pages(client, live, topic, newsroom.reviewer)
    pages.update(admin_pages(newsroom, live, in_review))
    resubmitted = resubmission(newsroom)
    pages["admin-review-resubmission"] = logged_in(newsroom.reviewer).get(
        reverse("admin:articles_articlerevision_review", args=[resubmitted.pk])
    )
    files = []
    for name, response in pages.items():
        expected = 404 if name == "not-found" else 200
        assert response.status_code == expected, name
        path = tmp_path / f"{name}.html"
        path.write_bytes(response.content)
        files.append(str(path))

    result = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", *files],
        capture_output=True,
        text=True,
        check=False,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    errors = [
        f"{Path(m.get('url', '')).name}:{m.get('lastLine')}: {m.get('message')} [{m.get('extract', '').strip()}]"
        for m in messages
        if m.get("type") == "error"
    ]
    assert errors == [], "\n".join(errors)

"""Writers in the admin: the change form, ordered sections and references, status, submitting."""

import pytest
from django.test import Client
from django.urls import reverse

from articles import actions
from articles.actions.notes import add_review_note
from articles.models import Article, ArticleRevision, Reference, Section

from .admin_helpers import (
    article_form_data,
    change_url,
    logged_in,
    messages_of,
    new_article_data,
)
from .factories import (
    ArticleFactory,
    ReferenceFactory,
    ReviewerFactory,
    TopicFactory,
    UserFactory,
    WriterFactory,
)

pytestmark = pytest.mark.django_db

ADD_URL = "/admin/articles/article/add/"


def headings(article):
    return list(article.sections.order_by("position").values_list("position", "heading"))


def test_writer_creates_an_article_with_two_sections_and_is_listed_as_author(writer):
    topic = TopicFactory(name="Sleep", slug="sleep")
    client = logged_in(writer)

    response = client.post(
        ADD_URL,
        new_article_data(
            "Sleep after exercise",
            "sleep-after-exercise",
            [
                {"order": 1, "heading": "Why sleep matters", "body": "Muscles repair during sleep."},
                {"order": 2, "heading": "How much", "body": "Most adults need 7 to 9 hours."},
            ],
            topics=[topic.pk],
            authors=[writer.pk],
        ),
    )

    assert response.status_code == 302, response.content.decode()[:2000]
    article = Article.objects.get(slug="sleep-after-exercise")
    assert headings(article) == [(1, "Why sleep matters"), (2, "How much")]
    assert list(article.authors.all()) == [writer]
    assert article.created_by == writer and article.last_edited_by == writer
    assert article.live_revision is None


def test_add_form_offers_the_writer_as_author_and_one_blank_section(writer):
    response = logged_in(writer).get(ADD_URL)

    form = response.context["adminform"].form
    assert form.initial["authors"] == [writer.pk]
    assert 'name="sections-0-heading"' in response.content.decode()
    assert 'name="sections-1-heading"' not in response.content.decode()


def test_sections_are_reordered_added_and_removed_with_positions_kept_consecutive(article, writer):
    first, second = article.sections.order_by("position")
    client = logged_in(writer)

    response = client.post(
        change_url(article),
        article_form_data(
            article,
            sections=[
                {"id": first.pk, "order": 3, "heading": first.heading, "body": first.body},
                {"id": second.pk, "order": 1, "heading": second.heading, "body": second.body},
                {"order": 2, "heading": "A new middle section", "body": "Hydration."},
            ],
        ),
    )

    assert response.status_code == 302
    assert headings(article) == [
        (1, second.heading),
        (2, "A new middle section"),
        (3, first.heading),
    ]

    article.refresh_from_db()
    middle = article.sections.get(position=2)
    response = client.post(
        change_url(article),
        article_form_data(
            article,
            sections=[
                {"id": second.pk, "order": 1, "heading": second.heading, "body": second.body},
                {"id": middle.pk, "order": 2, "heading": middle.heading, "body": middle.body, "DELETE": True},
                {"id": first.pk, "order": 3, "heading": first.heading, "body": first.body},
            ],
        ),
    )

    assert response.status_code == 302
    assert headings(article) == [(1, second.heading), (2, first.heading)]


def test_rows_without_an_order_keep_their_place_on_the_page_after_numbered_ones(article, writer):
    first, second = article.sections.order_by("position")

    logged_in(writer).post(
        change_url(article),
        article_form_data(
            article,
            sections=[
                {"id": first.pk, "order": "", "heading": first.heading, "body": first.body},
                {"id": second.pk, "order": 1, "heading": second.heading, "body": second.body},
            ],
        ),
    )

    assert headings(article) == [(1, second.heading), (2, first.heading)]


def test_references_are_an_ordered_inline_numbered_as_cited(article, writer):
    ReferenceFactory(article=article, position=1, title="Old review", url="https://example.org/old")
    old = article.references.get()

    response = logged_in(writer).post(
        change_url(article),
        article_form_data(
            article,
            references=[
                {"id": old.pk, "order": 2, "title": "Old review", "url": "https://example.org/old", "doi": "", "pmid": ""},
                {"order": 1, "title": "New trial", "url": "", "doi": "10.1000/xyz", "pmid": ""},
            ],
        ),
    )

    assert response.status_code == 302
    assert list(article.references.order_by("position").values_list("position", "title")) == [
        (1, "New trial"),
        (2, "Old review"),
    ]
    page = logged_in(writer).get(change_url(article)).content.decode()
    assert "[ref:1]" in page and "[ref:2]" in page


def test_a_reference_without_url_doi_or_pmid_gets_a_clear_error_and_nothing_is_saved(article, writer):
    response = logged_in(writer).post(
        change_url(article),
        article_form_data(
            article,
            title="Changed title",
            references=[{"order": 1, "title": "Unfindable", "url": "", "doi": "", "pmid": ""}],
        ),
    )

    assert response.status_code == 200
    assert "Give each reference a URL, a DOI or a PMID" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title != "Changed title"
    assert not Reference.objects.filter(article=article).exists()


def test_every_save_increments_the_edit_version(article, writer):
    client = logged_in(writer)
    client.post(change_url(article), article_form_data(article, title="One"))
    article.refresh_from_db()
    client.post(change_url(article), article_form_data(article, title="Two"))

    article.refresh_from_db()
    assert (article.title, article.edit_version) == ("Two", 3)


def test_save_and_submit_creates_a_revision_and_shows_it_in_my_articles(article, writer):
    client = logged_in(writer)

    response = client.post(
        change_url(article),
        article_form_data(article, title="Rest and recovery", _submit_for_review="1", submission_note="Ready"),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("admin:articles_article_changelist") + "?mine=1"
    revision = ArticleRevision.objects.get(article=article)
    assert (revision.title, revision.submit_note, revision.created_by) == ("Rest and recovery", "Ready", writer)
    assert any("is in the review queue" in m for m in messages_of(response))

    mine = client.get(response["Location"])
    rows = mine.context["cl"].result_list
    assert [row.pk for row in rows] == [article.pk]
    assert "In review" in mine.content.decode()


def test_my_articles_lists_only_the_writers_own(writer):
    mine = ArticleFactory(authors=[writer], title="Mine")
    ArticleFactory(authors=[WriterFactory()], title="Someone else's")

    response = logged_in(writer).get(reverse("admin:articles_article_changelist") + "?mine=1")

    assert [a.pk for a in response.context["cl"].result_list] == [mine.pk]


def test_refused_submission_keeps_the_save_and_says_why(article, writer):
    actions.submit_for_review(article, by=writer)
    article.refresh_from_db()

    response = logged_in(writer).post(
        change_url(article), article_form_data(article, title="Edited meanwhile", _submit_for_review="1")
    )

    assert response.status_code == 302 and response["Location"] == change_url(article)
    assert Article.objects.get(pk=article.pk).title == "Edited meanwhile"
    assert any("Saved, but not submitted" in m and "already in review" in m for m in messages_of(response))


def test_status_panel_for_a_new_article(article, writer):
    status = logged_in(writer).get(change_url(article)).context["status"]

    assert not status.is_live
    assert status.latest_revision is None
    assert status.latest_state == "draft"
    assert status.has_unsubmitted_changes


def test_status_panel_shows_live_revision_unsubmitted_changes_and_reviewer_note(live_article, writer):
    client = logged_in(writer)
    page = client.get(change_url(live_article))
    status = page.context["status"]
    assert status.is_live and status.live_revision.number == 1
    assert not status.has_unsubmitted_changes
    assert "Accurate and well sourced." in page.content.decode()

    client.post(change_url(live_article), article_form_data(live_article, title="A new headline"))
    page = client.get(change_url(live_article))
    status = page.context["status"]
    assert status.has_unsubmitted_changes
    assert "Has changes not yet submitted for review" in page.content.decode()
    assert status.live_revision.number == 1


def test_status_panel_shows_changes_requested_with_the_reviewers_section_notes(article, writer, reviewer):
    revision = actions.submit_for_review(article, by=writer)
    add_review_note(revision, by=reviewer, body="Cite the sleep study here.", section_index=1)
    actions.request_changes(revision, by=reviewer, note="Needs sources.")

    page = logged_in(writer).get(change_url(article))

    status = page.context["status"]
    assert status.latest_state == "changes_requested"
    html = page.content.decode()
    assert "Needs sources." in html
    assert "Cite the sleep study here." in html
    second_heading = article.sections.get(position=2).heading
    assert status.review_notes[0][0] == second_heading


def test_working_copy_preview_renders_the_unsaved_text_with_the_public_template(article, writer):
    article.title = "Working title, not reviewed"
    article.save()

    response = logged_in(writer).get(reverse("admin:articles_article_preview", args=[article.pk]))

    html = response.content.decode()
    assert response.status_code == 200
    assert "Working title, not reviewed" in html
    assert "Preview of the working copy" in html
    assert response["X-Robots-Tag"] == "noindex, nofollow"
    assert "articles/article_detail.html" in [t.name for t in response.templates]


# The Markdown editor's live preview ------------------------------------------

MARKDOWNIFY = "/admin/markdownx/markdownify/"


def test_live_preview_renders_through_the_sanitiser(writer):
    response = logged_in(writer).post(
        MARKDOWNIFY, {"content": "**Rest** [ref:2]\n\n<script>alert(1)</script> [x](javascript:alert(1))"}
    )

    html = response.content.decode()
    assert response.status_code == 200
    assert "<strong>Rest</strong>" in html
    assert '<a href="#ref-2">[2]</a>' in html
    assert "<script>" not in html and "javascript:" not in html


def test_live_preview_is_refused_to_anonymous_and_non_staff_users(db):
    assert logged_in(UserFactory(is_staff=False)).post(MARKDOWNIFY, {"content": "x"}).status_code == 403
    assert Client().post(MARKDOWNIFY, {"content": "x"}).status_code == 403


def test_image_upload_through_the_editor_is_for_writers_only(writer):
    reviewer = ReviewerFactory()

    assert logged_in(reviewer).post("/admin/markdownx/upload/", {}).status_code == 403
    assert logged_in(writer).post(
        "/admin/markdownx/upload/", {}, HTTP_X_REQUESTED_WITH="XMLHttpRequest"
    ).status_code == 400


def test_section_positions_never_collide_when_swapped_directly_through_the_action(article, writer):
    first, second = article.sections.order_by("position")
    actions.save_working_copy(
        article, by=writer, expected_version=article.edit_version, sections=[second, first]
    )

    assert headings(article) == [(1, second.heading), (2, first.heading)]
    assert set(Section.objects.filter(article=article).values_list("position", flat=True)) == {1, 2}

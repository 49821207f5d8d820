"""
Bad or pathological input gets a clear refusal, never a 500 or a stalled
worker: Markdown too long or nested too deeply for the live preview, the
editor's fields and the public renderer.
"""

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile

from articles import actions
from articles.domain.rendering import MAX_MARKDOWN_CHARS, render_markdown
from articles.models import Image

from .admin_helpers import article_form_data, change_url, logged_in
from .live_content import Newsroom, set_sections
from .test_uploads import encoded

pytestmark = pytest.mark.django_db

MARKDOWNIFY = "/admin/markdownx/markdownify/"
NESTED_LISTS = "\n".join("\t" * level + "- item" for level in range(400))
NESTED_LIST_MARKERS = "- " * 400 + "x"
NESTED_QUOTES = ">" * 400 + " quoted"
UNCLOSED_LINKS = "[a](" * 20_000  # 80 KB


@pytest.mark.parametrize("content", [NESTED_LISTS, NESTED_QUOTES, NESTED_LIST_MARKERS])
def test_400_nesting_levels_are_refused_by_the_preview_with_a_message(writer, content):
    response = logged_in(writer).post(MARKDOWNIFY, {"content": content})

    assert response.status_code == 400
    assert "the limit is" in response.content.decode()


def test_80_kb_of_unclosed_links_is_refused_by_the_preview(writer):
    response = logged_in(writer).post(MARKDOWNIFY, {"content": UNCLOSED_LINKS})

    assert response.status_code == 400
    assert f"the limit is {MAX_MARKDOWN_CHARS:,}" in response.content.decode()


def test_unclosed_links_up_to_the_limit_still_render(writer):
    content = "[a](" * (MAX_MARKDOWN_CHARS // 4)

    response = logged_in(writer).post(MARKDOWNIFY, {"content": content})

    assert response.status_code == 200
    assert "[a](" in response.content.decode()


def test_ordinary_nesting_still_previews(writer):
    content = "\n".join("    " * level + "- item" for level in range(6))

    response = logged_in(writer).post(MARKDOWNIFY, {"content": content})

    assert response.status_code == 200
    assert response.content.decode().count("<ul>") == 6


def test_the_editor_refuses_to_save_a_section_nested_too_deeply(article, writer):
    data = article_form_data(article, sections=[{"heading": "Deep", "body": NESTED_LIST_MARKERS}])

    response = logged_in(writer).post(change_url(article), data)

    assert response.status_code == 200
    assert "The section text nests lists, quotes or indentation 400 levels deep" in response.content.decode()
    assert "- - -" not in "".join(article.sections.values_list("body", flat=True))


def test_text_past_the_bounds_that_reached_a_page_is_shown_escaped_not_a_500():
    html = render_markdown(NESTED_QUOTES + "\n\n<script>alert(1)</script>")

    assert "&gt;&gt;&gt;" in html
    assert "<script>" not in html


def test_an_image_shows_the_alt_text_frozen_at_submission_not_the_current_one(client):
    """Hole 4: a writer re-describes a picture after approval; readers keep the approved words."""
    newsroom = Newsroom()
    image = actions.create_image(
        by=newsroom.writer, file=SimpleUploadedFile("chart.png", encoded("PNG", size=(900, 500))),
        alt_text="Bar chart of average sleep hours",
    )
    article = newsroom.draft(title="Sleep", sections=0)
    set_sections(article, [("Results", f"Before.\n\n![]({image.file.url})")])
    newsroom.publish(article)

    Image.objects.filter(pk=image.pk).update(alt_text="UNREVIEWED alt: take 10 tablets")
    cache.clear()
    html = client.get(f"/articles/{article.live_revision.slug}/").content.decode()

    assert 'alt="Bar chart of average sleep hours"' in html
    assert "UNREVIEWED" not in html
    assert "![Bar chart of average sleep hours]" in article.live_revision.sections[0]["body"]


def test_an_article_past_the_section_limit_opens_without_its_rows_and_its_other_fields_save(writer):
    """Issue 10: a 10,000-section change form took 45 s. Past ``MAX_ROWS`` the rows are left out, with the reason."""
    from articles.actions.editing import MAX_ROWS
    from articles.models import Article

    from .factories import ArticleFactory

    article = ArticleFactory(authors=[writer], sections=0)
    count = MAX_ROWS["sections"] + 50
    set_sections(article, [(f"Part {n}", "Rest and fluids help.") for n in range(count)])
    client = logged_in(writer)

    page = client.get(change_url(article)).content.decode()

    assert f"This article has {count} sections, more than the {MAX_ROWS['sections']}" in page
    assert "sections-TOTAL_FORMS" not in page and "references-TOTAL_FORMS" in page
    data = {k: v for k, v in article_form_data(article, title="Resting well").items() if not k.startswith("sections-")}
    assert client.post(change_url(article), data).status_code == 302
    stored = Article.objects.get(pk=article.pk)
    assert stored.title == "Resting well" and stored.sections.count() == count

"""
Bidi controls in what writers type are refused (issue 10, item 3).

A right-to-left override, embedding or isolate makes text display in another
order than it is stored: a reviewer could approve words readers never see in
that order. The claim scanner reads such text as displayed; the editor goes
further and refuses it in every writer field, naming the field and where the
character is, and keeps everything else the writer typed. Through the
action, the admin's change form, the draft import and the image forms.
"""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from articles import actions
from articles.models import Article, Image, Reference

from .admin_helpers import article_form_data, change_url, logged_in
from .factories import ArticleFactory
from .test_import import post_upload, shown_messages, upload
from .test_uploads import ADMIN_ADD, EDITOR_UPLOAD, encoded

RLO, PDF = "\u202e", "\u202c"
#: Displays as "Kratom cures anxiety" where the stored text reads "Kratom yteixna seruc".
HIDDEN = f"Kratom {RLO}yteixna seruc{PDF}"
WHERE = "right-to-left override (U+202E) at line 1, character 8"

pytestmark = pytest.mark.django_db


@pytest.fixture
def article(writer):
    article = ArticleFactory(authors=[writer])
    Reference.objects.create(article=article, position=1, title="Sleep review", url="https://example.org/r")
    return article


@pytest.mark.parametrize("field, named", [
    ("title", "The title"),
    ("summary", "The key takeaways"),
    ("standfirst", "The introduction"),
    ("conclusion", "The conclusion"),
    ("change_summary", "The change summary"),
])
def test_save_working_copy_refuses_a_bidi_control_naming_the_field_and_position(article, writer, field, named):
    version = article.edit_version
    setattr(article, field, HIDDEN)

    with pytest.raises(actions.InvalidInput) as refusal:
        actions.save_working_copy(article, by=writer, expected_version=version)

    assert str(refusal.value).startswith(f"{named} contains an invisible {WHERE}.")
    assert Article.objects.get(pk=article.pk).edit_version == version


@pytest.mark.parametrize("rows, field, value, named", [
    ("sections", "heading", HIDDEN, "Section 2's heading"),
    ("sections", "body", f"First line.\n{HIDDEN}", "Section 2's text"),
    ("references", "title", HIDDEN, "Reference 1's title"),
    ("references", "doi", f"10.1000/{RLO}x", "Reference 1's DOI"),
])
def test_sections_and_references_are_checked_row_by_row(article, writer, rows, field, value, named):
    listed = list(getattr(article, rows).order_by("position"))
    setattr(listed[-1], field, value)

    with pytest.raises(actions.InvalidInput, match=f"^{named} contains an invisible right-to-left override"):
        actions.save_working_copy(article, by=writer, expected_version=article.edit_version, **{rows: listed})

    stored = getattr(Article.objects.get(pk=article.pk), rows).order_by("position").last()
    assert RLO not in getattr(stored, field)


def test_the_line_and_character_are_those_of_the_text_as_typed(article, writer):
    sections = list(article.sections.order_by("position"))
    sections[0].body = f"One.\nTwo.\nThree {RLO}x"

    with pytest.raises(actions.InvalidInput, match="at line 3, character 7"):
        actions.save_working_copy(article, by=writer, expected_version=article.edit_version, sections=sections)


def test_marks_and_right_to_left_script_are_kept(article, writer):
    article.title = "Sleep \u200fand rest: \u05e9\u05dc\u05d5\u05dd"
    actions.save_working_copy(article, by=writer, expected_version=article.edit_version)
    assert Article.objects.get(pk=article.pk).title == article.title


# Over HTTP: the admin's change form keeps the writer's text and says where the character is.


@pytest.mark.parametrize("edit", ["title", "summary", "section", "reference"])
def test_the_change_form_shows_the_refusal_next_to_the_field_and_keeps_the_text(article, writer, edit):
    data = article_form_data(article)
    if edit in ("title", "summary"):
        data[edit] = HIDDEN
    elif edit == "section":
        data["sections-1-body"] = HIDDEN
    else:
        data["references-0-title"] = HIDDEN

    response = logged_in(writer).post(change_url(article), data)

    assert response.status_code == 200
    page = response.content.decode()
    assert f"contains an invisible {WHERE}" in page
    assert "yteixna seruc" in page  # what the writer typed is still in the form
    stored = Article.objects.get(pk=article.pk)
    assert stored.edit_version == article.edit_version
    assert RLO not in stored.title + stored.summary + "".join(s.body for s in stored.sections.all())


def test_an_imported_draft_with_a_bidi_control_fails_and_writes_nothing(client, writer):
    client.force_login(writer)
    draft = (
        "title: Rest after exercise\n\n"
        "Why rest matters.\n\n"
        "- Recovery\n\n"
        "Recovery\n\n"
        f"{HIDDEN}\n\n"
        "Most adults need seven hours.\n\n"
        "Rest well.\n"
    )

    response = post_upload(client, upload("rest.txt", draft), author=writer.pk)

    messages = shown_messages(response)
    assert any(
        level == "error" and "rest.txt" in text and "section 1" in text and WHERE in text
        for level, text in messages
    ), messages
    assert not Article.objects.exists()


def test_alt_text_caption_and_credit_refuse_bidi_controls(writer):
    for field in ("alt_text", "caption", "credit"):
        fields = {"alt_text": "A chart", field: HIDDEN}
        response = logged_in(writer).post(
            ADMIN_ADD, {"file": SimpleUploadedFile("chart.jpg", encoded()), **fields}
        )
        assert response.status_code == 200
        assert WHERE in " ".join(response.context["adminform"].form.errors[field])
    assert not Image.objects.exists()


def test_the_editors_upload_refuses_a_bidi_control_in_the_alt_text(writer):
    response = logged_in(writer).post(
        EDITOR_UPLOAD,
        {"image": SimpleUploadedFile("chart.jpg", encoded(), content_type="image/jpeg"), "alt_text": HIDDEN},
        HTTP_X_REQUESTED_WITH="XMLHttpRequest",
    )

    assert response.status_code == 400
    assert WHERE in response.content.decode()
    assert not Image.objects.exists()

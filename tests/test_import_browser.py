"""A writer imports plain-text drafts through the admin, in Chromium."""

from pathlib import Path

import pytest

from articles.models import Article

from .factories import WriterFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]

DRAFTS = Path(__file__).resolve().parent.parent / "demo" / "drafts"


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/admin/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "password")
    page.click("input[type=submit]")


def test_writer_uploads_two_drafts_from_the_article_list_and_sees_what_happened(live_server, page):
    WriterFactory(username="sam")
    log_in(page, live_server, "sam")

    page.goto(f"{live_server.url}/admin/articles/article/")
    page.get_by_role("link", name="Import drafts").click()
    assert page.get_by_label("Author").input_value() != ""  # defaults to the writer uploading
    page.set_input_files("#id_files", [str(DRAFTS / "000_a51d1180bd8a0850.txt"), str(DRAFTS / "002_5487eced9ec0c20f.txt")])
    page.get_by_role("button", name="Import").click()

    messages = page.locator("ul.messagelist")
    assert "Created draft “Understanding Muscle Soreness and Its Causes” from 000_a51d1180bd8a0850.txt" in messages.text_content()
    assert "from 002_5487eced9ec0c20f.txt (slug understanding-chronic-pain" in messages.text_content()
    assert "risky claims flagged" in messages.text_content()
    assert "2 of 2 drafts imported." in messages.text_content()
    assert Article.objects.count() == 2


def test_a_bad_file_is_reported_with_its_line_and_nothing_is_imported_for_it(live_server, page, tmp_path):
    WriterFactory(username="sam")
    bad = tmp_path / "broken.txt"
    bad.write_text("Only an intro.\n- A heading nobody wrote\nSome text.\n", encoding="utf-8")
    log_in(page, live_server, "sam")

    page.goto(f"{live_server.url}/admin/articles/article/import/")
    page.set_input_files("#id_files", str(bad))
    page.get_by_role("button", name="Import").click()

    error = page.locator("ul.messagelist li.error")
    assert error.text_content().startswith("Failed, nothing imported: broken.txt, line 2: ")
    assert not Article.objects.exists()

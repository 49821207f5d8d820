"""Typed update notes: a correction is shown prominently on the page and in the feed."""

from django.test import Client

from articles import actions

from .factories import ReviewerFactory


def test_a_correction_is_shown_at_the_top_of_the_page_and_in_the_feed(newsroom):
    article = newsroom.publish()
    newsroom.revise(article, title="Rest days, corrected", change_summary="The dose in section 1 was wrong.")
    article.update_kind = "correction"
    article.save()
    newsroom.approve(article)
    actions.publish(article, by=newsroom.publisher)
    client = Client()

    page = client.get(f"/articles/{article.slug}/").content.decode()
    notice = page.index('class="correction-notice"')
    assert notice < page.index('<section class="key-takeaways"')
    assert "The dose in section 1 was wrong." in page[notice : notice + 600]
    assert "<strong>Correction</strong>" in page

    feed = client.get("/feed/").content.decode()
    assert "Correction: Rest days, corrected" in feed
    assert "The dose in section 1 was wrong." in feed


def test_a_plain_update_and_a_re_review_are_not_corrections(newsroom):
    article = newsroom.publish()
    newsroom.revise(article, title="Rest days, expanded", change_summary="Added a section on sleep.")
    newsroom.approve(article)
    actions.publish(article, by=newsroom.publisher)
    actions.recertify(article, by=ReviewerFactory(first_name="Ada", last_name="Okoye"))

    page = Client().get(f"/articles/{article.slug}/").content.decode()
    assert "correction-notice" not in page
    assert "Updated <time" in page and "Added a section on sleep." in page
    assert "Reviewed again on" in page and "by Ada Okoye" in page

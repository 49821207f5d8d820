"""
Two people saving the same article: the second gets a conflict, sees the
other change, keeps their own input, and nothing is lost. Run on SQLite and
on PostgreSQL (DATABASE_URL): the threaded tests exercise each database's
own locking.
"""

import re

import pytest

from articles import actions
from articles.models import Article

from .admin_helpers import article_form_data, change_url, logged_in
from .concurrency import race
from .factories import ArticleFactory, WriterFactory

pytestmark = pytest.mark.django_db


def loaded_version_in(html):
    return int(re.search(r'name="loaded_version" value="(\d+)"', html).group(1))


def test_second_save_gets_a_conflict_and_loses_nothing(article, writer):
    colleague = WriterFactory(first_name="Ada", last_name="Byrne")
    first, second = article.sections.order_by("position")
    mine = logged_in(writer)
    theirs = logged_in(colleague)
    # Both open the form at the same version.
    my_form = article_form_data(
        article,
        sections=[
            {"id": first.pk, "order": 1, "heading": first.heading, "body": "My rewrite of the first section."},
            {"id": second.pk, "order": 2, "heading": second.heading, "body": second.body},
        ],
    )
    their_form = article_form_data(article, title="Their new title")

    assert theirs.post(change_url(article), their_form).status_code == 302
    response = mine.post(change_url(article), my_form)

    html = response.content.decode()
    assert response.status_code == 200
    assert "Ada Byrne saved" in html and "your changes were not saved" in html
    assert "Nothing is lost" in html
    # My unsaved input is still in the form...
    assert "My rewrite of the first section." in html
    # ...and the other change is shown to me.
    assert "Their new title" in html
    diff = response.context["conflict_diff"]
    assert [t.name for t in diff.changed_texts] == ["title"]
    assert [s.status for s in diff.sections] == ["changed", "unchanged"]
    # The database holds their save, untouched by mine.
    article.refresh_from_db()
    assert article.title == "Their new title"
    assert article.sections.get(pk=first.pk).body == first.body
    assert article.edit_version == 2


def test_saving_again_after_seeing_the_conflict_keeps_my_version(article, writer):
    colleague = WriterFactory()
    my_form = article_form_data(article, standfirst="My introduction.")
    logged_in(colleague).post(change_url(article), article_form_data(article, summary="Their summary."))
    mine = logged_in(writer)
    conflict = mine.post(change_url(article), my_form)

    my_form["loaded_version"] = loaded_version_in(conflict.content.decode())
    response = mine.post(change_url(article), my_form)

    assert response.status_code == 302
    article.refresh_from_db()
    assert article.standfirst == "My introduction."
    assert article.edit_version == 3


def test_a_section_added_by_the_other_editor_is_kept_when_I_resave(article, writer):
    colleague = WriterFactory()
    first, second = article.sections.order_by("position")
    rows = [
        {"id": first.pk, "order": 1, "heading": first.heading, "body": first.body},
        {"id": second.pk, "order": 2, "heading": second.heading, "body": second.body},
    ]
    my_form = article_form_data(article, sections=rows, title="Mine")
    logged_in(colleague).post(
        change_url(article),
        article_form_data(article, sections=rows + [{"order": 3, "heading": "Theirs", "body": "Added."}]),
    )
    mine = logged_in(writer)
    conflict = mine.post(change_url(article), my_form)
    my_form["loaded_version"] = loaded_version_in(conflict.content.decode())

    mine.post(change_url(article), my_form)

    assert list(article.sections.order_by("position").values_list("position", "heading")) == [
        (1, first.heading),
        (2, second.heading),
        (3, "Theirs"),
    ]


def test_a_form_without_its_loaded_version_is_refused(article, writer):
    data = article_form_data(article, title="No version")
    del data["loaded_version"]

    response = logged_in(writer).post(change_url(article), data)

    assert response.status_code == 200
    assert "missing the version it was loaded at" in response.content.decode()
    assert Article.objects.get(pk=article.pk).title != "No version"


def test_the_service_refuses_a_stale_version_whatever_calls_it(article, writer):
    actions.save_working_copy(article, by=writer, expected_version=1)
    stale = Article.objects.get(pk=article.pk)
    stale.title = "Stale"

    with pytest.raises(actions.EditConflict, match="while you were editing it"):
        actions.save_working_copy(stale, by=writer, expected_version=1)

    assert Article.objects.get(pk=article.pk).title != "Stale"




@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_saves_of_one_version_cannot_both_succeed():
    writer, colleague = WriterFactory(), WriterFactory()
    article = ArticleFactory(authors=[writer])

    def save(user, title):
        copy = Article.objects.get(pk=article.pk)
        copy.title = title
        return actions.save_working_copy(copy, by=user, expected_version=1)

    outcomes = race(lambda: save(writer, "Mine"), lambda: save(colleague, "Theirs"))

    saved = [o for o in outcomes if isinstance(o, Article)]
    conflicts = [o for o in outcomes if isinstance(o, actions.EditConflict)]
    assert (len(saved), len(conflicts)) == (1, 1), outcomes
    stored = Article.objects.get(pk=article.pk)
    assert (stored.title, stored.edit_version) == (saved[0].title, 2)


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_simultaneous_admin_saves_one_saved_one_told_of_the_conflict():
    writer, colleague = WriterFactory(), WriterFactory()
    article = ArticleFactory(authors=[writer])
    mine = article_form_data(article, title="Mine")
    theirs = article_form_data(article, title="Theirs")
    clients = [logged_in(writer), logged_in(colleague)]

    outcomes = race(
        lambda: clients[0].post(change_url(article), mine),
        lambda: clients[1].post(change_url(article), theirs),
    )

    codes = sorted(response.status_code for response in outcomes)
    assert codes == [200, 302], outcomes
    refused = next(response for response in outcomes if response.status_code == 200)
    assert "while you were editing it" in refused.content.decode()
    stored = Article.objects.get(pk=article.pk)
    assert stored.edit_version == 2
    assert stored.title in {"Mine", "Theirs"}

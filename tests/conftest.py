import pytest
from django.core.cache import cache
from django.db.backends.base.operations import BaseDatabaseOperations

from articles import actions
from articles.db.triggers import guards_lifted

from .factories import ArticleFactory, PublisherFactory, ReviewerFactory, WriterFactory
from .live_content import Newsroom


@pytest.fixture(autouse=True, scope="session")
def flush_past_the_guards():
    """
    Transactional tests end with a whole-database flush, which the
    append-only guards refuse; lift them around it (and only it).
    """
    original = BaseDatabaseOperations.execute_sql_flush

    def execute_sql_flush(self, sql_list):
        with guards_lifted(self.connection):
            original(self, sql_list)

    BaseDatabaseOperations.execute_sql_flush = execute_sql_flush
    yield
    BaseDatabaseOperations.execute_sql_flush = original


@pytest.fixture(autouse=True)
def empty_cache():
    """Rendered pages are cached per revision; start every test with a cold cache."""
    cache.clear()


@pytest.fixture
def newsroom(writer, reviewer, publisher):
    """A writer, reviewer and publisher who take articles through the real workflow."""
    return Newsroom(writer=writer, reviewer=reviewer, publisher=publisher)


@pytest.fixture
def writer(db):
    return WriterFactory(username="writer")


@pytest.fixture
def reviewer(db):
    return ReviewerFactory(username="reviewer")


@pytest.fixture
def publisher(db):
    return PublisherFactory(username="publisher")


@pytest.fixture
def article(writer):
    return ArticleFactory(authors=[writer])


@pytest.fixture
def approved_revision(article, writer, reviewer):
    revision = actions.submit_for_review(article, by=writer)
    actions.approve(revision, by=reviewer, note="Accurate and well sourced.")
    return revision


@pytest.fixture
def live_article(article, approved_revision, publisher):
    actions.publish(article, by=publisher)
    article.refresh_from_db()
    return article


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    """Drive the system Chromium: Playwright cannot download its own browser here."""
    import os

    return {
        **browser_type_launch_args,
        "executable_path": os.environ.get("CHROMIUM", "/usr/bin/chromium"),
        "args": [
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }

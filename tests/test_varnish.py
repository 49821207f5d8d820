"""
Against a real Varnish (``deploy/varnish/default.vcl``) in front of gunicorn:
pages are cached, and a page that is unpublished is gone from Varnish at once.
Run by .ci/run in their own step (marker ``varnish``).
"""

import time

import pytest
from django.db import connection

from articles.actions import workflow

from .live_content import Newsroom
from .varnish import VARNISHD, Site

pytestmark = [
    pytest.mark.varnish,
    # gunicorn reads what the test commits; the roles' groups come back after each test.
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
    pytest.mark.skipif(
        VARNISHD is None,
        reason="varnishd is not installed (Debian: apt-get install -y varnish); .ci/run installs it and runs these",
    ),
]


@pytest.fixture
def site(settings):
    site = Site(connection.settings_dict)
    settings.CACHE_PURGE_URLS = [site.url]
    settings.CACHE_PURGE_HOST = f"127.0.0.1:{site.port}"
    yield site
    site.close()


def test_varnish_caches_public_pages_and_drops_an_unpublished_one_within_a_second(site):
    newsroom = Newsroom()
    article = newsroom.publish(newsroom.draft(title="Advice under review", slug="advice-under-review"))
    path = "/articles/advice-under-review/"

    status, headers, _html = site.get(path)
    assert status == 200 and headers["X-Cache"] == "MISS"
    status, headers, html = site.get(path)
    assert status == 200 and headers["X-Cache"] == "HIT"
    assert "Advice under review" in html
    assert "Advice under review" in site.get("/")[2]
    assert site.get("/")[1]["X-Cache"] == "HIT"

    workflow.unpublish(article, by=newsroom.publisher, reason="A safety concern was reported.")
    unpublished_at = time.monotonic()

    status = site.get(path)[0]
    while status != 404 and time.monotonic() - unpublished_at < 1:
        status = site.get(path)[0]
    assert status == 404, "Varnish still serves the unpublished page a second later"
    assert "Advice under review" not in site.get("/")[2]


def test_varnish_does_not_keep_what_a_signed_in_editor_sees(site):
    newsroom = Newsroom()
    newsroom.publish(newsroom.draft(title="Editors see this", slug="editors-see-this"))
    path = "/articles/editors-see-this/"

    for _ in range(2):
        status, headers, _html = site.get(path, Cookie="sessionid=not-a-real-session")
        assert status == 200
        assert headers["X-Cache"] == "MISS"


def test_only_localhost_may_purge_and_the_vcl_names_the_app_server_first():
    from .varnish import VCL

    text = VCL.read_text()
    assert '"127.0.0.1";' in text.split("acl purgers")[1].split("}")[0]
    backend = text.split("backend ")[1].split("}")[0]
    assert ".host" in backend and ".port" in backend

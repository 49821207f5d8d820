"""What every page carries around the content: the icon, the 404 page, dates browsers can read, one search box."""

import re

import pytest
from django.test import override_settings
from django.urls import reverse, set_script_prefix

from .admin_helpers import logged_in
from .live_content import Newsroom

pytestmark = pytest.mark.django_db


def test_favicon_is_served_at_the_root_and_linked_from_public_and_admin_pages(client, writer):
    response = client.get("/favicon.ico")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/x-icon"
    assert b"".join(response.streaming_content)[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert '<link rel="icon" href="/favicon.ico"' in client.get("/").content.decode()
    admin_page = logged_in(writer).get(reverse("admin:articles_article_changelist")).content.decode()
    assert '<link rel="icon" href="/favicon.ico"' in admin_page


@override_settings(DEBUG=True)
def test_with_debug_on_readers_get_the_sites_own_404_page_with_a_hint(client):
    response = client.get("/articles/no-such-article/")
    assert response.status_code == 404
    page = response.content.decode()
    assert "Page not found" in page
    assert "Touring the demo?" in page
    assert "Using the URLconf defined in" not in page
    unknown_path = client.get("/no/such/path/").content.decode()
    assert "Touring the demo?" in unknown_path


def test_with_debug_off_the_404_page_has_no_demo_hint(client):
    page = client.get("/articles/no-such-article/").content.decode()
    assert "Page not found" in page
    assert "Touring the demo?" not in page


@override_settings(DEBUG=True)
def test_with_debug_on_the_admin_keeps_djangos_technical_404_for_developers(client, writer):
    page = logged_in(writer).get("/admin/articles/article/999999/no-such-view/").content.decode()
    assert "Touring the demo?" not in page


def test_time_elements_carry_valid_html_datetimes(client):
    article = Newsroom().publish()
    for url in ["/", article.live_revision.get_absolute_url()]:
        values = re.findall(r'<time datetime="([^"]+)"', client.get(url).content.decode())
        assert values, url
        for value in values:
            assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d[+-]\d\d:\d\d", value), value


def test_search_page_has_one_search_box(client):
    page = client.get(reverse("articles:search"), {"q": "sleep"}).content.decode()
    assert page.count('type="search"') == 1
    assert client.get("/").content.decode().count('type="search"') == 1


def test_header_and_footer_links_follow_the_address_the_site_is_mounted_at(client):
    """
    They are rendered once per process, so each mount point must still get its
    own. (The WSGI handler sets the script prefix from ``SCRIPT_NAME``; the test
    client does not, so the test sets it as the handler would.)
    """
    at_root = client.get("/").content.decode()
    set_script_prefix("/health/")
    try:
        mounted = client.get("/").content.decode()
    finally:
        set_script_prefix("/")
    again_at_root = client.get("/").content.decode()

    for link in ('class="site-name" href="/"', 'href="/feed/">Atom feed', 'href="/sitemap.xml">Sitemap'):
        assert link in at_root and link in again_at_root
    for link in ('class="site-name" href="/health/"', 'href="/health/feed/">Atom feed', 'href="/health/sitemap.xml">Sitemap'):
        assert link in mounted

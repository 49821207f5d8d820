"""
Production hardening a user or an attacker would notice: failed-login
throttling, the HTTPS settings, Content-Security-Policy on the admin, clean
400s for bad input and the per-article row limits.
"""

import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import Client

from articles.actions import editing
from articles.errors import InvalidInput
from articles.models import Section

from .admin_helpers import article_form_data, change_url, logged_in, review_url
from .factories import UserFactory

pytestmark = pytest.mark.django_db

PROJECT_DIR = Path(__file__).resolve().parent.parent
LOGIN = "/admin/login/"


def attempt(client, username, password):
    return client.post(LOGIN, {"username": username, "password": password, "next": "/admin/"})


def test_five_wrong_passwords_lock_the_admin_login_and_say_so(settings):
    UserFactory(username="priya", is_staff=True)
    UserFactory(username="sam", is_staff=True)
    client = Client()

    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert attempt(client, "priya", "wrong").status_code == 200
    locked = attempt(client, "priya", "wrong")
    after = attempt(client, "priya", "password")

    assert locked.status_code == 429
    assert "Too many failed logins" in locked.content.decode()
    assert after.status_code == 429, "the right password does not help while locked"
    assert attempt(Client(), "sam", "password").status_code == 302, "other users are not locked"


def test_a_right_password_before_the_limit_logs_in_and_resets_the_count(settings):
    UserFactory(username="priya", is_staff=True)
    client = Client()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        attempt(client, "priya", "wrong")

    assert attempt(client, "priya", "password").status_code == 302
    client.logout()
    assert attempt(client, "priya", "wrong").status_code == 200


def test_deploy_check_has_no_hsts_or_ssl_redirect_warning():
    env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "DATABASE_URL", "SECURE_COOKIES"}}
    env.update(
        DJANGO_SETTINGS_MODULE="cms.settings",
        SECRET_KEY="x" * 20 + "a-long-random-production-key-for-the-check" + "y" * 20,
        ALLOWED_HOSTS="vetted.example.org",
    )
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy"],
        cwd=PROJECT_DIR, env=env, capture_output=True, text=True,
    )

    output = result.stdout + result.stderr
    assert "security.W004" not in output and "security.W008" not in output, output
    assert "security.W021" in output or result.returncode == 0


@pytest.mark.parametrize("path", ["/admin/", "/admin/articles/article/"])
def test_admin_pages_carry_a_csp_without_inline_script(writer, path):
    response = logged_in(writer).get(path)

    policy = response["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    assert "unsafe-inline" not in policy.split("script-src")[1].split(";")[0]
    assert "object-src 'none'" in policy


def test_the_review_page_and_the_preview_endpoint_carry_the_admin_csp(approved_revision, reviewer, writer):
    review = logged_in(reviewer).get(review_url(approved_revision))
    preview = logged_in(writer).post("/admin/markdownx/markdownify/", {"content": "**x**"})

    for response in (review, preview):
        assert "script-src 'self'" in response["Content-Security-Policy"]


def test_the_public_site_keeps_its_own_stricter_csp(client):
    policy = client.get("/")["Content-Security-Policy"]

    assert "style-src 'self';" in policy + ";"
    assert "frame-ancestors 'none'" in policy


@pytest.mark.parametrize("query", ["%00", "a%00b", "%01%1f%7f"])
def test_control_characters_in_a_search_are_dropped_not_a_500(client, query):
    response = client.get(f"/search/?q={query}")

    assert response.status_code == 200


def test_an_oversized_admin_post_gets_a_friendly_400_page(writer, article, settings):
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 50
    data = article_form_data(article, sections=[{"heading": f"S{n}", "body": "x"} for n in range(20)])

    response = logged_in(writer).post(change_url(article), data)

    assert response.status_code == 400
    assert "Request not accepted" in response.content.decode()
    assert "Nothing was saved" in response.content.decode()


def test_the_editor_refuses_more_sections_than_the_limit(writer, article):
    limit = editing.MAX_ROWS["sections"]
    rows = [{"heading": f"Part {n}", "body": "Text."} for n in range(limit + 1)]

    response = logged_in(writer).post(change_url(article), article_form_data(article, sections=rows))

    assert response.status_code == 200
    assert f"An article can have at most {limit} of these" in response.content.decode()
    assert article.sections.count() < limit


def test_the_action_refuses_more_sections_than_the_limit(writer, article):
    limit = editing.MAX_ROWS["sections"]
    rows = [Section(heading=f"Part {n}", body="Text.") for n in range(limit + 1)]

    with pytest.raises(InvalidInput, match=f"at most {limit} sections"):
        editing.save_working_copy(
            article, by=writer, expected_version=article.edit_version, sections=rows
        )
    assert article.sections.count() < limit

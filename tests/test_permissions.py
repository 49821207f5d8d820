"""
Who may do what in the admin, enforced on the server: every admin action and
view, by role, including POSTs forged to endpoints whose buttons the user was
never shown. Refusals are 403 (or, for bulk actions the user was not offered,
Django's "No action selected") and change nothing.
"""

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from articles import actions
from articles.models import (
    Article,
    ArticleRevision,
    ClaimResolution,
    Disclaimer,
    ReviewDecision,
    ReviewNote,
    WorkflowEvent,
)

from .admin_helpers import article_form_data, change_url, logged_in, messages_of, review_url
from .factories import ArticleFactory, ReviewerProfileFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["writer", "reviewer", "publisher", "superuser", "author_reviewer"]


@pytest.fixture
def people(writer, reviewer, publisher):
    author_reviewer = UserFactory(username="author-reviewer", groups=["Writers", "Medical reviewers"])
    ReviewerProfileFactory(user=author_reviewer)
    return {
        "writer": writer,
        "reviewer": reviewer,
        "publisher": publisher,
        "superuser": UserFactory(username="root", is_superuser=True),
        "author_reviewer": author_reviewer,
    }


@pytest.fixture
def in_review(people):
    """A revision in review, written by the writer and the author-reviewer, with one flagged claim."""
    article = ArticleFactory(authors=[people["writer"], people["author_reviewer"]], sections=0)
    SectionFactory(article=article, position=1, heading="Dose", body="Take 2 grams twice daily.")
    return actions.submit_for_review(article, by=people["author_reviewer"])


@pytest.fixture
def approved(people):
    article = ArticleFactory(authors=[people["writer"]])
    revision = actions.submit_for_review(article, by=people["writer"])
    actions.approve(revision, by=people["reviewer"])
    return article


@pytest.fixture
def live(people):
    article = ArticleFactory(authors=[people["writer"]])
    actions.approve(actions.submit_for_review(article, by=people["writer"]), by=people["reviewer"])
    actions.publish(article, by=people["publisher"])
    article.refresh_from_db()
    return article


def article_url(name, article):
    return reverse(f"admin:articles_article_{name}", args=[article.pk])


# Review decisions: only a medical reviewer who did not write the revision ------


REVIEW_POSTS = {
    "approve": lambda flag: {"action": "approve", "note": "Fine"},
    "request_changes": lambda flag: {"action": "request_changes", "note": "Change it"},
    "note": lambda flag: {"action": "note", "section_index": "0", "body": "A note"},
    "resolve_claim": lambda flag: {
        "action": "resolve_claim",
        "flag": flag.pk,
        f"claim-{flag.pk}-reason": "Accurate",
    },
}


@pytest.mark.parametrize("role", ["writer", "publisher", "superuser", "author_reviewer"])
@pytest.mark.parametrize("action", list(REVIEW_POSTS))
def test_review_actions_are_refused_to_everyone_but_an_independent_reviewer(people, in_review, role, action):
    flag = in_review.claim_flags.first()

    response = logged_in(people[role]).post(review_url(in_review), REVIEW_POSTS[action](flag))

    assert response.status_code == 403
    assert not ReviewDecision.objects.filter(revision=in_review).exists()
    assert not ReviewNote.objects.exists()
    assert not ClaimResolution.objects.exists()


@pytest.mark.parametrize("action", ["resolve_claim", "note", "request_changes"])
def test_review_actions_are_allowed_to_an_independent_reviewer(people, in_review, action):
    flag = in_review.claim_flags.first()

    response = logged_in(people["reviewer"]).post(review_url(in_review), REVIEW_POSTS[action](flag))

    assert response.status_code == 302
    assert (
        ReviewDecision.objects.filter(revision=in_review).exists()
        or ReviewNote.objects.exists()
        or ClaimResolution.objects.exists()
    )


def test_anonymous_review_posts_go_to_the_login_page(in_review):
    response = Client().post(review_url(in_review), {"action": "approve"})

    assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert not ReviewDecision.objects.exists()


@pytest.mark.parametrize("role", ROLES)
def test_approve_button_is_shown_only_to_an_independent_reviewer(people, in_review, role):
    html = logged_in(people[role]).get(review_url(in_review)).content.decode()

    shown = 'value="approve"' in html
    assert shown is (role == "reviewer")
    assert ('value="request_changes"' in html) is (role == "reviewer")
    assert ('value="resolve_claim"' in html) is (role == "reviewer")


def test_the_author_with_reviewer_rights_is_told_why_there_is_no_approve_button(people, in_review):
    html = logged_in(people["author_reviewer"]).get(review_url(in_review)).content.decode()

    assert "You wrote this revision, so you cannot review it." in html


# Publishing: publishers only ---------------------------------------------------


PUBLISH_POSTS = {
    "publish": {},
    "schedule": {"go_live_at": (timezone.now() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")},
}


@pytest.mark.parametrize("role", ["writer", "reviewer", "superuser", "author_reviewer"])
@pytest.mark.parametrize("step", list(PUBLISH_POSTS))
def test_publish_and_schedule_are_refused_to_non_publishers(people, approved, role, step):
    response = logged_in(people[role]).post(article_url(step, approved), PUBLISH_POSTS[step])

    assert response.status_code == 403
    approved.refresh_from_db()
    assert approved.live_revision is None and approved.scheduled_revision is None


@pytest.mark.parametrize("role", ["writer", "reviewer", "superuser", "author_reviewer"])
def test_unpublish_is_refused_to_non_publishers(people, live, role):
    response = logged_in(people[role]).post(article_url("unpublish", live), {"reason": "Forged"})

    assert response.status_code == 403
    assert Article.objects.get(pk=live.pk).live_revision is not None


@pytest.mark.parametrize("step", list(PUBLISH_POSTS))
def test_publishers_may_publish_and_schedule(people, approved, step):
    response = logged_in(people["publisher"]).post(article_url(step, approved), PUBLISH_POSTS[step])

    assert response.status_code == 302
    approved.refresh_from_db()
    assert approved.live_revision is not None or approved.scheduled_revision is not None


@pytest.mark.parametrize("role", ["reviewer", "publisher", "superuser"])
def test_withdraw_is_refused_to_non_writers(people, in_review, role):
    response = logged_in(people[role]).post(article_url("withdraw", in_review.article))

    assert response.status_code == 403
    assert not ReviewDecision.objects.filter(revision=in_review).exists()


@pytest.mark.parametrize("role", ROLES)
def test_publish_buttons_are_shown_only_to_publishers(people, approved, role):
    html = logged_in(people[role]).get(change_url(approved)).content.decode()

    assert ("Publish revision 1 now" in html) is (role == "publisher")
    assert (article_url("schedule", approved) in html) is (role == "publisher")


@pytest.mark.parametrize("role", ROLES)
def test_save_and_submit_is_shown_only_to_writers(people, approved, role):
    html = logged_in(people[role]).get(change_url(approved)).content.decode()

    assert ('name="_submit_for_review"' in html) is (role in {"writer", "author_reviewer"})


# Bulk actions: a forged action name does nothing -------------------------------


@pytest.mark.parametrize("role", ["writer", "reviewer", "superuser", "author_reviewer"])
@pytest.mark.parametrize("action", ["publish_selected", "schedule_selected", "unpublish_selected"])
def test_forged_bulk_publishing_actions_do_nothing(people, approved, live, role, action):
    response = logged_in(people[role]).post(
        "/admin/articles/article/",
        {
            "action": action,
            "_selected_action": [approved.pk, live.pk],
            "apply": "1",
            "reason": "Forged",
            "go_live_at": (timezone.now() + timedelta(days=1)).strftime("%Y-%m-%dT%H:%M"),
        },
    )

    if role == "superuser":  # no role, so no article list at all
        assert response.status_code == 403
    else:
        assert "No action selected." in messages_of(response)
    assert Article.objects.get(pk=approved.pk).live_revision is None
    assert Article.objects.get(pk=approved.pk).scheduled_revision is None
    assert Article.objects.get(pk=live.pk).live_revision is not None


@pytest.mark.parametrize("role", ["reviewer", "publisher", "superuser"])
def test_forged_bulk_submission_does_nothing(people, role):
    article = ArticleFactory(authors=[people["writer"]])

    response = logged_in(people[role]).post(
        "/admin/articles/article/", {"action": "submit_selected", "_selected_action": [article.pk]}
    )

    if role == "superuser":  # no role, so no article list at all
        assert response.status_code == 403
    else:
        assert "No action selected." in messages_of(response)
    assert not ArticleRevision.objects.exists()


# Editing the working copy and disclaimers ---------------------------------------


@pytest.mark.parametrize("role", ["reviewer", "publisher"])
def test_only_writers_change_the_working_copy(people, approved, role):
    response = logged_in(people[role]).post(
        change_url(approved), article_form_data(approved, title="Forged title")
    )

    assert response.status_code == 403
    assert Article.objects.get(pk=approved.pk).title != "Forged title"


def disclaimer_form(disclaimer, **changes):
    data = {
        "title": disclaimer.title,
        "body": disclaimer.body,
        "placement": disclaimer.placement,
        "severity": disclaimer.severity,
        "active": "on",
        "claim_categories": [],
    }
    data.update(changes)
    return data


def test_writers_see_disclaimers_read_only(people):
    disclaimer = Disclaimer.objects.get(key="emergency")

    response = logged_in(people["writer"]).get(f"/admin/articles/disclaimer/{disclaimer.pk}/change/")

    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="body"' not in html and 'name="_save"' not in html
    assert response.context["title"] == "View disclaimer"


@pytest.mark.parametrize("role", ["writer", "reviewer", "author_reviewer", "superuser"])
def test_only_publishers_change_disclaimers(people, role):
    disclaimer = Disclaimer.objects.get(key="emergency")

    response = logged_in(people[role]).post(
        f"/admin/articles/disclaimer/{disclaimer.pk}/change/", disclaimer_form(disclaimer, body="Weakened.")
    )

    assert response.status_code == 403
    assert Disclaimer.objects.get(pk=disclaimer.pk).body != "Weakened."


def test_publishers_change_disclaimers_and_the_version_goes_up(people):
    disclaimer = Disclaimer.objects.get(key="emergency")

    response = logged_in(people["publisher"]).post(
        f"/admin/articles/disclaimer/{disclaimer.pk}/change/", disclaimer_form(disclaimer, body="Call 911.")
    )

    assert response.status_code == 302
    disclaimer.refresh_from_db()
    assert (disclaimer.body, disclaimer.version) == ("Call 911.", 2)


# Records only the workflow writes ------------------------------------------------


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("model", ["articlerevision", "reviewdecision", "workflowevent"])
def test_nobody_adds_changes_or_deletes_workflow_records_in_the_admin(people, live, role, model):
    obj = {
        "articlerevision": live.live_revision,
        "reviewdecision": live.live_revision.decision,
        "workflowevent": WorkflowEvent.objects.filter(article=live).first(),
    }[model]
    client = logged_in(people[role])

    assert client.post(f"/admin/articles/{model}/add/", {}).status_code == 403
    assert client.post(f"/admin/articles/{model}/{obj.pk}/delete/", {"post": "yes"}).status_code == 403
    if model != "articlerevision":  # a revision's change page is its review page
        assert client.post(f"/admin/articles/{model}/{obj.pk}/change/", {}).status_code == 403
    assert type(obj).objects.filter(pk=obj.pk).exists()


# Previews -----------------------------------------------------------------------


def test_previews_need_an_editorial_role(people, in_review):
    preview = reverse("admin:articles_articlerevision_preview", args=[in_review.pk])
    working_copy = article_url("preview", in_review.article)

    for url in (preview, working_copy):
        assert Client().get(url).status_code == 302  # to the login page
        assert logged_in(people["superuser"]).get(url).status_code == 403
        assert logged_in(UserFactory(groups=[])).get(url).status_code == 403
        for role in ("writer", "reviewer", "publisher"):
            assert logged_in(people[role]).get(url).status_code == 200


def test_non_staff_users_get_no_admin_page_at_all(in_review):
    outsider = UserFactory(is_staff=False, groups=["Medical reviewers"])
    ReviewerProfileFactory(user=outsider)
    client = logged_in(outsider)

    for url in (review_url(in_review), "/admin/articles/articlerevision/queue/"):
        response = client.get(url)
        assert response.status_code == 302 and "/admin/login/" in response["Location"]
    assert client.post(review_url(in_review), {"action": "request_changes", "note": "x"}).status_code == 302
    assert not ReviewDecision.objects.exists()

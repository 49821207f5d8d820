"""
One permission policy: every role against every action, through the action
itself and over HTTP, with the same answer both ways. Superusers get no
exemption, and a permission granted to a user directly counts the same as
one held through a role's group.
"""

import pytest
from django.contrib.auth.models import AnonymousUser, Permission
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from articles import actions, policy
from articles.importing.sources import DraftSource
from articles.models import (
    Article,
    ArticleRevision,
    ClaimResolution,
    Disclaimer,
    ReviewAssignment,
    ReviewerProfile,
    ReviewNote,
    Topic,
    WorkflowEvent,
)

from .admin_helpers import article_form_data, change_url, logged_in, review_url
from .factories import ArticleFactory, ReviewerFactory, ReviewerProfileFactory, SectionFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "staff_without_role", "writer", "reviewer", "publisher", "superuser"]

#: action -> the only role that may take it (in this matrix nobody holds two roles).
ALLOWED = {
    "save_working_copy": "writer",
    "import_draft": "writer",
    "submit_for_review": "writer",
    "withdraw": "writer",
    "approve": "reviewer",
    "request_changes": "reviewer",
    "resolve_claim": "reviewer",
    "add_review_note": "reviewer",
    "publish": "publisher",
    "unpublish": "publisher",
    "save_disclaimer": "publisher",
    "save_topic": "publisher",
    "save_reviewer_profile": "publisher",
    "verify_credentials": "publisher",
    "claim_review": "reviewer",
    "assign_review": "publisher",
    "release_review": "publisher",
}

DRAFT = "title: Sleep and magnesium\n\nMagnesium and sleep.\n\n- What it is\n\nWhat it is\n\nA mineral.\n\nAsk a doctor.\n"


@pytest.fixture
def people(writer, reviewer, publisher):
    return {
        "anonymous": AnonymousUser(),
        "staff_without_role": UserFactory(username="staff", is_staff=True),
        "writer": writer,
        "reviewer": reviewer,
        "publisher": publisher,
        "superuser": UserFactory(username="root", is_staff=True, is_superuser=True),
    }


@pytest.fixture
def world(people):
    """Articles in review (with and without a flagged claim), approved, live and a draft."""
    writer, reviewer, publisher = people["writer"], people["reviewer"], people["publisher"]
    in_review_article = ArticleFactory(authors=[writer], sections=0)
    SectionFactory(article=in_review_article, position=1, heading="Dose", body="Take 2 grams twice daily.")
    in_review = actions.submit_for_review(in_review_article, by=writer)
    approved = ArticleFactory(authors=[writer])
    actions.approve(actions.submit_for_review(approved, by=writer), by=reviewer)
    live = ArticleFactory(authors=[writer])
    actions.approve(actions.submit_for_review(live, by=writer), by=reviewer)
    actions.publish(live, by=publisher)
    clean = actions.submit_for_review(ArticleFactory(authors=[writer]), by=writer)
    draft = ArticleFactory(authors=[writer])
    subject = UserFactory(username="new-reviewer")
    unverified = ReviewerProfileFactory(
        user=UserFactory(username="unverified"), verified_by=None, verified_at=None, credentials_expire_on=None
    )
    other_reviewer = ReviewerFactory(username="other-reviewer")
    to_claim = actions.submit_for_review(ArticleFactory(authors=[writer]), by=writer)
    to_assign = actions.submit_for_review(ArticleFactory(authors=[writer]), by=writer)
    held = actions.submit_for_review(ArticleFactory(authors=[writer]), by=writer)
    actions.assign_review(held, to=other_reviewer, by=publisher)
    return {
        "unverified": unverified,
        "other_reviewer": other_reviewer,
        "to_claim": to_claim,
        "to_assign": to_assign,
        "held": held,
        "clean_in_review": clean,
        "in_review": in_review,
        "flag": in_review.claim_flags.first(),
        "approved": approved,
        "live": Article.objects.get(pk=live.pk),
        "draft": draft,
        "subject": subject,
    }


def take(action, user, world):
    """Run ``action`` as ``user`` on the matching object of ``world``."""
    draft = Article.objects.get(pk=world["draft"].pk)
    steps = {
        "save_working_copy": lambda: actions.save_working_copy(
            draft, by=user, expected_version=draft.edit_version
        ),
        "import_draft": lambda: actions.import_draft(
            DraftSource(name="sleep.txt", read=lambda: DRAFT.encode()), by=user, author=world["draft"].authors.first()
        ),
        "submit_for_review": lambda: actions.submit_for_review(draft, by=user),
        "withdraw": lambda: actions.withdraw(world["in_review"], by=user),
        "approve": lambda: actions.approve(world["clean_in_review"], by=user),
        "request_changes": lambda: actions.request_changes(world["in_review"], by=user, note="Cite it."),
        "resolve_claim": lambda: actions.resolve_claim(world["flag"], by=user, reason="Reported use."),
        "add_review_note": lambda: actions.add_review_note(world["in_review"], by=user, body="Source?"),
        "publish": lambda: actions.publish(world["approved"], by=user),
        "unpublish": lambda: actions.unpublish(world["live"], by=user, reason="Withdrawn"),
        "save_disclaimer": lambda: actions.save_disclaimer(
            Disclaimer.objects.get(key="dosage"), by=user, body="Ask a pharmacist about amounts."
        ),
        "save_topic": lambda: actions.save_topic(Topic(name="Sleep", slug="sleep"), by=user),
        "save_reviewer_profile": lambda: actions.save_reviewer_profile(
            ReviewerProfile(user=world["subject"], display_name="Ada Lovelace", credentials="MD", slug="ada"),
            by=user,
        ),
        "verify_credentials": lambda: actions.verify_credentials(world["unverified"], by=user),
        "claim_review": lambda: actions.claim_review(world["to_claim"], by=user),
        "assign_review": lambda: actions.assign_review(world["to_assign"], to=world["other_reviewer"], by=user),
        "release_review": lambda: actions.release_review(world["held"], by=user),
    }
    return steps[action]()


def footprint():
    """Everything an action could write, counted."""
    return (
        Article.objects.count(),
        ArticleRevision.objects.count(),
        WorkflowEvent.objects.count(),
        ClaimResolution.objects.count(),
        ReviewNote.objects.count(),
        Topic.objects.count(),
        ReviewerProfile.objects.count(),
        list(Article.objects.order_by("pk").values_list("edit_version", "live_revision", "scheduled_revision")),
        list(Disclaimer.objects.order_by("pk").values_list("version", flat=True)),
        list(ReviewerProfile.objects.order_by("pk").values_list("verified_at", flat=True)),
        list(ReviewAssignment.objects.order_by("revision").values_list("revision", "assignee", "kind")),
    )


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_every_role_against_every_action(people, world, role, action):
    user = people[role]
    before = footprint()

    if ALLOWED[action] == role:
        take(action, user, world)
        assert footprint() != before
    else:
        with pytest.raises(actions.NotPermitted):
            take(action, user, world)
        assert footprint() == before


def test_the_superuser_holds_no_editorial_permission(people):
    assert policy.permissions_of(people["superuser"]) == frozenset()
    assert people["superuser"].has_perm("articles.publish_article")  # Django's own backend would say yes


def test_a_permission_held_directly_counts_like_one_held_through_a_role(people, world):
    """The admin and the action give the same answer for a staff user outside every role group."""
    staff = people["staff_without_role"]
    draft = world["draft"]
    refused = logged_in(staff).post(change_url(draft), article_form_data(draft, title="Edited by staff"))
    assert refused.status_code == 403

    staff.user_permissions.add(
        *Permission.objects.filter(
            content_type__app_label="articles", codename__in=["view_article", "change_article"]
        )
    )
    policy.forget(staff)
    allowed = logged_in(staff).post(change_url(draft), article_form_data(draft, title="Edited by staff"))

    assert allowed.status_code == 302
    assert Article.objects.get(pk=draft.pk).title == "Edited by staff"
    assert staff.pk in Article.objects.get(pk=draft.pk).pending_editors.values_list("pk", flat=True)


# The same matrix over HTTP: what a forged POST from each role achieves -----------------


def http_request(action, world):
    """(url, POST data) the admin's own forms send for ``action``."""
    article_url = lambda name, article: reverse(f"admin:articles_article_{name}", args=[article.pk])  # noqa: E731
    draft = Article.objects.get(pk=world["draft"].pk)
    in_review, flag = world["in_review"], world["flag"]
    return {
        "save_working_copy": (change_url(draft), article_form_data(draft, title="Forged title")),
        "import_draft": (
            reverse("admin:articles_article_import"),
            {"files": SimpleUploadedFile("sleep.txt", DRAFT.encode(), "text/plain"), "author": world["draft"].authors.first().pk},
        ),
        "submit_for_review": (change_url(draft), article_form_data(draft, _submit_for_review="1")),
        "withdraw": (article_url("withdraw", in_review.article), {}),
        "approve": (review_url(world["clean_in_review"]), {"action": "approve", "note": "Fine"}),
        "request_changes": (review_url(in_review), {"action": "request_changes", "note": "Cite it."}),
        "resolve_claim": (
            review_url(in_review),
            {"action": "resolve_claim", "flag": flag.pk, f"claim-{flag.pk}-reason": "Reported use."},
        ),
        "add_review_note": (review_url(in_review), {"action": "note", "body": "Source?"}),
        "publish": (article_url("publish", world["approved"]), {}),
        "unpublish": (article_url("unpublish", world["live"]), {"reason": "Withdrawn"}),
        "save_disclaimer": (
            reverse("admin:articles_disclaimer_change", args=[Disclaimer.objects.get(key="dosage").pk]),
            _disclaimer_form(Disclaimer.objects.get(key="dosage"), body="Ask a pharmacist about amounts."),
        ),
        "save_topic": (
            reverse("admin:articles_topic_add"),
            {"name": "Sleep", "slug": "sleep", "mention_terms": "", "required_approvals": 1, "required_specialties": ""},
        ),
        "save_reviewer_profile": (
            reverse("admin:articles_reviewerprofile_add"),
            {
                "user": world["subject"].pk, "display_name": "Ada Lovelace", "slug": "ada",
                "credentials": "MD", "specialty": "", "bio": "", "active": "on",
            },
        ),
        "verify_credentials": (reverse("admin:articles_reviewerprofile_verify", args=[world["unverified"].pk]), {}),
        "claim_review": (assignment_url(world["to_claim"]), {"action": "claim"}),
        "assign_review": (
            assignment_url(world["to_assign"]),
            {"action": "assign", "reviewer": world["other_reviewer"].reviewer_profile.pk},
        ),
        "release_review": (assignment_url(world["held"]), {"action": "release"}),
    }[action]


def assignment_url(revision):
    return reverse("admin:articles_articlerevision_assignment", args=[revision.pk])


def _disclaimer_form(disclaimer, **changes):
    data = {
        "title": disclaimer.title,
        "body": disclaimer.body,
        "placement": disclaimer.placement,
        "severity": disclaimer.severity,
        "claim_categories": disclaimer.claim_categories or [],
        "topics": [topic.pk for topic in disclaimer.topics.all()],
    }
    if disclaimer.active:
        data["active"] = "on"
    if disclaimer.applies_to_all:
        data["applies_to_all"] = "on"
    data.update(changes)
    return data


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("action", list(ALLOWED))
def test_every_role_against_every_action_over_http(people, world, role, action):
    user = people[role]
    client = Client() if role == "anonymous" else logged_in(user)
    url, data = http_request(action, world)
    before = footprint()

    response = client.post(url, data)

    if ALLOWED[action] == role:
        assert response.status_code == 302, _errors(response)
        assert footprint() != before
    else:
        assert response.status_code in (302, 403) if role == "anonymous" else response.status_code == 403
        if role == "anonymous":
            assert "/admin/login/" in response.get("Location", "/admin/login/")
        assert footprint() == before


def _errors(response):
    """The form errors an unexpected re-render shows, for the failure message."""
    context = response.context or {}
    form = context.get("adminform").form if context.get("adminform") else context.get("form")
    return form.errors if form is not None else response.content.decode()[:500]


def test_the_seeded_role_groups_hold_exactly_the_policys_permissions():
    from django.contrib.auth.models import Group

    for role, codenames in policy.ROLE_PERMISSIONS.items():
        held = Group.objects.get(name=role).permissions.values_list("content_type__app_label", "codename")
        assert {f"{app}.{codename}" for app, codename in held} == {f"articles.{c}" for c in codenames}, role

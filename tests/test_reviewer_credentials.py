"""
Verified reviewer credentials: the name and credentials on a page belong to
a clinician a second person checked. An unverified or expired reviewer
cannot approve, request changes or accept claims, whatever the path, and
every change to a profile's credentials is in the append-only log.
"""

import datetime

import pytest
from django.contrib.auth.models import Group
from django.db import IntegrityError, connection, transaction
from django.utils import timezone

from articles import actions, policy
from articles.models import CredentialChange, ReviewDecision, ReviewerProfile

from .factories import ArticleFactory, PublisherFactory, UserFactory

pytestmark = pytest.mark.django_db

GHOST_CREDENTIALS = {
    "slug": "ghost-reviewer",
    "display_name": "Ghost Reviewer",
    "credentials": "MD",
    "credential_type": "physician",
    "licence_number": "MD-000000",
    "issuing_body": "State Medical Board",
    "specialty": "Anything",
}


@pytest.fixture
def superuser_publisher(db):
    """A superuser who also holds the Publishers role: may add and verify profiles, never alone."""
    return PublisherFactory(username="boss", is_superuser=True, is_staff=True)


@pytest.fixture
def ghost(db):
    user = UserFactory(username="ghost", first_name="Ghost", last_name="Reviewer")
    user.groups.add(Group.objects.get(name=policy.MEDICAL_REVIEWERS))
    return user


@pytest.fixture
def ghost_profile(ghost, superuser_publisher):
    return actions.save_reviewer_profile(ReviewerProfile(), by=superuser_publisher, user=ghost, **GHOST_CREDENTIALS)


@pytest.fixture
def in_review(writer):
    return actions.submit_for_review(ArticleFactory(authors=[writer]), by=writer)


def _fresh(user):
    policy.forget(user)
    return user


def test_the_ghost_reviewer_cannot_approve_until_a_second_person_verifies(
    ghost, ghost_profile, superuser_publisher, in_review, client
):
    with pytest.raises(actions.NotPermitted, match="not been verified"):
        actions.approve(in_review, by=_fresh(ghost))
    with pytest.raises(actions.NotPermitted, match="two different people"):
        actions.verify_credentials(ghost_profile, by=superuser_publisher)
    assert not ReviewDecision.objects.exists()

    actions.verify_credentials(ghost_profile, by=PublisherFactory())
    actions.approve(in_review, by=_fresh(ghost))

    assert in_review.decision.reviewer_name == "Ghost Reviewer"
    assert [row.action for row in ghost_profile.credential_changes.order_by("pk")] == ["created", "verified"]


def test_a_superuser_with_no_role_can_neither_create_nor_verify_a_profile(ghost, ghost_profile):
    root = UserFactory(username="root", is_superuser=True, is_staff=True)
    with pytest.raises(actions.NotPermitted):
        actions.save_reviewer_profile(ReviewerProfile(), by=root, user=UserFactory(), **{**GHOST_CREDENTIALS, "slug": "x"})
    with pytest.raises(actions.NotPermitted):
        actions.verify_credentials(ghost_profile, by=root)
    assert ReviewerProfile.objects.get(pk=ghost_profile.pk).verified_at is None


def test_nobody_verifies_their_own_profile(superuser_publisher):
    verifier = PublisherFactory()
    own = actions.save_reviewer_profile(
        ReviewerProfile(), by=superuser_publisher, user=verifier, **{**GHOST_CREDENTIALS, "slug": "own"}
    )
    with pytest.raises(actions.NotPermitted, match="their own"):
        actions.verify_credentials(own, by=verifier)


def test_expired_credentials_refuse_approval_and_the_database_agrees(reviewer, in_review):
    profile = reviewer.reviewer_profile
    ReviewerProfile.objects.filter(pk=profile.pk).update(
        credentials_expire_on=timezone.now().date() - datetime.timedelta(days=1)
    )
    with pytest.raises(actions.NotPermitted, match="expired"):
        actions.approve(in_review, by=_fresh(reviewer))
    with pytest.raises(actions.NotPermitted):
        actions.request_changes(in_review, by=_fresh(reviewer), note="Please cite a source.")


def test_editing_credentials_clears_the_verification_and_is_logged(reviewer, in_review):
    profile = reviewer.reviewer_profile
    editor = PublisherFactory()
    actions.save_reviewer_profile(profile, by=editor, bio="Now with a longer biography.")
    assert ReviewerProfile.objects.get(pk=profile.pk).verified_at is not None

    actions.save_reviewer_profile(profile, by=editor, credentials="MD, PhD")

    assert ReviewerProfile.objects.get(pk=profile.pk).verified_at is None
    change = profile.credential_changes.get(action=CredentialChange.Action.CHANGED)
    assert (change.changed_by, change.old_values, change.new_values) == (
        editor, {"credentials": "PharmD"}, {"credentials": "MD, PhD"}
    )
    with pytest.raises(actions.NotPermitted, match="not been verified"):
        actions.approve(in_review, by=_fresh(reviewer))


def test_the_verification_cannot_be_set_by_editing_the_profile(ghost_profile):
    with pytest.raises(actions.NotPermitted, match="verify_credentials"):
        actions.save_reviewer_profile(ghost_profile, by=PublisherFactory(), verified_at=timezone.now())


def test_the_database_refuses_a_decision_by_an_unverified_reviewer(ghost, ghost_profile, in_review):
    with pytest.raises(IntegrityError, match="verified"), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(
            "INSERT INTO articles_reviewdecision (revision_id, outcome, decided_by_id, note, decided_at,"
            " content_hash, reviewer_name, reviewer_credentials) VALUES (%s, 'approved', %s, '', %s, %s,"
            " 'Ghost Reviewer', 'MD')",
            [in_review.pk, ghost.pk, timezone.now(), in_review.content_hash],
        )
    assert not ReviewDecision.objects.exists()


def test_the_credential_log_is_append_only(ghost_profile):
    row = ghost_profile.credential_changes.get()
    with pytest.raises(TypeError):
        row.delete()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE articles_credentialchange SET new_values = '{}' WHERE id = %s", [row.pk])


def test_the_reviewer_page_shows_credentials_only_once_verified(ghost_profile, client):
    page = client.get(ghost_profile.get_absolute_url()).content.decode()
    assert "Ghost Reviewer, MD" not in page and "Not currently verified" in page

    actions.verify_credentials(ghost_profile, by=PublisherFactory())

    assert "Ghost Reviewer, MD" in client.get(ghost_profile.get_absolute_url()).content.decode()

"""
Assignment: a reviewer claims a revision in review, a publisher (or a lead
given the assign permission) assigns one to a reviewer with a due date, and
either is released; a claim left idle is released by the worker. The queue
shows who holds each review and when it is due, overdue first, with "mine"
and "unassigned" filters; the assign form and the queue put reviewers of the
specialty a topic asks for first. Every step is logged.
"""

from datetime import timedelta

import pytest
from django.contrib.auth.models import Permission
from django.utils import timezone

from articles import actions, policy, worker
from articles.models import ReviewAssignment, Topic, WorkflowEvent

from .admin_helpers import logged_in, messages_of, review_url
from .factories import ArticleFactory, ReviewerFactory, UserFactory

pytestmark = pytest.mark.django_db

QUEUE = "/admin/articles/articlerevision/queue/"


def assignment_url(revision):
    return f"/admin/articles/articlerevision/{revision.pk}/assignment/"


@pytest.fixture
def in_review(writer):
    return actions.submit_for_review(ArticleFactory(authors=[writer], title="Sleep and magnesium"), by=writer)


@pytest.fixture
def kratom_in_review(writer):
    article = ArticleFactory(authors=[writer], title="Kratom and the liver")
    article.topics.set([Topic.objects.get(slug="kratom")])
    return actions.submit_for_review(article, by=writer)


def logged(revision, action):
    return WorkflowEvent.objects.filter(revision=revision, action=action).order_by("pk")


# Claim and release --------------------------------------------------------------------


def test_a_reviewer_claims_a_revision_and_releases_it(in_review, reviewer):
    assignment = actions.claim_review(in_review, by=reviewer)

    assert (assignment.assignee, assignment.kind, assignment.due_on) == (reviewer, "claimed", None)
    event = logged(in_review, "review_claimed").get()
    assert (event.actor, event.from_state, event.to_state, event.details["assignee"]) == (
        reviewer, "in_review", "in_review", reviewer.pk
    )

    actions.release_review(in_review, by=reviewer, note="Out this week.")

    assert not ReviewAssignment.objects.exists()
    released = logged(in_review, "review_released").get()
    assert (released.actor, released.note, released.details["assignee"]) == (reviewer, "Out this week.", reviewer.pk)


def test_a_claimed_revision_cannot_be_claimed_by_another_reviewer(in_review, reviewer):
    other = ReviewerFactory()
    actions.claim_review(in_review, by=reviewer)

    with pytest.raises(actions.AlreadyAssigned, match="Ask them, a publisher or a lead reviewer to release it"):
        actions.claim_review(in_review, by=other)
    with pytest.raises(actions.NotPermitted, match="only its assignee"):
        actions.release_review(in_review, by=other)
    assert ReviewAssignment.objects.get().assignee == reviewer


def test_only_someone_who_may_review_it_can_claim_it(in_review, writer, publisher):
    writer_reviewer = ReviewerFactory(groups=["Writers", "Medical reviewers"])
    own = actions.submit_for_review(ArticleFactory(authors=[writer_reviewer]), by=writer_reviewer)
    unverified = ReviewerFactory(profile__verified_at=None)

    for user, revision in ((writer, in_review), (publisher, in_review), (unverified, in_review), (writer_reviewer, own)):
        with pytest.raises(actions.NotPermitted):
            actions.claim_review(revision, by=user)
    assert not ReviewAssignment.objects.exists()
    assert not WorkflowEvent.objects.filter(action="review_claimed").exists()


def test_a_decided_revision_cannot_be_claimed(in_review, reviewer):
    actions.approve(in_review, by=reviewer)

    with pytest.raises(actions.InvalidTransition, match="only a revision in review"):
        actions.claim_review(in_review, by=ReviewerFactory())


# Assign --------------------------------------------------------------------------------


def test_a_publisher_assigns_with_a_due_date_and_reassigns(in_review, reviewer, publisher):
    due = timezone.now().date() + timedelta(days=3)
    actions.claim_review(in_review, by=reviewer)
    other = ReviewerFactory()

    assignment = actions.assign_review(in_review, to=other, by=publisher, due_on=due, note="You know this area.")

    assert (assignment.assignee, assignment.kind, assignment.due_on, assignment.assigned_by) == (
        other, "assigned", due, publisher
    )
    event = logged(in_review, "review_assigned").get()
    assert event.actor == publisher and event.note == "You know this area."
    assert event.details == {
        "assignee": other.pk, "assignee_name": other.get_full_name(), "due_on": due.isoformat(), "replaced": reviewer.pk,
    }
    actions.release_review(in_review, by=publisher)
    assert not ReviewAssignment.objects.exists()


def test_assigning_is_refused_to_non_publishers_and_to_people_who_may_not_review_it(in_review, writer, reviewer, publisher):
    with pytest.raises(actions.NotPermitted, match="assign reviews"):
        actions.assign_review(in_review, to=reviewer, by=reviewer)
    with pytest.raises(actions.NotPermitted, match="cannot be assigned this review"):
        actions.assign_review(in_review, to=writer, by=publisher)
    with pytest.raises(actions.NotPermitted, match="cannot be assigned this review"):
        actions.assign_review(in_review, to=ReviewerFactory(profile__verified_at=None), by=publisher)
    with pytest.raises(actions.InvalidInput, match="due date"):
        actions.assign_review(in_review, to=reviewer, by=publisher, due_on=timezone.now().date() - timedelta(days=1))
    root = UserFactory(is_superuser=True, is_staff=True)
    with pytest.raises(actions.NotPermitted):
        actions.assign_review(in_review, to=reviewer, by=root)
    assert not ReviewAssignment.objects.exists()


def test_a_lead_reviewer_given_the_assign_permission_may_assign(in_review, reviewer):
    lead = ReviewerFactory()
    lead.user_permissions.add(Permission.objects.get(codename="assign_articlerevision"))
    policy.forget(lead)

    actions.assign_review(in_review, to=reviewer, by=lead)

    assert ReviewAssignment.objects.get().assignee == reviewer


def test_the_assign_form_lists_reviewers_of_the_topics_specialty_first(kratom_in_review, publisher, writer):
    sports = ReviewerFactory(first_name="Aaron", last_name="Able", profile__specialty="Sports medicine")
    pharma = ReviewerFactory(first_name="Zoe", last_name="Zed", profile__specialty="Clinical pharmacology")
    ReviewerFactory(first_name="Una", last_name="Verified", profile__verified_at=None)

    page = logged_in(publisher).get(review_url(kratom_in_review)).content.decode()

    form = page.split('class="vetted-assign"')[1].split("</form>")[0]
    assert form.index("Zoe Zed, PharmD (Clinical pharmacology) · matches this topic") < form.index("Aaron Able")
    assert "Una Verified" not in form
    assert writer.get_full_name() not in form
    assert pharma.pk and sports.pk


# The queue ------------------------------------------------------------------------------


def test_the_queue_shows_assignee_and_due_date_overdue_first_and_filters(writer, reviewer, publisher):
    today = timezone.now().date()
    oldest = actions.submit_for_review(ArticleFactory(authors=[writer], title="Oldest unassigned"), by=writer)
    mine = actions.submit_for_review(ArticleFactory(authors=[writer], title="Claimed by me"), by=writer)
    late = actions.submit_for_review(ArticleFactory(authors=[writer], title="Late one"), by=writer)
    actions.claim_review(mine, by=reviewer)
    other = ReviewerFactory(first_name="Olga", last_name="Other")
    actions.assign_review(late, to=other, by=publisher, due_on=today + timedelta(days=1))
    ReviewAssignment.objects.filter(revision=late).update(due_on=today - timedelta(days=2))
    client = logged_in(reviewer)

    page = client.get(QUEUE).content.decode()

    rows = page.split("<tbody>")[1]
    assert rows.index("Late one") < rows.index("Oldest unassigned") < rows.index("Claimed by me")
    late_row = rows.split("Late one")[1].split("</tr>")[0]
    assert "Olga Other (assigned)" in late_row and "overdue" in late_row
    mine_row = rows.split("Claimed by me")[1].split("</tr>")[0]
    assert "You (claimed)" in mine_row and 'value="release"' in mine_row
    assert 'value="claim"' in rows.split("Oldest unassigned")[1].split("</tr>")[0]
    assert 'value="claim"' not in late_row and 'value="release"' not in late_row

    only_mine = client.get(QUEUE + "?show=mine").content.decode().split("<tbody>")[1]
    assert "Claimed by me" in only_mine and "Late one" not in only_mine and "Oldest unassigned" not in only_mine
    unassigned = client.get(QUEUE + "?show=unassigned").content.decode().split("<tbody>")[1]
    assert "Oldest unassigned" in unassigned and "Claimed by me" not in unassigned and "Late one" not in unassigned
    assert oldest.pk


def test_the_queue_puts_revisions_that_ask_for_the_viewers_specialty_first(writer, kratom_in_review):
    plain = actions.submit_for_review(ArticleFactory(authors=[writer], title="Older plain one"), by=writer)
    pharmacologist = ReviewerFactory(profile__specialty="Clinical pharmacology")

    rows = logged_in(pharmacologist).get(QUEUE).content.decode().split("<tbody>")[1]

    assert rows.index("Kratom and the liver") < rows.index("Older plain one")
    assert "your specialty" in rows.split("Kratom and the liver")[1].split("</tr>")[0]
    assert plain.pk


def test_claiming_and_releasing_from_the_queue_over_http(in_review, reviewer, writer):
    client = logged_in(reviewer)

    response = client.post(assignment_url(in_review), {"action": "claim", "next": QUEUE})

    assert response.status_code == 302 and response["Location"] == QUEUE
    assert "You hold the review" in " ".join(messages_of(response))
    assert ReviewAssignment.objects.get().assignee == reviewer

    refused = logged_in(ReviewerFactory()).post(assignment_url(in_review), {"action": "release", "next": QUEUE})
    assert refused.status_code == 403
    assert logged_in(writer).post(assignment_url(in_review), {"action": "claim"}).status_code == 403

    client.post(assignment_url(in_review), {"action": "release", "next": "https://evil.example/"})
    assert not ReviewAssignment.objects.exists()


def test_assigning_over_http(in_review, reviewer, publisher):
    due = timezone.now().date() + timedelta(days=5)
    profile = reviewer.reviewer_profile

    response = logged_in(publisher).post(
        assignment_url(in_review), {"action": "assign", "reviewer": profile.pk, "due_on": due.isoformat()}
    )

    assert response.status_code == 302
    assignment = ReviewAssignment.objects.get()
    assert (assignment.assignee, assignment.due_on) == (reviewer, due)
    assert logged_in(reviewer).post(
        assignment_url(in_review), {"action": "assign", "reviewer": profile.pk}
    ).status_code == 403


# The worker releases idle claims -------------------------------------------------------


def releases(report):
    """What a worker pass did to claims (it also collects and sends notifications)."""
    from articles.actions.assignment import Released

    return [outcome for outcome in report.outcomes if isinstance(outcome, Released)]


def test_the_worker_releases_a_claim_left_idle_and_logs_it(in_review, reviewer, settings):
    settings.VETTED_REVIEW_CLAIM_IDLE_DAYS = 7
    actions.claim_review(in_review, by=reviewer)
    claimed_at = ReviewAssignment.objects.get().assigned_at

    assert releases(worker.run_pass(now=claimed_at + timedelta(days=6))) == []
    assert ReviewAssignment.objects.exists()

    report = worker.run_pass(now=claimed_at + timedelta(days=8))

    assert [str(outcome) for outcome in releases(report)] == [
        f"Released {reviewer.get_full_name()}'s idle claim on revision 1 of “Sleep and magnesium”."
    ]
    assert not ReviewAssignment.objects.exists()
    event = logged(in_review, "review_released").get()
    assert event.details["automatic"] is True and "7 days" in event.note


def test_activity_on_the_revision_keeps_a_claim(in_review, reviewer, settings):
    from articles.actions.assignment import release_idle_claims

    settings.VETTED_REVIEW_CLAIM_IDLE_DAYS = 7
    actions.claim_review(in_review, by=reviewer)
    ReviewAssignment.objects.update(assigned_at=timezone.now() - timedelta(days=10))  # claimed ten days ago
    actions.add_review_note(in_review, by=reviewer, body="Checking the dose source.")  # active today

    assert release_idle_claims(now=timezone.now() + timedelta(days=3)) == []
    assert ReviewAssignment.objects.exists()
    assert len(release_idle_claims(now=timezone.now() + timedelta(days=8))) == 1
    assert not ReviewAssignment.objects.exists()


def test_assignments_with_due_dates_are_not_released_by_the_worker(in_review, reviewer, publisher, settings):
    settings.VETTED_REVIEW_CLAIM_IDLE_DAYS = 7
    actions.assign_review(in_review, to=reviewer, by=publisher, due_on=timezone.now().date() + timedelta(days=1))

    report = worker.run_pass(now=timezone.now() + timedelta(days=30))

    assert releases(report) == [] and ReviewAssignment.objects.exists()


def test_the_idle_release_can_be_turned_off(in_review, reviewer, settings):
    settings.VETTED_REVIEW_CLAIM_IDLE_DAYS = 0
    actions.claim_review(in_review, by=reviewer)

    assert releases(worker.run_pass(now=timezone.now() + timedelta(days=365))) == []
    assert ReviewAssignment.objects.exists()


def test_a_writer_of_one_article_is_never_offered_as_its_reviewer(kratom_in_review):
    from articles.domain.review_policy import reviewer_candidates

    writer_reviewer = ReviewerFactory(groups=["Writers", "Medical reviewers"])
    article = ArticleFactory(authors=[writer_reviewer])
    own = actions.submit_for_review(article, by=writer_reviewer)

    assert writer_reviewer not in [profile.user for profile, _matches in reviewer_candidates(own)]
    assert writer_reviewer in [profile.user for profile, _matches in reviewer_candidates(kratom_in_review)]


# Notifications follow from the log ------------------------------------------------------


def test_the_assignee_is_emailed_and_so_is_a_reviewer_whose_claim_is_released(in_review, reviewer, publisher, settings):
    from django.core import mail

    settings.VETTED_REVIEW_CLAIM_IDLE_DAYS = 7
    other = ReviewerFactory()
    actions.assign_review(in_review, to=other, by=publisher, due_on=timezone.now().date() + timedelta(days=2))
    worker.run_pass()
    assigned = [message for message in mail.outbox if message.subject.startswith("Assigned to you")]
    assert [message.to for message in assigned] == [[other.email]]
    assert "due on" in assigned[0].body

    actions.release_review(in_review, by=publisher)
    actions.claim_review(in_review, by=reviewer)
    ReviewAssignment.objects.update(assigned_at=timezone.now() - timedelta(days=8))
    worker.run_pass()

    released = [message for message in mail.outbox if message.subject.startswith("Review released")]
    assert [message.to for message in released] == [[other.email], [reviewer.email]]
    assert "released automatically" in released[1].body

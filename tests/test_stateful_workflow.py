"""
Every role's actions in random order, with the product's invariants checked
after every step (issue 10, "a hypothesis stateful test of at least 5,000
steps").

A ``RuleBasedStateMachine`` drives the real actions against the real
database: writers edit (``save_working_copy``, sometimes from a stale form),
import, submit and withdraw; medical reviewers resolve and flag claims,
request changes, approve and re-certify; publishers publish now or later,
unpublish and change disclaimers; the worker performs what is due. Every
verb is tried by everyone: two writers, two reviewers, a publisher, a
writer who is also a reviewer, a reviewer who is also a publisher, a
superuser without a role, staff without a role and an anonymous user. A
refusal (``ActionError``) is an allowed outcome; anything else raised is a
failure.

After every step:

- each live revision is approved, on its exact fingerprint, which matches
  its stored content, by a reviewer with a verified profile who is none of
  its authors (no decision of any revision is by one of its authors);
- a refused step wrote nothing (the ledger head did not move); a transition
  that succeeded wrote exactly one log row for its verb;
- the public page of each live article is the approved snapshot (the page's
  revision is the live one and shows its title, never a working-copy title
  that differs), and an article that is not live has no page;
- ``verify_ledger()`` (what ``manage.py verify_integrity`` runs) finds no break.

Each example starts from a clean database: the machine runs inside a
savepoint of the test's transaction, rolled back in ``teardown``. The run
is derandomised so CI is reproducible; ``VETTED_STATEFUL_EXAMPLES`` and
``VETTED_STATEFUL_STEPS`` change its size (at least 5,000 steps by default).
"""

import io
import os
import re
from collections import Counter
from datetime import timedelta

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.cache import cache
from django.db import transaction
from django.test import Client
from django.utils import timezone
from django.utils.html import escape
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from articles import actions, policy
from articles.actions import claim_marks, lifecycle
from articles.domain.integrity import verify_ledger
from articles.importing.sources import stream_source
from articles.models import (
    Article,
    ClaimFlag,
    Disclaimer,
    LedgerHead,
    ReviewApproval,
    ReviewDecision,
    WorkflowEvent,
)
from articles.models.revisions import fingerprint

from .factories import (
    ArticleFactory,
    PublisherFactory,
    ReferenceFactory,
    ReviewerFactory,
    UserFactory,
    WriterFactory,
    _letters,
)

#: At 150 examples of up to 50 steps (``.ci/run`` sets that for its SQLite run, and
#: ``CI=true`` makes it the default) Hypothesis ends some examples early, and this
#: gives a little over 5,000 steps. Elsewhere (a developer's run, a landing, CI's
#: Redis and PostgreSQL runs) 20 examples, about 700 steps.
IN_CI = os.environ.get("CI", "").lower() in ("1", "true")
EXAMPLES = int(os.environ.get("VETTED_STATEFUL_EXAMPLES", 150 if IN_CI else 20))
STEPS = int(os.environ.get("VETTED_STATEFUL_STEPS", 50))
MINIMUM_STEPS = 5_000 if (EXAMPLES, STEPS) == (150, 50) else 0

ARTICLES = 3
#: Positions in ``EditorialWorkflow.actors`` of those who hold each role (see ``_newsroom``).
WRITERS, REVIEWERS, PUBLISHERS = (0, 1, 5), (2, 3, 5, 6), (4, 6)


def actor(role=None):
    """Anyone (index into the actors); half the time, when given, someone holding ``role``."""
    anyone = st.integers(0, 9)
    return anyone if role is None else st.one_of(st.sampled_from(role), anyone)


#: Which article a rule acts on: half the time the one the last successful step acted on (-1),
#: otherwise one of the first or one imported since (by position, wrapping round).
ARTICLE = st.one_of(st.just(-1), st.integers(0, ARTICLES + 2))

#: What a writer types: plain text, a claim the detector flags, a claim that needs a reference.
TEXTS = [
    "Rest and fluids help after a long run.",
    "Kratom cures anxiety.",
    "It is completely safe for everyone.",
    "Talk to a clinician about pain that lasts.",
]

#: The log rows one successful call may write, by verb: exactly one for a transition
#: (unpublishing an article that is only scheduled cancels the schedule), none for an edit.
LOGGED = {
    "save_working_copy": [{}],
    "import": [{}],
    "save_disclaimer": [{}],
    "submit": [{"submitted": 1}],
    "withdraw": [{"withdrawn": 1}],
    # A topic's review policy may need several reviewers: each sign-off before the last is logged as such.
    "approve": [{"approved": 1}, {"approval_recorded": 1}, {"approved": 1, "published": 1}],
    "request_changes": [{"changes_requested": 1}],
    "resolve_claim": [{"claim_resolved": 1}],
    "flag_sentence": [{"claim_marked": 1}],
    "recertify": [
        {"recertified": 1}, {"recertified": 1, "published": 1},
        {"recertification_started": 1, "approval_recorded": 1},
    ],
    "publish_now": [{"published": 1}],
    "schedule": [{"scheduled": 1}],
    "unpublish": [{"unpublished": 1}, {"schedule_cancelled": 1}],
}

#: Steps run, and how each verb's calls ended ((verb, "ok" or "refused") -> count), over the whole run.
steps_taken = {"count": 0}
OUTCOMES = {}
OUTCOMES = {}


def _staff(**kwargs):
    return UserFactory(groups=[], **kwargs)


class EditorialWorkflow(RuleBasedStateMachine):
    """The newsroom as a state machine. Rules pick an actor and an article; the database holds the state."""

    #: Set by the test before the run: the people and the articles every example starts from.
    actors = writers = initial_article_ids = ()

    def __init__(self):
        super().__init__()
        self.savepoint = transaction.savepoint()
        cache.clear()
        self.client = Client()
        self.counter = 0
        self.article_ids = list(self.initial_article_ids)
        self.live_before = {}
        self.checked_state = None
        self.focus = None

    def teardown(self):
        transaction.savepoint_rollback(self.savepoint)
        cache.clear()

    # Helpers ---------------------------------------------------------------

    def _title(self):
        self.counter += 1
        return f"Rest notes {_letters(self.counter)} {_letters(len(self.article_ids))}"

    def _article(self, index):
        pk = self.focus if index < 0 and self.focus else self.article_ids[index % len(self.article_ids)]
        return Article.objects.get(pk=pk)

    def _latest(self, article):
        return article.revisions.select_related("decision").order_by("-number").first()

    def _attempt(self, verb, call):
        """Run ``call``; a refusal changes nothing, a success logs exactly what ``LOGGED`` says."""
        steps_taken["count"] += 1
        head_before = LedgerHead.objects.get().seq
        counts_before = self._event_counts()
        try:
            result = call()
        except actions.ActionError:
            OUTCOMES[(verb, "refused")] = OUTCOMES.get((verb, "refused"), 0) + 1
            assert LedgerHead.objects.get().seq == head_before, f"a refused {verb} wrote to the ledger"
            assert self._event_counts() == counts_before, f"a refused {verb} wrote a log row"
            return None
        OUTCOMES[(verb, "ok")] = OUTCOMES.get((verb, "ok"), 0) + 1
        self.focus = self._focus_of(result) or self.focus
        after = self._event_counts()
        added = {
            action: after.get(action, 0) - counts_before.get(action, 0)
            for action in set(after) | set(counts_before)
            if after.get(action, 0) != counts_before.get(action, 0)
        }
        assert added in LOGGED[verb], f"{verb} logged {added}"
        return result

    @staticmethod
    def _focus_of(result):
        """The article a successful call acted on, if it says."""
        for candidate in (result, getattr(result, "article", None), getattr(result, "revision", None)):
            if isinstance(candidate, Article):
                return candidate.pk
            if candidate is not None and hasattr(candidate, "article_id"):
                return candidate.article_id
        return None

    def _event_counts(self):
        return dict(Counter(WorkflowEvent.objects.values_list("action", flat=True)))

    # Writers -----------------------------------------------------------------

    @rule(actor=actor(WRITERS), index=st.integers(0, ARTICLES - 1), text=st.sampled_from(TEXTS),
          stale=st.booleans())
    def save_working_copy(self, actor, index, text, stale):
        article = self._article(index)
        loaded = article.edit_version - (1 if stale and article.edit_version > 1 else 0)
        article.title = self._title()
        article.summary = text
        section = article.sections.order_by("position").first()
        section.body = f"{text} {article.title}."
        self._attempt(
            "save_working_copy",
            lambda: actions.save_working_copy(
                article, by=self.actors[actor], expected_version=loaded, sections=[section]
            ),
        )

    @rule(actor=actor(WRITERS), author=st.integers(0, 2), text=st.sampled_from(TEXTS))
    def import_draft(self, actor, author, text):
        title = self._title()
        draft = (
            f"title: {title}\n\n"
            f"Why rest matters. {text}\n\n"
            "- Recovery\n\n"
            "Recovery\n\n"
            "Sleep lets muscles repair.\n\n"
            "Most adults need seven hours.\n\n"
            "Rest well.\n"
        )
        source = stream_source(f"{title}.txt", io.BytesIO(draft.encode()))
        outcome = self._attempt(
            "import",
            lambda: actions.import_draft(source, by=self.actors[actor], author=self.writers[author]),
        )
        if outcome is not None and outcome.article is not None and outcome.article.pk:
            self.article_ids.append(outcome.article.pk)

    @rule(actor=actor(WRITERS), index=ARTICLE)
    def submit(self, actor, index):
        article = self._article(index)
        self._attempt("submit", lambda: actions.submit_for_review(article, by=self.actors[actor]))

    @rule(actor=actor(WRITERS), index=ARTICLE)
    def withdraw(self, actor, index):
        revision = self._latest(self._article(index))
        if revision is not None:
            self._attempt("withdraw", lambda: actions.withdraw(revision, by=self.actors[actor]))

    # Medical reviewers -------------------------------------------------------

    @rule(actor=actor(REVIEWERS), index=ARTICLE)
    def resolve_claim(self, actor, index):
        revision = self._latest(self._article(index))
        flag = revision and ClaimFlag.objects.filter(revision=revision).unresolved().order_by("pk").first()
        if flag:
            self._attempt(
                "resolve_claim",
                lambda: actions.resolve_claim(
                    flag, by=self.actors[actor], reason="Accurate in this context.",
                    reference_number=1 if flag.needs_reference else None,
                ),
            )

    @rule(actor=actor(REVIEWERS), index=ARTICLE)
    def flag_sentence(self, actor, index):
        revision = self._latest(self._article(index))
        if revision is not None:
            self._attempt(
                "flag_sentence",
                lambda: claim_marks.flag_sentence(
                    revision, by=self.actors[actor], part=ClaimFlag.Field.TITLE, start=0,
                    end=len(revision.title), category="efficacy_overstatement",
                ),
            )

    @rule(actor=actor(REVIEWERS), index=ARTICLE)
    def request_changes(self, actor, index):
        revision = self._latest(self._article(index))
        if revision is not None:
            self._attempt(
                "request_changes",
                lambda: actions.request_changes(revision, by=self.actors[actor], note="Please cite a source."),
            )

    @rule(actor=actor(REVIEWERS), index=ARTICLE)
    def approve(self, actor, index):
        revision = self._latest(self._article(index))
        if revision is not None:
            self._attempt("approve", lambda: actions.approve(revision, by=self.actors[actor], note="Checked."))

    @rule(actor=actor(REVIEWERS), index=ARTICLE)
    def recertify(self, actor, index):
        article = self._article(index)
        self._attempt("recertify", lambda: lifecycle.recertify(article, by=self.actors[actor], note="Still true."))

    @rule(actor=actor(REVIEWERS), index=ARTICLE)
    def review_in_full(self, actor, index):
        """Accept every open flag of the latest revision, then approve it: each call a step of its own."""
        revision = self._latest(self._article(index))
        if revision is None:
            return
        for flag in ClaimFlag.objects.filter(revision=revision).unresolved().order_by("pk"):
            self._attempt(
                "resolve_claim",
                lambda flag=flag: actions.resolve_claim(
                    flag, by=self.actors[actor], reason="Accurate in this context.",
                    reference_number=1 if flag.needs_reference else None,
                ),
            )
        self._attempt("approve", lambda: actions.approve(revision, by=self.actors[actor], note="Checked."))

    @rule(index=ARTICLE, text=st.sampled_from(TEXTS))
    def writer_who_reviews_tries_their_own_text(self, index, text):
        """Issue 10's self-review: the writer-reviewer edits, submits, then reviews (each call a step)."""
        dual = self.writers[2]
        article = self._article(index)
        article.summary = text
        self._attempt(
            "save_working_copy",
            lambda: actions.save_working_copy(article, by=dual, expected_version=article.edit_version),
        )
        self._attempt("submit", lambda: actions.submit_for_review(article, by=dual))
        self.review_in_full(actor=self.actors.index(dual), index=-1)

    # Publishers and the worker ----------------------------------------------

    @rule(actor=actor(PUBLISHERS), index=ARTICLE)
    def publish_now(self, actor, index):
        article = self._article(index)
        self._attempt("publish_now", lambda: actions.publish(article, by=self.actors[actor]))

    @rule(actor=actor(PUBLISHERS), index=ARTICLE)
    def schedule(self, actor, index):
        article = self._article(index)
        at = timezone.now() + timedelta(hours=1)
        self._attempt("schedule", lambda: actions.publish(article, by=self.actors[actor], at=at))

    @rule(actor=actor(PUBLISHERS), index=ARTICLE)
    def unpublish(self, actor, index):
        article = self._article(index)
        self._attempt("unpublish", lambda: actions.unpublish(article, by=self.actors[actor], reason="Out of date."))

    @rule()
    def worker_runs_what_is_due(self):
        """The worker publishes each due schedule once, one "published" row each."""
        steps_taken["count"] += 1
        due = dict(
            Article.objects.filter(scheduled_revision__isnull=False).values_list("pk", "scheduled_revision_id")
        )
        before = self._event_counts().get("published", 0)
        actions.publish_due(now=timezone.now() + timedelta(hours=2))
        went_live = Article.objects.filter(pk__in=due).values_list("pk", "live_revision_id")
        published = sum(1 for pk, live in went_live if live == due[pk])
        assert self._event_counts().get("published", 0) - before == published == len(due)

    @rule(actor=actor(PUBLISHERS), text=st.sampled_from(TEXTS))
    def save_disclaimer(self, actor, text):
        disclaimer = Disclaimer.objects.order_by("pk").first()
        self._attempt(
            "save_disclaimer",
            lambda: actions.save_disclaimer(disclaimer, by=self.actors[actor], body=f"{text} Ask a clinician."),
        )

    # Invariants --------------------------------------------------------------

    @invariant()
    def invariants_hold(self):
        """
        Checked after every step. A step that changed nothing (a refusal:
        ``_attempt`` asserts it wrote nothing) leaves the state the last check
        accepted, so the checks run again only when the ledger head, an
        article's working copy or its live or scheduled pointer moved.
        """
        state = (
            LedgerHead.objects.get().seq,
            tuple(
                Article.objects.filter(pk__in=self.article_ids)
                .order_by("pk")
                .values_list("pk", "edit_version", "live_revision_id", "scheduled_revision_id")
            ),
        )
        if state == self.checked_state:
            return
        self.live_pages_show_only_approved_snapshots()
        self.nobody_decided_on_their_own_text()
        assert verify_ledger() == []
        self.checked_state = state

    def live_pages_show_only_approved_snapshots(self):
        for article in Article.objects.filter(pk__in=self.article_ids).select_related(
            "live_revision__decision__decided_by__reviewer_profile"
        ):
            revision = article.live_revision
            if revision is None:
                if self.live_before.get(article.pk):
                    assert self.client.get(f"/articles/{self.live_before[article.pk]}/").status_code in (301, 404)
                self.live_before[article.pk] = None
                continue
            decision = revision.decision
            assert decision.outcome == ReviewDecision.Outcome.APPROVED
            assert decision.content_hash == revision.content_hash == fingerprint(revision.content())
            profile = decision.decided_by.reviewer_profile
            assert profile.verified_at is not None and profile.verified_by_id != decision.decided_by_id
            assert decision.decided_by_id not in revision.author_ids
            response = self.client.get(f"/articles/{revision.slug}/")
            assert response.status_code == 200
            page = response.content.decode()
            assert escape(revision.title) in page
            if article.title != revision.title:
                assert not re.search(rf"{re.escape(escape(article.title))}\b", page)
            self.live_before[article.pk] = revision.slug

    def nobody_decided_on_their_own_text(self):
        for approval in ReviewApproval.objects.select_related("revision").filter(
            revision__article_id__in=self.article_ids
        ):
            assert approval.reviewer_id not in approval.revision.author_ids
        for decision in (
            ReviewDecision.objects.select_related("revision")
            .filter(revision__article_id__in=self.article_ids)
            .exclude(outcome=ReviewDecision.Outcome.WITHDRAWN)
        ):
            assert decision.decided_by_id not in decision.revision.author_ids


def _newsroom():
    writer = WriterFactory(username="w-one")
    co_writer = WriterFactory(username="w-two")
    reviewer = ReviewerFactory(username="r-one")
    second_reviewer = ReviewerFactory(username="r-two")
    publisher = PublisherFactory(username="p-one")
    writer_reviewer = ReviewerFactory(username="wr-dual", groups=[policy.WRITERS, policy.MEDICAL_REVIEWERS])
    reviewer_publisher = ReviewerFactory(username="rp-dual", groups=[policy.MEDICAL_REVIEWERS, policy.PUBLISHERS])
    superuser = _staff(username="root", is_superuser=True)
    no_role = _staff(username="no-role")
    EditorialWorkflow.writers = [writer, co_writer, writer_reviewer]
    EditorialWorkflow.actors = [
        writer, co_writer, reviewer, second_reviewer, publisher, writer_reviewer, reviewer_publisher,
        superuser, no_role, AnonymousUser(),
    ]
    articles = [ArticleFactory(authors=[writer], title=f"Rest notes {n}", slug=f"stateful-{n}") for n in range(ARTICLES)]
    for article in articles:
        ReferenceFactory(article=article, position=1)
    # Every example starts with one article live, one approved and one draft.
    for article in articles[:2]:
        actions.approve(actions.submit_for_review(article, by=writer), by=reviewer, note="Checked.")
    actions.publish(articles[0], by=publisher)
    EditorialWorkflow.initial_article_ids = [article.pk for article in articles]


@pytest.mark.django_db
def test_every_roles_actions_keep_the_invariants():
    steps_taken["count"] = 0
    OUTCOMES.clear()
    _newsroom()
    run_state_machine_as_test(
        EditorialWorkflow,
        settings=settings(
            max_examples=EXAMPLES,
            stateful_step_count=STEPS,
            deadline=None,
            derandomize=True,
            database=None,
            suppress_health_check=list(HealthCheck),
        ),
    )
    assert steps_taken["count"] >= MINIMUM_STEPS, f"only {steps_taken['count']} steps ran"
    if MINIMUM_STEPS:
        # The run reached every kind of state: each of these was carried out somewhere, and refused somewhere.
        verbs = {"save_working_copy", "import", "submit", "withdraw", "approve", "request_changes", "recertify",
                 "publish_now", "schedule", "unpublish", "save_disclaimer"}
        assert {(verb, outcome) for verb in verbs for outcome in ("ok", "refused")} <= OUTCOMES.keys(), OUTCOMES

"""
The review workflow: the only code that changes what readers see.

Every verb here runs in one transaction, takes a row lock on the article
(``select_for_update``; on SQLite the immediate transaction serialises
writers instead), checks permissions and the transition table, makes the
change and writes exactly one ``WorkflowEvent`` (``resolve_claims`` one per
flag it accepts). Admin actions, management
commands, importers and views call these functions and nothing else.

Refusals raise a subclass of ``articles.actions.errors.ActionError`` whose
message says what is wrong and what to do about it.
"""

from django.db import transaction
from django.utils import timezone

from articles import policy
from articles.domain import claim_flags, purging, review_policy
from articles.domain.disclaimers import index_revision_disclaimers
from articles.errors import (
    AlreadyApproved,
    AlreadyInReview,
    AlreadyResolved,
    FingerprintMismatch,
    IncompleteArticle,
    InvalidInput,
    InvalidTransition,
    NoteRequired,
    NothingChanged,
    NothingToPublish,
    NotLive,
    ReferenceRequired,
    ReviewPolicyNotMet,
    UnresolvedClaims,
)
from articles.models import (
    Article,
    ArticleRevision,
    ClaimFlag,
    ClaimResolution,
    DueWorkFailure,
    ReviewApproval,
    ReviewDecision,
    RevisionState,
    RevisionTopic,
    Topic,
)
from articles.models import WorkflowEvent as Event
from articles.models.content import WORKFLOW_COLUMNS
from articles.models.guards import workflow_transition
from articles.models.revisions import fingerprint

Action = Event.Action
State = RevisionState

#: action -> (states the revision may be in, state it moves to)
TRANSITIONS = {
    Action.SUBMITTED: ({State.DRAFT}, State.IN_REVIEW),
    Action.APPROVED: ({State.IN_REVIEW}, State.APPROVED),
    Action.CHANGES_REQUESTED: ({State.IN_REVIEW}, State.CHANGES_REQUESTED),
    Action.WITHDRAWN: ({State.IN_REVIEW}, State.WITHDRAWN),
    Action.SCHEDULED: ({State.APPROVED, State.SCHEDULED}, State.SCHEDULED),
    Action.SCHEDULE_CANCELLED: ({State.SCHEDULED}, State.APPROVED),
    Action.PUBLISHED: ({State.APPROVED, State.SCHEDULED}, State.LIVE),
    Action.UNPUBLISHED: ({State.LIVE}, State.UNPUBLISHED),
    Action.CLAIM_RESOLVED: ({State.IN_REVIEW}, State.IN_REVIEW),
    Action.NOTE_ADDED: ({State.IN_REVIEW}, State.IN_REVIEW),
    Action.CLAIM_REOPENED: ({State.IN_REVIEW}, State.IN_REVIEW),
    Action.RECERTIFIED: ({State.DRAFT}, State.APPROVED),
    Action.UNPUBLISH_SCHEDULED: ({State.LIVE, State.SCHEDULED}, None),
    Action.UNPUBLISH_CANCELLED: ({State.LIVE, State.SCHEDULED}, None),
    Action.CLAIM_MARKED: ({State.IN_REVIEW}, State.IN_REVIEW),
    Action.APPROVAL_RECORDED: ({State.IN_REVIEW}, State.IN_REVIEW),
    Action.RECERTIFICATION_STARTED: ({State.DRAFT}, State.IN_REVIEW),
    Action.REVIEW_CLAIMED: ({State.IN_REVIEW}, State.IN_REVIEW),
    Action.REVIEW_ASSIGNED: ({State.IN_REVIEW}, State.IN_REVIEW),
    Action.REVIEW_RELEASED: ({State.IN_REVIEW}, None),
}


def submit_for_review(article, *, by, note=""):
    """
    Freeze the working copy into a new revision in review and return it.

    Refused while another revision of the article is in review, and when
    nothing changed since the last revision that was reviewed.
    """
    policy.require(by, policy.SUBMIT, article)
    with transaction.atomic(), workflow_transition():
        locked = _lock(article)
        pending = locked.revisions.in_review().first()
        if pending is not None:
            raise AlreadyInReview(
                f"Revision {pending.number} of “{locked.title}” is already in review. "
                "Wait for the reviewer's decision, or withdraw it, before submitting again."
            )
        content, found_claims = claim_flags.freeze_with_claims(locked)
        _check_complete(locked, content)
        latest = locked.revisions.select_related("decision").order_by("-number").first()
        if latest is not None and fingerprint(content) == latest.content_hash:
            state = latest.state
            if state != State.WITHDRAWN:
                raise NothingChanged(
                    f"Nothing has changed since revision {latest.number}, which is "
                    f"{state.label.lower()}. Edit the article before submitting it again."
                )
        revision = ArticleRevision(
            article=locked,
            number=(latest.number + 1) if latest else 1,
            created_by=by,
            submit_note=note.strip(),
            hero_image_id=content["hero"]["image_id"] if content["hero"] else None,
            editor_ids=_editors_since_last_approval(locked, latest),
            **review_policy.for_content(content).as_fields(),
            **content,
        )
        revision.save()
        locked.pending_editors.clear()
        RevisionTopic.objects.bulk_create(
            RevisionTopic(revision=revision, topic=topic)
            for topic in Topic.objects.filter(slug__in=[t["slug"] for t in content["topics"]])
        )
        index_revision_disclaimers(revision)
        claim_flags.record_flags(revision, found_claims)
        log_event(
            locked, revision, Action.SUBMITTED, by, note=note, from_state=State.DRAFT,
            details={"flagged_claims": len(found_claims)} if found_claims else None,
        )
    _sync(article, locked)
    return revision


def approve(revision, *, by, note=""):
    """
    Sign off the revision under review, and approve it once the sign-offs
    meet its review policy (``articles.domain.review_policy``: by default
    one reviewer; some topics ask for more, or for a specialist). Only an
    active, verified medical reviewer who did not write the revision may
    sign off, once per revision, and only once every claim flagged in it has
    been accepted as written (``resolve_claim``); otherwise the reviewer
    requests changes. Each sign-off records the reviewer's name, credentials
    and specialty and the revision's fingerprint, and is logged: "approved"
    for the one that completes the policy (which also records the
    ``ReviewDecision``), "approval recorded" for those before it.
    """
    with transaction.atomic(), workflow_transition():
        revision, locked = lock_revision(revision)
        profile = _require_reviewer(revision, by)
        _require_intact(revision)
        from_state = _require_state(revision, Action.APPROVED)
        _require_claims_resolved(revision)
        earlier = review_policy.approvals_of(revision)
        if any(approval.reviewer_id == by.pk for approval in earlier):
            raise AlreadyApproved(
                f"{_name(by)} already approved revision {revision.number} of “{revision.title}”. "
                f"It still needs {review_policy.shortfall(revision, earlier)}."
            )
        sign_off(revision, by=by, profile=profile, note=note)
        approvals = review_policy.approvals_of(revision)
        missing = review_policy.shortfall(revision, approvals)
        details = {
            "approvals": len(approvals),
            "required_approvals": revision.required_approvals,
            "reviewers": [approval.reviewer_id for approval in approvals],
        }
        if missing:
            log_event(
                locked, revision, Action.APPROVAL_RECORDED, by, note=note, from_state=from_state,
                details={**details, "still_needed": str(missing)},
            )
        else:
            _record_review(
                revision, locked, Action.APPROVED, by=by, profile=profile, note=note,
                from_state=from_state, details=details,
            )
            _publish_completed_recertification(locked, revision, by=by)
    return revision


def sign_off(revision, *, by, profile, note="", at=None):
    """One reviewer's ``ReviewApproval`` of the revision (the caller holds the transaction and checked)."""
    return ReviewApproval.objects.create(
        revision=revision,
        reviewer=by,
        content_hash=revision.content_hash,
        reviewer_name=profile.name,
        reviewer_credentials=profile.credentials,
        reviewer_specialty=profile.specialty,
        note=note.strip(),
        approved_at=at or timezone.now(),
    )


def _publish_completed_recertification(locked, revision, *, by):
    """A re-certification that needed several reviewers goes live when the last approves, like one that needed one."""
    from django.conf import settings

    if (
        revision.recertifies_id is not None
        and settings.VETTED_RECERTIFY_PUBLISHES
        and locked.live_revision_id == revision.recertifies_id
    ):
        make_live(locked, revision, by=by, now=timezone.now())


def resolve_claim(flag, *, by, reason, reference_number=None):
    """
    Accept one flagged claim as written. Only an active medical reviewer who
    did not write the revision may, only while it is in review, and only with
    a reason; claims in ``REFERENCE_REQUIRED_CATEGORIES`` (efficacy,
    mechanism) also need the number of the revision's reference that supports
    them. The resolution is logged. Returns the ``ClaimResolution``.
    """
    return resolve_claims([flag], by=by, reason=reason, reference_number=reference_number)[0]


def resolve_claims(flags, *, by, reason, reference_number=None):
    """
    Accept several flags of one revision as written with one reason (and one
    supporting reference): the reviewer's one decision on a sentence that was
    flagged in several places or categories. Each flag gets its own
    ``ClaimResolution`` and its own log entry, under the rules of
    ``resolve_claim``, all in one transaction: if one is refused, none is
    accepted. Returns the resolutions in the order of ``flags``.
    """
    flags = list(flags)
    if not flags:
        raise InvalidInput("Choose the flagged claims to accept.")
    reason = (reason or "").strip()
    if not reason:
        raise NoteRequired(
            f"Say why “{flags[0].sentence.strip() if len(flags) > 1 else flags[0].text}” is acceptable "
            "as written: a reason is required. If it is not acceptable, request changes instead."
        )
    if len({flag.revision_id for flag in flags}) > 1:
        raise InvalidInput("Accept flagged claims of one revision at a time.")
    with transaction.atomic(), workflow_transition():
        revision, locked = lock_revision(flags[0].revision)
        _require_reviewer(revision, by)
        from_state = revision.state
        if from_state not in TRANSITIONS[Action.CLAIM_RESOLVED][0]:
            raise InvalidTransition(
                f"Revision {revision.number} of “{revision.title}” is {from_state.label.lower()}: "
                "flagged claims can only be accepted while a revision is in review. "
                + _hint(from_state)
            )
        fresh = ClaimFlag.objects.select_related(
            "resolution__resolved_by", "carried_from__resolved_by", "carried_from__flag__revision", "reopening"
        ).in_bulk([flag.pk for flag in flags])
        flags = [fresh[flag.pk] for flag in flags]
        for flag in flags:
            flag.revision = revision
        numbers = [reference["number"] for reference in revision.references]
        for flag in flags:
            _check_resolvable(flag, revision, numbers, reference_number)
        resolutions = []
        for flag in flags:
            resolutions.append(
                ClaimResolution.objects.create(
                    flag=flag, reason=reason, reference_number=reference_number, resolved_by=by
                )
            )
            log_event(
                locked,
                revision,
                Action.CLAIM_RESOLVED,
                by,
                note=reason,
                from_state=from_state,
                details={
                    "flag": flag.pk,
                    "category": flag.category,
                    "text": flag.text,
                    "location": flag.location,
                    "reference_number": reference_number,
                },
            )
    return resolutions


def _check_resolvable(flag, revision, numbers, reference_number):
    """Refuse accepting ``flag`` if it is already accepted or lacks the reference its category needs."""
    if flag.is_resolved:
        raise AlreadyResolved(
            f"“{flag.text}” ({flag.location}) was already "
            + (
                flag.carried_label + ". Reopen it first to decide it afresh."
                if flag.is_carried
                else f"accepted by {_name(flag.resolution.resolved_by)}."
            )
        )
    if reference_number is None and flag.needs_reference:
        raise ReferenceRequired(
            f"“{flag.text}” is a {flag.category_label.lower()} claim: cite the reference "
            "that supports it. "
            + (
                f"Revision {revision.number} has references {_number_list(numbers)}."
                if numbers
                else f"Revision {revision.number} has no references, so request changes "
                "and ask the writer to add the source."
            )
        )
    if reference_number is not None and reference_number not in numbers:
        raise ReferenceRequired(
            f"Revision {revision.number} has no reference {reference_number}"
            + (f"; its references are {_number_list(numbers)}." if numbers else ".")
        )


def request_changes(revision, *, by, note):
    """Send the revision back to its writers. A note saying what to change is required."""
    if not note or not note.strip():
        raise NoteRequired(
            "Say what needs to change: a note is required when requesting changes."
        )
    with transaction.atomic(), workflow_transition():
        revision, locked = lock_revision(revision)
        profile = _require_reviewer(revision, by)
        from_state = _require_state(revision, Action.CHANGES_REQUESTED)
        _record_review(
            revision, locked, Action.CHANGES_REQUESTED, by=by, profile=profile, note=note, from_state=from_state
        )
    return revision


def withdraw(revision, *, by, note=""):
    """Take a revision out of the review queue so the writers can keep editing."""
    policy.require(by, policy.WITHDRAW, revision)
    with transaction.atomic(), workflow_transition():
        revision, locked = lock_revision(revision)
        from_state = _require_state(revision, Action.WITHDRAWN)
        ReviewDecision.objects.create(
            revision=revision,
            outcome=ReviewDecision.Outcome.WITHDRAWN,
            decided_by=by,
            note=note.strip(),
            content_hash=revision.content_hash,
        )
        log_event(locked, revision, Action.WITHDRAWN, by, note=note, from_state=from_state)
    return revision


def publish(article, *, by, at=None):
    """
    Make the latest approved revision live now, or schedule it when ``at``
    is in the future. Returns the revision. Refused when there is no
    approved revision, or when it is already live.
    """
    policy.require(by, policy.PUBLISH, article)
    now = timezone.now()
    with transaction.atomic(), workflow_transition():
        locked = _lock(article)
        revision = (
            locked.revisions.approved().select_related("decision").order_by("-number").first()
        )
        if revision is None:
            pending = locked.revisions.in_review().first()
            if pending is not None and pending.approvals.exists():
                raise NothingToPublish(
                    f"Revision {pending.number} of “{locked.title}” is not approved yet: it needs "
                    f"{review_policy.describe(pending)} and still needs "
                    f"{review_policy.shortfall(pending)}. Publish it once that is met."
                )
            raise NothingToPublish(
                f"“{locked.title}” has no approved revision. Submit it for review and "
                "publish once a medical reviewer has approved it."
            )
        _require_intact(revision)
        require_policy_met(revision)
        if revision.pk == locked.live_revision_id:
            raise InvalidTransition(
                f"Revision {revision.number} of “{locked.title}” is already live; "
                "there is no newer approved revision to publish."
            )
        if at is not None and at > now:
            from_state = _require_state(revision, Action.SCHEDULED, article=locked)
            log_event(
                locked,
                revision,
                Action.SCHEDULED,
                by,
                from_state=from_state,
                details={"go_live_at": at.isoformat()},
            )
            locked.scheduled_revision = revision
            locked.go_live_at = at
            locked.scheduled_by = by
            locked.save(update_fields=["scheduled_revision", "go_live_at", "scheduled_by"])
            forget_failures(locked)
        else:
            make_live(locked, revision, by=by, now=now)
    _sync(article, locked)
    return revision


def unpublish(article, *, by, reason, at=None):
    """
    Take the article off the site (and cancel any schedule), or, when ``at``
    is in the future, schedule that (an expiry; the worker performs it). The
    revision and its history stay; publishing again needs no new review.
    """
    if at is not None and at > timezone.now():
        from articles.actions.scheduling import schedule_unpublish

        return schedule_unpublish(article, by=by, reason=reason, at=at)
    policy.require(by, policy.PUBLISH, article)
    if not reason or not reason.strip():
        raise NoteRequired("Give a reason for unpublishing; it is kept in the article's history.")
    with transaction.atomic(), workflow_transition():
        locked = _lock(article)
        unpublish_locked(locked, by=by, reason=reason)
    _sync(article, locked)


def unpublish_locked(locked, *, by, reason):
    """Unpublish the locked article now (see ``unpublish``); the caller holds the transaction."""
    purging.purge_on_commit(locked)
    if locked.live_revision_id is None:
        if locked.scheduled_revision_id is None:
            raise NotLive(f"“{locked.title}” is not live or scheduled, so there is nothing to unpublish.")
        _cancel_schedule(locked, by=by, note=reason)
    else:
        revision = locked.live_revision
        details = {}
        if locked.scheduled_revision_id:
            details["cancelled_schedule"] = locked.scheduled_revision.number
        log_event(
            locked, revision, Action.UNPUBLISHED, by, note=reason,
            from_state=State.LIVE, details=details,
        )
        locked.live_revision = None
        locked.scheduled_revision = None
        locked.go_live_at = None
        locked.scheduled_by = None
        locked.save(
            update_fields=["live_revision", "scheduled_revision", "go_live_at", "scheduled_by"]
        )
    _clear_expiry(locked)
    forget_failures(locked)


def _clear_expiry(locked):
    if locked.unpublish_at is None:
        return
    locked.unpublish_at = None
    locked.unpublish_reason = ""
    locked.unpublish_scheduled_by = None
    locked.save(update_fields=["unpublish_at", "unpublish_reason", "unpublish_scheduled_by"])


def _record_review(revision, locked, action, *, by, profile, note, from_state, details=None):
    """The reviewer's decision, with their name and credentials as of today, and its log entry."""
    ReviewDecision.objects.create(
        revision=revision,
        outcome=ReviewDecision.Outcome(action),
        decided_by=by,
        note=note.strip(),
        content_hash=revision.content_hash,
        reviewer_name=profile.name,
        reviewer_credentials=profile.credentials,
    )
    log_event(locked, revision, action, by, note=note, from_state=from_state, details=details)


def make_live(locked, revision, *, by, now):
    """Make ``revision`` the locked article's live revision (logged); the caller holds the transaction."""
    from_state = _require_state(revision, Action.PUBLISHED, article=locked)
    require_policy_met(revision)
    purging.purge_on_commit(locked)
    details = {}
    if locked.live_revision_id:
        details["replaced_revision"] = locked.live_revision.number
    if locked.scheduled_revision_id and locked.scheduled_revision_id != revision.pk:
        details["cancelled_schedule"] = locked.scheduled_revision.number
    log_event(locked, revision, Action.PUBLISHED, by, from_state=from_state, details=details)
    locked.live_revision = revision
    locked.scheduled_revision = None
    locked.go_live_at = None
    locked.scheduled_by = None
    locked.last_published_at = now
    if locked.first_published_at is None:
        locked.first_published_at = now
    locked.save(
        update_fields=[
            "live_revision",
            "scheduled_revision",
            "go_live_at",
            "scheduled_by",
            "last_published_at",
            "first_published_at",
        ]
    )
    forget_failures(locked)


def forget_failures(locked):
    """The worker's failures concern a schedule that just changed; it records them again if they recur."""
    DueWorkFailure.objects.filter(article=locked).delete()


def _cancel_schedule(locked, *, by, note):
    revision = locked.scheduled_revision
    from_state = _require_state(revision, Action.SCHEDULE_CANCELLED, article=locked)
    log_event(locked, revision, Action.SCHEDULE_CANCELLED, by, note=note, from_state=from_state)
    locked.scheduled_revision = None
    locked.go_live_at = None
    locked.scheduled_by = None
    locked.save(update_fields=["scheduled_revision", "go_live_at", "scheduled_by"])
    forget_failures(locked)


def _lock(article):
    return Article.objects.select_for_update().get(pk=article.pk)


def lock_revision(revision):
    """Lock the revision's article row and return a fresh copy of the revision with it."""
    locked = _lock(revision.article)
    fresh = ArticleRevision.objects.select_related("created_by").get(pk=revision.pk)
    fresh.article = locked
    return fresh, locked


def _require_reviewer(revision, user):
    policy.require(user, policy.REVIEW, revision)
    return policy.reviewer_profile(user)


def _editors_since_last_approval(article, latest):
    """
    Everyone whose text is in the revision being submitted: the editors of
    the working copy since the last submission, plus the submitters and
    editors of every revision since the last approved one. Withdrawing,
    a round of requested changes or an import in another writer's name
    therefore never launders authorship.
    """
    editors = set(article.pending_editors.values_list("pk", flat=True))
    if latest is not None:
        last_approved = article.revisions.approved().order_by("-number").values_list("number", flat=True).first()
        for submitter, earlier in article.revisions.filter(number__gt=last_approved or 0).values_list(
            "created_by_id", "editor_ids"
        ):
            editors.add(submitter)
            editors.update(earlier)
    return sorted(editors)


def _require_state(revision, action, *, article=None):
    if article is not None:
        revision.article = article
    allowed, _target = TRANSITIONS[action]
    state = revision.state
    if state not in allowed:
        raise InvalidTransition(
            f"Revision {revision.number} of “{revision.title}” is {state.label.lower()}, so it "
            f"cannot be {Action(action).label.lower()}. "
            + _hint(state)
        )
    return state


def _hint(state):
    return {
        State.IN_REVIEW: "Wait for the medical reviewer's decision.",
        State.CHANGES_REQUESTED: "Edit the article and submit a new revision.",
        State.WITHDRAWN: "Submit the article again when it is ready.",
        State.APPROVED: "Publish it, or submit a new revision.",
        State.SCHEDULED: "Cancel the schedule or publish now.",
        State.LIVE: "Edit the article and submit a new revision.",
    }.get(state, "")


def _require_claims_resolved(revision):
    unresolved = list(revision.claim_flags.unresolved().order_by("pk"))
    for flag in unresolved:
        flag.revision = revision
    if unresolved:
        count = len(unresolved)
        raise UnresolvedClaims(
            f"Revision {revision.number} of “{revision.title}” cannot be approved: "
            f"{count} flagged claim{'s are' if count != 1 else ' is'} not resolved: "
            + "; ".join(
                f"“{flag.text}” ({flag.category_label.lower()}, {flag.location})"
                for flag in unresolved
            )
            + ". Accept each one as written with a reason, or request changes.",
            unresolved,
        )


def _number_list(numbers):
    return ", ".join(str(number) for number in numbers)


def _require_intact(revision):
    if not revision.content_is_intact():
        raise FingerprintMismatch(
            f"Revision {revision.number} of “{revision.title}” no longer matches the "
            "fingerprint it was approved with; it will not be published. Report this to "
            "the site administrators."
        )


def require_policy_met(revision):
    """
    Refuse to put a revision before readers unless its approvals meet the
    review policy it was submitted under. The database guard refuses an
    approval that does not; this catches one written with the guards off.
    """
    if not review_policy.is_met(revision):
        raise ReviewPolicyNotMet(
            f"Revision {revision.number} of “{revision.title}” needs "
            f"{review_policy.describe(revision)}, and its recorded approvals do not meet that; "
            "it will not be published. Report this to the site administrators."
        )


def _check_complete(article, content):
    problems = []
    if not content["title"]:
        problems.append("a title")
    if not content["sections"]:
        problems.append("at least one section")
    for number, section in enumerate(content["sections"], start=1):
        if not section["heading"]:
            problems.append(f"a heading for section {number}")
        if not section["body"].strip():
            problems.append(f"text in section {number}")
    if problems:
        raise IncompleteArticle(
            f"“{article.title or article.slug}” cannot be submitted yet: it needs "
            + ", ".join(problems)
            + "."
        )
    clash = (
        Article.objects.filter(live_revision__slug=content["slug"])
        .exclude(pk=article.pk)
        .first()
    )
    if clash is not None:
        raise IncompleteArticle(
            f"The address /articles/{content['slug']}/ is used by the live article "
            f"“{clash.title}”. Choose another slug."
        )


def log_event(article, revision, action, by, *, from_state, note="", details=None):
    """The one log row every transition writes."""
    _allowed, to_state = TRANSITIONS[action]
    if to_state is None:
        # Steps that change when something will happen, not the revision's state.
        to_state = from_state
    return Event.objects.create(
        article=article,
        revision=revision,
        actor=by,
        action=action,
        from_state=from_state,
        to_state=to_state,
        note=note.strip(),
        details=details or {},
    )


def _sync(article, locked):
    """Let the caller's instance see the new pointers without a reload."""
    if article is locked:
        return
    for name in WORKFLOW_COLUMNS:
        setattr(article, name, getattr(locked, name))
    for cached in ("live_revision", "scheduled_revision", "scheduled_by"):
        article._state.fields_cache.pop(cached, None)
    article._loaded_workflow_state = article._workflow_state()


def _name(user):
    return getattr(user, "get_username", lambda: "This user")() or "This user"

"""
After go-live: a reviewer re-certifies a live page as still accurate, and
reopens a claim acceptance carried forward from an earlier revision.

Re-certification makes a new revision rather than a note on the live one,
so revisions stay immutable and "readers see exactly the approved revision"
stays literally true: the new revision repeats the live revision's text word
for word (``recertifies`` names it) with the disclaimers current today, is
scanned like any revision (accepted claims carry forward, see
``articles.domain.claim_flags.carried_acceptances``) and is approved by the
reviewer in the same transaction. Its authors are the live revision's
authors, so the database trigger that stops authors approving their own text
applies unchanged. When the disclaimers have not changed, its fingerprint is
the live revision's fingerprint.

A re-certification is held to the same review policy as any revision of
the page (``articles.domain.review_policy``, frozen into the new revision
from its topics and text): confirming a page that needed two reviewers,
one of them a pharmacologist, needs the same again, since it puts a new
revision (today's disclaimers) before readers under the reviewers' names.
When the reviewer re-certifying does not meet the policy alone, the new
revision waits in the review queue with their sign-off ("re-certification
started"), and goes live when the others approve it through ``approve``.
"""

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from articles.actions import workflow
from articles.actions.workflow import Action, State
from articles.domain import claim_flags, review_policy
from articles.domain.disclaimers import index_revision_disclaimers, required_disclaimers
from articles.errors import (
    AlreadyInReview,
    InvalidTransition,
    NotLive,
    NotPermitted,
    SelfReviewRefused,
    UnresolvedClaims,
)
from articles.models import (
    ArticleRevision,
    ClaimFlag,
    ClaimReopening,
    Disclaimer,
    ReviewDecision,
    RevisionTopic,
)
from articles.models.guards import workflow_transition


def recertify(article, *, by, note="", now=None):
    """
    Confirm ``article``'s live page as still accurate without an edit.
    Records a new revision with the same text and today's disclaimers,
    approved by ``by`` (an active medical reviewer who is not one of its
    authors), logged as "recertified"; when the page's review policy needs
    more reviewers than ``by``, the revision stays in review with ``by``'s
    sign-off until they approve it (see the module docstring). With ``settings.VETTED_RECERTIFY_PUBLISHES``
    it goes live at once (a second log row, "published"); otherwise it waits
    for a publisher like any approved revision. Returns the new revision.

    Refused while a newer revision is in review, approved or scheduled
    (decide or publish that instead), and when today's claim rules flag
    something in the text nobody accepted before: then the page needs a
    normal review.
    """
    now = now or timezone.now()
    with transaction.atomic(), workflow_transition():
        locked = workflow._lock(article)
        source = locked.live_revision
        if source is None:
            raise NotLive(
                f"“{locked.title}” is not live, so there is nothing to re-certify. Review its "
                "latest revision instead."
            )
        source = ArticleRevision.objects.select_related("created_by").get(pk=source.pk)
        source.article = locked
        profile = _require_reviewer(source, by)
        workflow._require_intact(source)
        latest = locked.revisions.select_related("decision").order_by("-number").first()
        latest.article = locked
        if latest.pk != source.pk and latest.state in (State.IN_REVIEW, State.APPROVED, State.SCHEDULED):
            error = AlreadyInReview if latest.state == State.IN_REVIEW else InvalidTransition
            raise error(
                f"Revision {latest.number} of “{locked.title}” is {latest.state.label.lower()}: "
                + (
                    "review it instead of re-certifying the live page."
                    if latest.state == State.IN_REVIEW
                    else "publish it (or cancel it) before re-certifying the live page."
                )
            )
        content = source.content()
        found = claim_flags.scan_revision_content(content)
        content["disclaimers"] = _current_disclaimers(source, found)
        revision = ArticleRevision(
            article=locked,
            number=latest.number + 1,
            created_by=source.created_by,
            editor_ids=source.editor_ids,
            hero_image_id=source.hero_image_id,
            recertifies=source,
            submit_note=note.strip(),
            **review_policy.for_content(content).as_fields(),
            **content,
        )
        revision.save()
        RevisionTopic.objects.bulk_create(
            RevisionTopic(revision=revision, topic_id=link.topic_id)
            for link in RevisionTopic.objects.filter(revision=source)
        )
        index_revision_disclaimers(revision)
        claim_flags.record_flags(revision, found)
        unresolved = list(revision.claim_flags.unresolved().order_by("pk"))
        if unresolved:
            for flag in unresolved:
                flag.revision = revision
            raise UnresolvedClaims(
                f"“{locked.title}” cannot be re-certified as it stands: today's claim checks flag "
                + "; ".join(f"“{flag.text}” ({flag.location})" for flag in unresolved)
                + ", which no reviewer has accepted before. Ask a writer to submit the article "
                "for a full review.",
                unresolved,
            )
        changed = _changed_disclaimers(source, revision)
        details = {"recertifies": source.number, "disclaimers_changed": changed}
        missing = review_policy.shortfall(revision, [], extra_specialty=profile.specialty)
        if missing:
            workflow.log_event(
                locked, revision, Action.RECERTIFICATION_STARTED, by, note=note, from_state=State.DRAFT,
                details=details,
            )
            workflow.sign_off(revision, by=by, profile=profile, note=note, at=now)
            workflow.log_event(
                locked, revision, Action.APPROVAL_RECORDED, by, note=note, from_state=State.IN_REVIEW,
                details={"approvals": 1, "required_approvals": revision.required_approvals,
                         "reviewers": [by.pk], "still_needed": str(missing)},
            )
        else:
            workflow.log_event(
                locked, revision, Action.RECERTIFIED, by, note=note, from_state=State.DRAFT, details=details,
            )
            workflow.sign_off(revision, by=by, profile=profile, note=note, at=now)
            ReviewDecision.objects.create(
                revision=revision,
                outcome=ReviewDecision.Outcome.APPROVED,
                decided_by=by,
                note=note.strip(),
                decided_at=now,
                content_hash=revision.content_hash,
                reviewer_name=profile.name,
                reviewer_credentials=profile.credentials,
            )
            if settings.VETTED_RECERTIFY_PUBLISHES:
                workflow.make_live(locked, revision, by=by, now=now)
    workflow._sync(article, locked)
    return revision


def reopen_claim(flag, *, by):
    """
    Set aside the acceptance a flag carried from an earlier revision: the
    claim then needs a fresh decision before the revision can be approved.
    Only an active medical reviewer who did not write the revision may, while
    it is in review. Logged.
    """
    with transaction.atomic(), workflow_transition():
        revision, locked = workflow.lock_revision(flag.revision)
        workflow._require_reviewer(revision, by)
        from_state = revision.state
        if from_state != State.IN_REVIEW:
            raise InvalidTransition(
                f"Revision {revision.number} of “{revision.title}” is {from_state.label.lower()}: "
                "claims can only be reopened while it is in review."
            )
        flag = ClaimFlag.objects.with_resolution().get(pk=flag.pk)
        flag.revision = revision
        if not flag.is_carried:
            raise InvalidTransition(
                f"“{flag.text}” ({flag.location}) carries no earlier acceptance to reopen."
            )
        ClaimReopening.objects.create(flag=flag, reopened_by=by)
        workflow.log_event(
            locked, revision, Action.CLAIM_REOPENED, by, from_state=from_state,
            details={"flag": flag.pk, "text": flag.text, "carried_from": flag.carried_from_id},
        )
    return flag


def _require_reviewer(source, user):
    try:
        return workflow._require_reviewer(source, user)
    except SelfReviewRefused:
        raise
    except NotPermitted as error:
        raise NotPermitted(
            str(error).replace("can approve,", "can re-certify live pages,")
        ) from error


def _current_disclaimers(source, found):
    """
    The disclaimers the page must carry today: what the rules require for
    its topics, text and claims, plus any it carried that are still active
    (editors' additions), each at its current version.
    """
    topics = [link.topic for link in RevisionTopic.objects.filter(revision=source).select_related("topic")]
    text = "\n\n".join(part.text for part in claim_flags.content_parts(source.content()) if part.text)
    chosen = {
        applied.disclaimer.pk: applied.disclaimer
        for applied in required_disclaimers(topics, claim_flags.categories_of(found), text=text).values()
    }
    for disclaimer in Disclaimer.objects.active().filter(key__in=[d["key"] for d in source.disclaimers]):
        chosen.setdefault(disclaimer.pk, disclaimer)
    from articles.domain.disclaimers import _display_order

    return [d.snapshot() for d in sorted(chosen.values(), key=_display_order)]


def _changed_disclaimers(source, revision):
    before = {d["key"]: d["version"] for d in source.disclaimers}
    after = {d["key"]: d["version"] for d in revision.disclaimers}
    return sorted(key for key in before.keys() | after.keys() if before.get(key) != after.get(key))

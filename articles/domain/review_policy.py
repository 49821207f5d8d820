"""
Per-topic review policies: how many different medical reviewers must approve
a revision, and which specialties one of them must have.

A topic asks for ``required_approvals`` (default 1) and may name
``required_specialties``. A revision freezes the strictest policy of its
topics when it is created (``freeze``): the topics it is tagged with and
those its text mentions (the same mention rule that brings a topic's
disclaimers, so an untagged article about kratom still needs the kratom
policy). The most approvals any topic asks for, and each topic's specialty
list as a group that one approving reviewer must match. The rule the
reviewers met is then the rule recorded with the revision, even if a topic
changes later.

A reviewer's specialty matches a group when it contains one of the group's
terms, ignoring case ("Clinical pharmacology" matches "pharmacology"). The
database guard (``articles.db.triggers``) applies the same test.
"""

from dataclasses import dataclass

from articles.models import ReviewApproval, ReviewDecision


@dataclass(frozen=True)
class Policy:
    required_approvals: int = 1
    required_specialties: tuple = ()

    def as_fields(self):
        """The revision fields that record this policy."""
        return {
            "required_approvals": self.required_approvals,
            "required_specialties": [list(group) for group in self.required_specialties],
        }


def for_topics(topics, *, text=""):
    """The strictest policy of ``topics`` and of the topics ``text`` mentions."""
    from articles.models import Topic

    chosen = {topic.pk: topic for topic in topics}
    if text:
        for topic in Topic.objects.exclude(pk__in=chosen).exclude(mention_terms=""):
            pattern = topic.mention_pattern
            if pattern is not None and pattern.search(text):
                chosen[topic.pk] = topic
    approvals = max((topic.required_approvals for topic in chosen.values()), default=1)
    groups = []
    for topic in sorted(chosen.values(), key=lambda topic: topic.slug):
        terms = tuple(topic.specialty_terms)
        if terms and terms not in groups:
            groups.append(terms)
    return Policy(max(approvals, 1), tuple(groups))


def for_content(content):
    """The policy a revision with this frozen ``content`` gets: its topics' and its text's."""
    from articles.domain.text_parts import content_parts, joined_text
    from articles.models import Topic

    topics = Topic.objects.filter(slug__in=[topic["slug"] for topic in content["topics"]])
    return for_topics(list(topics), text=joined_text(content_parts(content)))


def of_revision(revision):
    return Policy(revision.required_approvals, tuple(tuple(group) for group in revision.required_specialties))


def specialty_matches(specialty, group):
    specialty = (specialty or "").lower()
    return any(term.lower() in specialty for term in group)


def approvals_of(revision):
    """The sign-offs on the revision's fingerprint, oldest first."""
    return list(
        ReviewApproval.objects.filter(revision=revision, content_hash=revision.content_hash).order_by(
            "approved_at", "pk"
        )
    )


@dataclass(frozen=True)
class Shortfall:
    """What a revision's sign-offs still lack: more reviewers, and the specialty groups nobody matched."""

    approvals_needed: int
    specialties_needed: tuple

    def __bool__(self):
        return bool(self.approvals_needed or self.specialties_needed)

    def __str__(self):
        parts = []
        if self.approvals_needed:
            parts.append(
                f"{self.approvals_needed} more approval{'s' if self.approvals_needed != 1 else ''} "
                "from a different medical reviewer"
            )
        for group in self.specialties_needed:
            parts.append("an approval from a reviewer in " + _either(group))
        return " and ".join(parts)


def shortfall(revision, approvals=None, *, extra_specialty=None):
    """
    What the revision still needs before it may be approved (a falsy
    ``Shortfall`` when nothing). ``extra_specialty`` counts one more
    approval from a reviewer with that specialty (to ask "would this
    sign-off complete it?").
    """
    approvals = approvals_of(revision) if approvals is None else approvals
    policy = of_revision(revision)
    specialties = [approval.reviewer_specialty for approval in approvals]
    count = len({approval.reviewer_id for approval in approvals})
    if extra_specialty is not None:
        specialties.append(extra_specialty)
        count += 1
    missing = tuple(
        group
        for group in policy.required_specialties
        if not any(specialty_matches(specialty, group) for specialty in specialties)
    )
    return Shortfall(max(policy.required_approvals - count, 0), missing)


def is_met(revision):
    """
    The revision's approval meets its policy: checked again before anything
    goes live. A decision taken before sign-offs existed (migration 0004)
    counts as the one approval its policy of one asked for.
    """
    decision = ReviewDecision.objects.filter(revision=revision).first()
    return met_by(revision, decision, approvals_of(revision))


def met_by(revision, decision, approvals):
    """``is_met`` on rows already loaded (the integrity check loads many revisions' at once)."""
    if decision is None or decision.outcome != ReviewDecision.Outcome.APPROVED:
        return False
    if decision.content_hash != revision.content_hash:
        return False
    signed = [approval for approval in approvals if approval.content_hash == revision.content_hash]
    if not signed:
        return not shortfall(revision, [], extra_specialty="")
    return not shortfall(revision, signed)


def describe(revision):
    """The policy in words, for the review page and refusals."""
    policy = of_revision(revision)
    words = f"{policy.required_approvals} approval{'s' if policy.required_approvals != 1 else ''} from different medical reviewers"
    if policy.required_approvals == 1:
        words = "1 medical reviewer's approval"
    for group in policy.required_specialties:
        words += ", at least one in " + _either(group)
    return words


def _either(group):
    terms = list(group)
    return terms[0] if len(terms) == 1 else ", ".join(terms[:-1]) + " or " + terms[-1]


def matches_policy(specialty, revision):
    """Does a reviewer with ``specialty`` match one of the specialty groups the revision's policy names?"""
    return any(specialty_matches(specialty, group) for group in revision.required_specialties)


def reviewer_candidates(revision):
    """
    ``(profile, matches)`` for every reviewer who may review ``revision`` now
    (active, verified, unexpired, holding the review permission, not one of
    its authors), those whose specialty the revision's policy asks for
    first, then by name: the assign form's list.
    """
    from django.contrib.auth.models import Permission
    from django.db.models import Q
    from django.utils import timezone

    from articles.models import ReviewerProfile

    app, codename = "articles", "review_articlerevision"
    review = Permission.objects.get(content_type__app_label=app, codename=codename)
    profiles = (
        ReviewerProfile.objects.filter(active=True, verified_at__isnull=False, user__is_active=True)
        .filter(Q(credentials_expire_on__isnull=True) | Q(credentials_expire_on__gte=timezone.now().date()))
        .filter(Q(user__groups__permissions=review) | Q(user__user_permissions=review))
        .exclude(user_id__in=revision.author_ids)
        .select_related("user")
        .distinct()
    )
    ranked = [(profile, matches_policy(profile.specialty, revision)) for profile in profiles]
    return sorted(ranked, key=lambda pair: (not pair[1], pair[0].name.lower()))

"""
Which disclaimers an article must carry, and what happens when one changes.

The rules live on ``Disclaimer`` rows that publishers manage: a disclaimer is
required for every article (``applies_to_all``), for articles in one of its
topics, or for articles whose text has a flagged claim in one of its claim
categories. Editors may add extra disclaimers to an article
(``Article.extra_disclaimers``) but cannot remove a required one: the
required set is computed here, never stored on the article.

A revision freezes the disclaimers that apply when it is submitted (see
``articles.domain.snapshots.freeze`` and ``articles.domain.claim_flags.freeze_with_claims``),
so the reviewer approves them together with the text and readers see exactly
that copy. When a publisher later changes a disclaimer's text its version goes
up; live pages keep the approved copy and are listed by
``Article.objects.needing_rereview()`` until a new revision is approved and
published.
"""

from dataclasses import dataclass, field

from django.db.models import Exists, F, OuterRef, Q

from articles.claims import CATEGORY_LABELS
from articles.models import ClaimFlag, Disclaimer, RevisionDisclaimer, RevisionTopic


@dataclass
class AppliedDisclaimer:
    """A disclaimer an article carries and why: the rules that require it, or "added by editors"."""

    disclaimer: Disclaimer
    reasons: list = field(default_factory=list)
    required: bool = False


def explain_disclaimers(article, *, claim_categories=(), text=""):
    """
    The active disclaimers ``article`` must carry given the claim categories
    found in its text and the topics its text mentions, plus the extra ones
    its editors added, each with the reasons it applies. Ordered by
    placement, severity, key.
    """
    topics = list(article.topics.all()) if article.pk else []
    chosen = required_disclaimers(topics, claim_categories, text=text)
    if article.pk:
        for disclaimer in article.extra_disclaimers.filter(active=True):
            applied = chosen.setdefault(disclaimer.pk, AppliedDisclaimer(disclaimer))
            applied.reasons.append("added by the article's editors")
    return sorted(chosen.values(), key=lambda applied: _display_order(applied.disclaimer))


def applicable_disclaimers(article, *, claim_categories=(), text=""):
    """
    The active disclaimers the rules require for ``article``, plus the extra
    ones its editors added. Editors can add to this list but never remove
    from it. Ordered by placement, severity, key.
    """
    return [
        applied.disclaimer
        for applied in explain_disclaimers(article, claim_categories=claim_categories, text=text)
    ]


def required_disclaimers(topics, claim_categories, *, text=""):
    """
    ``{disclaimer id: AppliedDisclaimer}`` for every active disclaimer whose
    rules match an article in ``topics`` (Topic objects) whose text has claims
    in ``claim_categories``. A topic also applies when ``text`` mentions one
    of its ``mention_terms`` (an article about kratom carries the kratom
    disclaimers even if nobody tagged it "Kratom").
    """
    topic_names = {topic.pk: topic.name for topic in topics}
    found = set(claim_categories)
    chosen = {}
    mentioned = {}
    for disclaimer in Disclaimer.objects.active().prefetch_related("topics"):
        reasons = []
        if disclaimer.applies_to_all:
            reasons.append("every article carries it")
        for topic in disclaimer.topics.all():
            if topic.pk in topic_names:
                reasons.append(f"topic “{topic_names[topic.pk]}”")
            elif text:
                if topic.pk not in mentioned:
                    pattern = topic.mention_pattern
                    match = pattern.search(text) if pattern else None
                    mentioned[topic.pk] = match.group(0) if match else None
                if mentioned[topic.pk]:
                    reasons.append(f"the text mentions “{mentioned[topic.pk]}”")
        for category in disclaimer.claim_categories or ():
            if category in found:
                reasons.append(f"{CATEGORY_LABELS.get(category, category).lower()} claim in the text")
        if reasons:
            chosen[disclaimer.pk] = AppliedDisclaimer(disclaimer, reasons, required=True)
    return chosen


def index_revision_disclaimers(revision):
    """
    Record which version of each disclaimer ``revision`` froze. Called by the
    workflow when it creates the revision, inside its transaction.
    """
    by_key = {d.key: d for d in Disclaimer.objects.filter(key__in=[d["key"] for d in revision.disclaimers])}
    RevisionDisclaimer.objects.bulk_create(
        RevisionDisclaimer(revision=revision, disclaimer=by_key[frozen["key"]], version=frozen["version"])
        for frozen in revision.disclaimers
    )


# Live pages whose disclaimers are out of date --------------------------------


def needing_rereview(articles):
    """
    The live articles in ``articles`` whose approved page no longer carries
    the disclaimers the rules call for: one it carries has new text since
    (a newer version of an active disclaimer), or an active disclaimer now
    applies to it (by topic, claim category or for every article) that it
    does not carry. Readers keep seeing the approved page; a new revision
    submitted now freezes the current disclaimers.
    """
    carried = RevisionDisclaimer.objects.filter(revision=OuterRef("live_revision"))
    condition = Q(
        Exists(carried.filter(disclaimer__active=True, version__lt=F("disclaimer__version")))
    )
    for disclaimer in Disclaimer.objects.active().prefetch_related("topics"):
        applies = _applies_to_live_revision(disclaimer)
        if applies is not None:
            condition |= applies & ~Exists(carried.filter(disclaimer=disclaimer))
    return articles.filter(live_revision__isnull=False).filter(condition)


def rereview_reasons(article):
    """Why ``article``'s live page needs a new review, as sentences for publishers; empty if it does not."""
    revision = article.live_revision
    if revision is None:
        return []
    carried = {
        frozen.disclaimer_id: frozen
        for frozen in revision.disclaimer_index.select_related("disclaimer")
    }
    reasons = [
        f"“{frozen.disclaimer.title}” has changed since this page was approved "
        f"(version {frozen.version} → {frozen.disclaimer.version})."
        for frozen in carried.values()
        if frozen.disclaimer.active and frozen.version < frozen.disclaimer.version
    ]
    topics = [link.topic for link in RevisionTopic.objects.filter(revision=revision).select_related("topic")]
    categories = set(revision.claim_flags.values_list("category", flat=True))
    for disclaimer_id, applied in required_disclaimers(topics, categories).items():
        if disclaimer_id not in carried:
            reasons.append(
                f"“{applied.disclaimer.title}” now applies ({'; '.join(applied.reasons)}) "
                "but the live page does not carry it."
            )
    return reasons


def _applies_to_live_revision(disclaimer):
    if disclaimer.applies_to_all:
        return Q()
    parts = []
    topic_ids = [topic.pk for topic in disclaimer.topics.all()]
    if topic_ids:
        parts.append(
            Exists(
                RevisionTopic.objects.filter(revision=OuterRef("live_revision"), topic__in=topic_ids)
            )
        )
    if disclaimer.claim_categories:
        parts.append(
            Exists(
                ClaimFlag.objects.filter(
                    revision=OuterRef("live_revision"), category__in=disclaimer.claim_categories
                )
            )
        )
    if not parts:
        return None
    condition = Q(parts[0])
    for part in parts[1:]:
        condition |= part
    return condition


_SEVERITY_ORDER = {
    Disclaimer.Severity.CRITICAL: 0,
    Disclaimer.Severity.WARNING: 1,
    Disclaimer.Severity.INFO: 2,
}
_PLACEMENT_ORDER = {Disclaimer.Placement.TOP: 0, Disclaimer.Placement.BOTTOM: 1}


def _display_order(disclaimer):
    return (
        _PLACEMENT_ORDER.get(disclaimer.placement, 9),
        _SEVERITY_ORDER.get(disclaimer.severity, 9),
        disclaimer.key,
    )

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
``needing_rereview`` until a new revision is approved and
published.
"""

import re
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Q, TextField
from django.db.models.functions import Cast

from articles.claims import CATEGORY_LABELS
from articles.domain.text_parts import content_parts, joined_text
from articles.models import ArticleRevision, ClaimFlag, Disclaimer, RevisionDisclaimer, RevisionTopic


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


def required_disclaimers(topics, claim_categories, *, text="", disclaimers=None):
    """
    ``{disclaimer id: AppliedDisclaimer}`` for every active disclaimer whose
    rules match an article in ``topics`` (Topic objects) whose text has claims
    in ``claim_categories``. A topic also applies when ``text`` mentions one
    of its ``mention_terms`` (an article about kratom carries the kratom
    disclaimers even if nobody tagged it "Kratom"). ``disclaimers`` are the
    active disclaimers with their topics, when the caller has them already.
    """
    topic_names = {topic.pk: topic.name for topic in topics}
    found = set(claim_categories)
    chosen = {}
    mentioned = {}
    if disclaimers is None:
        disclaimers = Disclaimer.objects.active().prefetch_related("topics")
    for disclaimer in disclaimers:
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
    applies to it (for every article, by topic, by a mention of a topic's
    terms in its text, or by claim category) that it does not carry.
    Readers keep seeing the approved page until it is re-reviewed.

    The rules are ``required_disclaimers``, the same function that chose
    the disclaimers at submission; this only gathers each live revision's
    topics, claim categories and (when some rule matches mentions) text in a
    constant number of queries. Returns a queryset of those articles.
    """
    live = dict(articles.filter(live_revision__isnull=False).values_list("live_revision_id", "pk"))
    stale = {revision_id for revision_id, reasons in _rereview_reasons_by_revision(live) if reasons}
    return articles.filter(pk__in=[live[revision_id] for revision_id in stale])


def rereview_reasons(article):
    """Why ``article``'s live page needs a new review, as sentences for publishers; empty if it does not."""
    if article.live_revision_id is None:
        return []
    return next(iter(_rereview_reasons_by_revision([article.live_revision_id])))[1]


def _rereview_reasons_by_revision(revision_ids):
    """``(revision id, [reason, ...])`` for each live revision in ``revision_ids``."""
    revision_ids = list(revision_ids)
    if not revision_ids:
        return
    active = list(Disclaimer.objects.active().prefetch_related("topics"))
    by_pk = {disclaimer.pk: disclaimer for disclaimer in active}
    carried = defaultdict(dict)
    for revision_id, disclaimer_id, version in RevisionDisclaimer.objects.filter(
        revision_id__in=revision_ids
    ).values_list("revision_id", "disclaimer_id", "version"):
        carried[revision_id][disclaimer_id] = version
    topics = defaultdict(list)
    for link in RevisionTopic.objects.filter(revision_id__in=revision_ids).select_related("topic"):
        topics[link.revision_id].append(link.topic)
    categories = defaultdict(set)
    for revision_id, category in ClaimFlag.objects.filter(revision_id__in=revision_ids).values_list(
        "revision_id", "category"
    ).distinct():
        categories[revision_id].add(category)
    texts = _texts_mentioning_terms(revision_ids, active)
    for revision_id in revision_ids:
        frozen = carried[revision_id]
        reasons = [
            f"“{by_pk[disclaimer_id].title}” has changed since this page was approved "
            f"(version {version} → {by_pk[disclaimer_id].version})."
            for disclaimer_id, version in frozen.items()
            if disclaimer_id in by_pk and version < by_pk[disclaimer_id].version
        ]
        required = required_disclaimers(
            topics[revision_id], categories[revision_id], text=texts.get(revision_id, ""), disclaimers=active
        )
        reasons += [
            f"“{applied.disclaimer.title}” now applies ({'; '.join(applied.reasons)}) "
            "but the live page does not carry it."
            for disclaimer_id, applied in required.items()
            if disclaimer_id not in frozen
        ]
        yield revision_id, reasons


_SAFE_TERM = re.compile(r"[A-Za-z0-9 \-]+")


def _texts_mentioning_terms(revision_ids, disclaimers):
    """
    The text of each revision that may mention a term of a topic some rule
    names. The database narrows by substring; ``required_disclaimers``
    then applies the real rule (whole words) to the text.
    """
    terms = {
        term.strip()
        for disclaimer in disclaimers
        for topic in disclaimer.topics.all()
        for term in topic.mention_terms.splitlines()
        if term.strip()
    }
    if not terms:
        return {}
    candidates = ArticleRevision.objects.filter(pk__in=revision_ids)
    if all(_SAFE_TERM.fullmatch(term) for term in terms):
        # Stored JSON escapes other characters, so only plain terms can be searched in it.
        mentions = Q()
        for term in terms:
            for name in ("title", "summary", "standfirst", "conclusion", "sections_text"):
                mentions |= Q(**{f"{name}__icontains": term})
        candidates = candidates.annotate(sections_text=Cast("sections", TextField())).filter(mentions)
    return {revision.pk: joined_text(content_parts(revision.content())) for revision in candidates}


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

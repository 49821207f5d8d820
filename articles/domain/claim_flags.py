"""
Risky claims in an article's text: where the detector (the ``articles.claims`` library)
finds them, and how they are stored per revision.

Three readers of this module:

- the writer, who sees the flags on the working copy before submitting
  (``scan_working_copy``; ``working_copy_disclaimers`` shows what those
  claims will add to the page);
- the reviewer, who sees each flag of a revision in context
  (``flags_for_review``) and accepts it with ``actions.resolve_claim`` or
  sends the revision back with ``actions.request_changes``;
- the workflow, which at submission scans exactly the text it freezes
  (``freeze_with_claims``), resolves the disclaimers from the claims found in
  that text, and stores one ``ClaimFlag`` per claim (``record_flags``).

Offsets: ``start``/``end`` (and ``sentence_start``) index into the text of one
part of the article: the title, key takeaways, introduction, a section's
heading or body, or the conclusion. ``section_index`` is the 0-based index of
the section in reading order (``revision.sections[section_index]``).
"""

from dataclasses import dataclass

from articles import policy
from articles.claims import CATEGORY_LABELS, Claim
from articles.claims.combined import scan
from articles.domain.disclaimers import applicable_disclaimers, explain_disclaimers
from articles.domain.snapshots import freeze
from articles.domain.text_parts import content_parts, joined_text, working_copy_parts
from articles.models import ClaimFlag
from articles.models.claims import REFERENCE_REQUIRED_CATEGORIES, describe_location


@dataclass(frozen=True)
class FoundClaim:
    """A claim the detector found, and where: which part of the article, which section."""

    field: str
    section_index: int | None
    heading: str
    claim: Claim
    sentence: str

    @property
    def category(self):
        return self.claim.category

    @property
    def category_label(self):
        return CATEGORY_LABELS.get(self.claim.category, self.claim.category)

    @property
    def start(self):
        return self.claim.start

    @property
    def end(self):
        return self.claim.end

    @property
    def text(self):
        return self.claim.text

    @property
    def explanation(self):
        return self.claim.explanation

    @property
    def detector(self):
        return self.claim.detector

    @property
    def sentence_start(self):
        return self.claim.sentence_start

    @property
    def needs_reference(self):
        return self.claim.category in REFERENCE_REQUIRED_CATEGORIES

    @property
    def location(self):
        """Where a person finds it: "Title", "Section 2 “Dosage”", ..."""
        return describe_location(self.field, self.section_index, self.heading)

    def sentence_parts(self):
        """The sentence split around the flagged words: (before, flagged, after)."""
        offset = self.claim.start - self.claim.sentence_start
        length = self.claim.end - self.claim.start
        return (
            self.sentence[:offset],
            self.sentence[offset : offset + length],
            self.sentence[offset + length :],
        )


def scan_parts(parts, *, live=False):
    """
    Every claim in ``parts`` (``TextPart`` objects), in reading order.
    ``live=True`` for the writer's feedback: unchanged lines come from a cache
    (same claims, see ``articles.claims.combined``).
    """
    found = []
    for part in parts:
        if not part.text:
            continue
        for claim in scan(part.text, live=live):
            found.append(
                FoundClaim(
                    field=part.field,
                    section_index=part.section_index,
                    heading=part.heading,
                    claim=claim,
                    sentence=part.text[claim.sentence_start : claim.sentence_end],
                )
            )
    return found


def scan_working_copy(article):
    """
    The writer's live feedback: every risky claim in the working copy now,
    so it can be fixed before a reviewer sees it. Nothing is stored.
    """
    return scan_parts(working_copy_parts(article), live=True)


def scan_revision_content(content):
    """Every risky claim in a revision's content, with offsets into the stored text."""
    return scan_parts(content_parts(content))


def categories_of(found):
    """The claim categories present, sorted (what disclaimer rules match on)."""
    return sorted({claim.category for claim in found})


def working_copy_disclaimers(article):
    """
    The disclaimers the working copy would carry if submitted now, with the
    reasons each applies (``articles.domain.disclaimers.AppliedDisclaimer``).
    """
    parts = list(working_copy_parts(article))
    return explain_disclaimers(
        article,
        claim_categories=categories_of(scan_parts(parts, live=True)),
        text=joined_text(parts),
    )


def freeze_with_claims(article):
    """
    Freeze the working copy for a new revision and scan exactly the frozen
    text. Returns ``(content, found)``: the content's disclaimers are the ones
    the rules require given the claims found in that same text, so what the
    reviewer approves is what readers will see.
    """
    content = freeze(article)
    parts = list(content_parts(content))
    found = scan_parts(parts)
    content["disclaimers"] = [
        d.snapshot()
        for d in applicable_disclaimers(
            article, claim_categories=categories_of(found), text=joined_text(parts)
        )
    ]
    return content, found


def flags_for_review(revision):
    """
    The revision's flags in reading order, each with its resolution (if any)
    and resolver loaded and ``flag.revision`` set, so a review page can show
    ``location``, ``sentence_parts()`` and ``part_text()`` without a query per flag.
    """
    flags = list(revision.claim_flags.with_resolution())
    for flag in flags:
        flag.revision = revision
    return flags


@dataclass
class SentenceCard:
    """
    Every flag (or found claim) in one sentence of one part of the article:
    what a reviewer decides once and a writer rewords once. The decision is
    still recorded per flag (``actions.resolve_claims``).
    """

    flags: list

    @property
    def first(self):
        return self.flags[0]

    @property
    def anchor(self):
        """The card's fragment id on the review page: ``flag-<pk of its first flag>``."""
        return f"flag-{self.first.pk}"

    @property
    def location(self):
        return self.first.location

    @property
    def categories(self):
        """Category labels in the order first flagged, each once."""
        return list(dict.fromkeys(flag.category_label for flag in self.flags))

    @property
    def needs_reference(self):
        return any(flag.needs_reference for flag in self.flags)

    @property
    def reference_categories(self):
        """Labels of the card's categories that can be accepted only by citing a reference."""
        return list(dict.fromkeys(flag.category_label for flag in self.flags if flag.needs_reference))

    @property
    def open_flags(self):
        return [flag for flag in self.flags if not flag.is_resolved]

    @property
    def accepted_flags(self):
        """Flags accepted in this revision (not carried forward)."""
        return [flag for flag in self.flags if hasattr(flag, "resolution")]

    @property
    def carried_flags(self):
        return [flag for flag in self.flags if flag.is_carried]

    @property
    def is_open(self):
        return bool(self.open_flags)

    @property
    def is_carried(self):
        """Every flag on the card arrived accepted from an earlier revision."""
        return all(flag.is_carried for flag in self.flags)

    @property
    def explanations(self):
        """Each distinct explanation once, with its category label: ``[(label, text)]``."""
        seen = {}
        for flag in self.flags:
            seen.setdefault(flag.explanation, flag.category_label)
        return [(label, text) for text, label in seen.items()]

    def segments(self):
        """
        The sentence as ``[(text, flagged)]`` pieces, every flagged phrase
        marked (overlapping phrases merged into one mark).
        """
        sentence = self.first.sentence
        origin = self.first.sentence_start
        spans = sorted(
            (max(0, flag.start - origin), min(len(sentence), flag.end - origin)) for flag in self.flags
        )
        merged = []
        for start, end in spans:
            if merged and start <= merged[-1][1]:
                merged[-1][1] = max(merged[-1][1], end)
            else:
                merged.append([start, end])
        pieces, position = [], 0
        for start, end in merged:
            if start > position:
                pieces.append((sentence[position:start], False))
            pieces.append((sentence[start:end], True))
            position = end
        if position < len(sentence):
            pieces.append((sentence[position:], False))
        return pieces


def by_sentence(flags):
    """
    Group ``flags`` (``ClaimFlag`` or ``FoundClaim``, in reading order) into
    one ``SentenceCard`` per sentence, in reading order: "non-addictive" and
    "safe for everyone" in one sentence make one card, whatever their categories.
    """
    cards = {}
    for flag in flags:
        key = (flag.field, flag.section_index, flag.sentence_start, flag.sentence)
        cards.setdefault(key, []).append(flag)
    return [SentenceCard(group) for group in cards.values()]


def record_flags(revision, found):
    """
    Store ``found`` as the revision's claim flags, in reading order. Only the
    workflow calls this, while it creates the revision. A claim identical to
    one accepted in an earlier revision of the article arrives accepted
    (``carried_acceptances``).
    """
    carried = carried_acceptances(revision, found)
    return ClaimFlag.objects.bulk_create(
        ClaimFlag(
            revision=revision,
            carried_from=carried.get(_claim_key(claim)),
            field=claim.field,
            section_index=claim.section_index,
            category=claim.category,
            start=claim.start,
            end=claim.end,
            text=claim.text,
            sentence=claim.sentence,
            sentence_start=claim.claim.sentence_start,
            explanation=claim.explanation,
            detector=claim.claim.detector,
        )
        for claim in found
    )


def _claim_key(claim):
    """What makes two flags the same claim: the flagged words, their sentence and the category."""
    return (claim.sentence, claim.text, claim.category)


def carried_acceptances(revision, found):
    """
    ``{claim key: ClaimResolution}`` for the claims in ``found`` that were
    accepted the last time they appeared in an earlier revision of the same
    article, so the reviewer need not accept unchanged sentences again.

    The latest earlier revision with the identical claim decides: if a
    reviewer reopened the carried acceptance there (or it was never
    accepted), nothing is carried. An acceptance is not carried when its
    reviewer counts as an author of the new revision, is no longer an active
    medical reviewer, or cited a reference whose entry differs in the new
    revision (reference numbers can move when references are reordered).
    """
    wanted = {_claim_key(claim) for claim in found}
    if not wanted:
        return {}
    earlier = (
        ClaimFlag.objects.filter(
            revision__article_id=revision.article_id,
            revision__number__lt=revision.number,
            sentence__in={key[0] for key in wanted},
        )
        .select_related(
            "revision", "resolution__resolved_by", "carried_from__resolved_by",
            "carried_from__flag__revision", "reopening",
        )
        .order_by("revision__number", "pk")
    )
    latest = {}
    for flag in earlier:
        key = _claim_key(flag)
        if key in wanted:
            latest[key] = flag.acceptance
    authors = revision.author_ids
    references = {reference["number"]: reference for reference in revision.references}
    active = {}
    carried = {}
    for key, acceptance in latest.items():
        if acceptance is None or acceptance.resolved_by_id in authors:
            continue
        resolver = acceptance.resolved_by
        if resolver.pk not in active:
            active[resolver.pk] = policy.reviewer_profile(resolver) is not None
        if not active[resolver.pk]:
            continue
        if acceptance.reference_number is not None:
            cited = {
                reference["number"]: reference for reference in acceptance.flag.revision.references
            }.get(acceptance.reference_number)
            if cited is None or references.get(acceptance.reference_number) != cited:
                continue
        carried[key] = acceptance
    return carried

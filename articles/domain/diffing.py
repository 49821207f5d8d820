"""
What changed between two versions of an article's content.

Works on revision content (``ArticleRevision.content()`` or
``snapshots.freeze()``), so the same code compares two revisions for a
reviewer and the stored working copy with an editor's unsaved form after an
edit conflict. Text is compared word by word on the Markdown source, which is
what the writers typed; the rendered page is shown beside it.

Sections are matched by heading first (a section that moved or was renamed
is still recognised by its position among the unmatched ones), so a new
section in the middle does not make every later section look changed.
"""

import difflib
import re
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import mark_safe

UNCHANGED, CHANGED, ADDED, REMOVED = "unchanged", "changed", "added", "removed"

TEXT_FIELDS = (
    ("title", "Title"),
    ("slug", "Address (slug)"),
    ("summary", "Key takeaways"),
    ("standfirst", "Introduction"),
    ("conclusion", "Conclusion"),
)

_TOKEN_RE = re.compile(r"\s+|\w+|[^\w\s]", re.UNICODE)
#: Below this similarity two texts are shown whole, one after the other.
_REWRITE_RATIO = 0.4


@dataclass
class TextDiff:
    name: str
    label: str
    old: str
    new: str

    @property
    def status(self):
        if self.old == self.new:
            return UNCHANGED
        if not self.old:
            return ADDED
        if not self.new:
            return REMOVED
        return CHANGED

    @property
    def changed(self):
        return self.status != UNCHANGED

    @property
    def html(self):
        return inline_diff(self.old, self.new)


@dataclass
class SectionDiff:
    status: str
    old_index: int | None
    new_index: int | None
    old: dict | None
    new: dict | None
    #: Reviewers' notes on this section, when shown on the review page.
    notes: list = field(default_factory=list)
    #: Notes written on this section in the previous revision (what the writers were answering).
    earlier_notes: list = field(default_factory=list)

    @property
    def changed(self):
        return self.status != UNCHANGED

    @property
    def heading(self):
        return (self.new or self.old)["heading"]

    @property
    def number(self):
        """1-based position in the newer version (or the older, if removed)."""
        index = self.new_index if self.new_index is not None else self.old_index
        return index + 1

    @property
    def heading_html(self):
        return inline_diff(_get(self.old, "heading"), _get(self.new, "heading"))

    @property
    def body_html(self):
        return inline_diff(_get(self.old, "body"), _get(self.new, "body"))


@dataclass
class ListDiff:
    label: str
    added: list = field(default_factory=list)
    removed: list = field(default_factory=list)
    kept: list = field(default_factory=list)

    @property
    def changed(self):
        return bool(self.added or self.removed)


@dataclass
class ContentDiff:
    """Everything that differs between ``old`` (None for a new article) and ``new``."""

    old: dict | None
    new: dict
    texts: list
    sections: list
    lists: list

    @property
    def is_new(self):
        return self.old is None

    @property
    def changed(self):
        return (
            self.is_new
            or any(item.changed for item in self.texts)
            or any(section.changed for section in self.sections)
            or any(item.changed for item in self.lists)
        )

    @property
    def changed_texts(self):
        return [item for item in self.texts if item.changed]

    @property
    def changed_lists(self):
        return [item for item in self.lists if item.changed]

    @property
    def unchanged_section_count(self):
        return sum(1 for section in self.sections if not section.changed)


def diff_content(old, new):
    """Compare two revision-content dicts; ``old`` may be None (a new article)."""
    base = old or {}
    return ContentDiff(
        old=old,
        new=new,
        texts=[
            TextDiff(name, label, base.get(name, "") or "", new.get(name, "") or "")
            for name, label in TEXT_FIELDS
        ],
        sections=diff_sections(base.get("sections", []), new.get("sections", [])),
        lists=[
            _list_diff(label, _items(base, key), _items(new, key), describe)
            for key, label, describe in _LISTS
            if old is None or key in new
        ],
    )


def diff_revisions(old_revision, new_revision):
    """Compare two revisions (``old_revision`` may be None: a new article)."""
    return diff_content(old_revision.content() if old_revision else None, new_revision.content())


def diff_sections(old_sections, new_sections):
    """
    Pair the sections of two versions: first by identical heading (in order),
    then the leftovers between two matched pairs position by position.
    """
    matcher = difflib.SequenceMatcher(
        a=[_key(s["heading"]) for s in old_sections],
        b=[_key(s["heading"]) for s in new_sections],
        autojunk=False,
    )
    result = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        if tag == "equal":
            for i, j in zip(range(i1, i2), range(j1, j2)):
                result.append(_pair(old_sections, new_sections, i, j))
            continue
        paired = min(i2 - i1, j2 - j1)
        for offset in range(paired):
            result.append(_pair(old_sections, new_sections, i1 + offset, j1 + offset))
        for i in range(i1 + paired, i2):
            result.append(SectionDiff(REMOVED, i, None, old_sections[i], None))
        for j in range(j1 + paired, j2):
            result.append(SectionDiff(ADDED, None, j, None, new_sections[j]))
    return result


def inline_diff(old, new):
    """
    Word-level diff of two plain strings as HTML: removed words in
    ``<del>``, added words in ``<ins>``. Everything is escaped first, so
    hostile text is shown, never interpreted.
    """
    old_tokens = _TOKEN_RE.findall(old or "")
    new_tokens = _TOKEN_RE.findall(new or "")
    matcher = difflib.SequenceMatcher(a=old_tokens, b=new_tokens, autojunk=False)
    if old_tokens and new_tokens and _word_similarity(old_tokens, new_tokens) < _REWRITE_RATIO:
        # A rewrite: interleaved word changes would be unreadable, so show
        # the old text, then the new.
        return mark_safe(f"<del>{escape(old)}</del>\n<ins>{escape(new)}</ins>")
    parts = []
    for tag, i1, i2, j1, j2 in matcher.get_opcodes():
        removed = escape("".join(old_tokens[i1:i2]))
        added = escape("".join(new_tokens[j1:j2]))
        if tag == "equal":
            parts.append(added)
            continue
        if removed:
            parts.append(f"<del>{removed}</del>")
        if added:
            parts.append(f"<ins>{added}</ins>")
    return mark_safe("".join(parts))


def _word_similarity(old_tokens, new_tokens):
    """How much of the wording two texts share (0 to 1), ignoring whitespace."""
    return difflib.SequenceMatcher(
        a=[token for token in old_tokens if not token.isspace()],
        b=[token for token in new_tokens if not token.isspace()],
        autojunk=False,
    ).ratio()


def _pair(old_sections, new_sections, i, j):
    old, new = old_sections[i], new_sections[j]
    status = UNCHANGED if (old["heading"], old["body"]) == (new["heading"], new["body"]) else CHANGED
    return SectionDiff(status, i, j, old, new)


def _key(heading):
    return " ".join(heading.lower().split())


def _get(section, key):
    return section[key] if section else ""


def _items(content, key):
    if key == "hero":
        return [content["hero"]] if content.get("hero") else []
    return content.get(key, [])


def _list_diff(label, old_items, new_items, describe):
    old_labels = [describe(item) for item in old_items]
    new_labels = [describe(item) for item in new_items]
    return ListDiff(
        label=label,
        added=[item for item in new_labels if item not in old_labels],
        removed=[item for item in old_labels if item not in new_labels],
        kept=[item for item in new_labels if item in old_labels],
    )


def _topic_label(topic):
    return topic["name"]


def _author_label(author):
    return author["name"]


def _reference_label(reference):
    locator = reference.get("doi") or reference.get("pmid") or reference.get("url") or ""
    return f"[{reference['number']}] {reference['title']} {locator}".strip()


def _disclaimer_label(disclaimer):
    return f"{disclaimer['title']} (v{disclaimer.get('version', 1)})"


def _hero_label(hero):
    return f"Image {hero.get('image_id')}: {hero.get('alt', '')}"


_LISTS = (
    ("topics", "Topics", _topic_label),
    ("authors", "Authors", _author_label),
    ("references", "References", _reference_label),
    ("disclaimers", "Disclaimers", _disclaimer_label),
    ("hero", "Hero image", _hero_label),
)


def review_baseline(revision):
    """
    The revision a reviewer compares ``revision`` with: the live revision if
    it is older, else the latest earlier approved revision; None for an
    article that was never approved ("new article").
    """
    article = revision.article
    live = article.live_revision if article.live_revision_id else None
    if live is not None and live.number < revision.number:
        return live
    return (
        article.revisions.approved()
        .filter(number__lt=revision.number)
        .order_by("-number")
        .first()
    )


#: What a reviewer does to a revision: any of these on an earlier revision means they read it.
_REVIEWING_ACTIONS = (
    "approved",
    "changes_requested",
    "claim_resolved",
    "claim_reopened",
    "claim_marked",
    "note_added",
)


@dataclass(frozen=True)
class Baseline:
    """The revision a review page compares with by default, and why it was chosen."""

    revision: object
    reason: str


def default_review_baseline(revision, viewer):
    """
    The most useful revision to compare ``revision`` with for ``viewer``:
    the latest earlier revision they reviewed (decided, accepted a claim on or
    wrote a note on), else the live revision if older, else the latest earlier
    approved one, else the latest earlier revision sent back for changes (a
    resubmission of an article never approved); a ``Baseline`` whose
    ``revision`` is None means "new article".
    """
    from articles.models import ReviewDecision, WorkflowEvent

    earlier = revision.article.revisions.filter(number__lt=revision.number)
    reviewed = (
        WorkflowEvent.objects.filter(
            revision__in=earlier, actor_id=getattr(viewer, "pk", None), action__in=_REVIEWING_ACTIONS
        )
        .select_related("revision")
        .order_by("-revision__number")
        .first()
    )
    if reviewed is not None:
        return Baseline(reviewed.revision, "the revision you last reviewed")
    baseline = review_baseline(revision)
    if baseline is not None:
        live = baseline.pk == revision.article.live_revision_id
        return Baseline(baseline, "what readers see now" if live else "the last approved")
    sent_back = (
        earlier.filter(decision__outcome=ReviewDecision.Outcome.CHANGES_REQUESTED).order_by("-number").first()
    )
    if sent_back is not None:
        return Baseline(sent_back, "the last one sent back for changes")
    return Baseline(None, "nothing: new article")


def place_earlier_notes(diff, notes, earlier_sections):
    """
    Put each note written on a section of an earlier revision beside the same
    section of the diff's newer version (sections matched as ``diff_sections``
    matches them). Returns the notes that found no place: those on the whole
    article and those on a section since removed.
    """
    new_sections = diff.new.get("sections", [])
    new_index_of = {
        pair.old_index: pair.new_index
        for pair in diff_sections(earlier_sections, new_sections)
        if pair.old_index is not None and pair.new_index is not None
    }
    by_new_index = {section.new_index: section for section in diff.sections if section.new_index is not None}
    unplaced = []
    for note in notes:
        section = by_new_index.get(new_index_of.get(note.section_index))
        if section is None:
            unplaced.append(note)
        else:
            section.earlier_notes.append(note)
    return unplaced

"""
Importing plain-text drafts as draft articles.

``import_draft`` turns one draft (a :class:`DraftSource` to read, or a draft
``articles.importing.parser`` already parsed) into a draft ``Article``;
``import_drafts`` does it for a batch, one transaction per file. The
management command, the admin upload and the demo call these and nothing
else.

Imported articles are working copies only: nothing is submitted or
published, so the text still needs a medical review before any reader sees
it. The working copy is written the way every editor save is:
``save_working_copy`` (``edit_version`` goes up once, so an editor
who loaded the article before the import gets the edit-conflict refusal;
``last_edited_by`` is the importing user) and the same action for the
sections. The importing user and the draft's author both become pending
editors, so both count as authors of the next revision and neither may
approve it.

Rules
-----

*Author.* ``author`` (a writer) is the author of drafts without an
``author:`` line; a draft's own line wins. Only active writers author
articles.

*Topics.* ``topics`` (Topic objects) are added to each draft's ``topics:``.
Unknown names are refused rather than created.

*Slug.* The ``slug:`` line, else the title slugified. When an article
already has it, the draft is refused, or with ``update`` re-imported into
that article. A slug used by a live page is refused.

*Untitled drafts.* A provisional title (no ``title:`` or ``slug:`` line)
names no article, and several drafts may open with the same heading. Such a
draft is recognised as already imported when an article with its slug, or
its slug plus -2, -3 ..., has exactly its text: running the same import
twice is refused rather than duplicating articles (``update`` re-imports it,
a no-op). Otherwise it gets the first free slug of that series; ``update``
refuses it when the plain slug is taken by another text rather than guess
which article it is.

*Re-import.* Refused for an article that is live, scheduled or has a
revision in review: readers, or the reviewer, are looking at that text, and
only the workflow may change what they see. The title is replaced unless
the file's is provisional, the slug when the file names one, the topics when
the import names any; the author is added to the authors. Earlier revisions
are immutable and stay as they are.

*Duplicate titles.* A draft whose title another article already has is
imported, with a warning naming that article, so the two can be told apart
before review.

Within one batch no two drafts may claim the same article, and a dry run
reports what the real run would do. Every refusal raises
:class:`DraftImportError`, naming the file and line and what to do, and
writes nothing.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from django.contrib.auth import get_user_model
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import IntegrityError, transaction
from django.utils.text import slugify

from articles import policy
from articles.actions import editing
from articles.domain.claim_flags import scan_working_copy
from articles.errors import ActionError, NotPermitted
from articles.importing.parser import DraftParseError, ParsedDraft, decode_draft, parse_draft
from articles.importing.sources import DraftSource
from articles.models import Article, Section, Topic

__all__ = [
    "DraftImportError",
    "ImportAction",
    "ImportOutcome",
    "ImportRun",
    "import_draft",
    "import_drafts",
    "resolve_author",
    "resolve_topics",
    "unique_article_slug",
]


class DraftImportError(DraftParseError, ActionError):
    """A draft that cannot be imported, naming its file and line and what to do.

    It cannot be parsed, its author or a topic is unknown, its slug belongs
    to another article, or an update would touch an article that is live,
    scheduled or in review.
    """

    @classmethod
    def from_parse_error(cls, error: DraftParseError) -> DraftImportError:
        return cls(error.source_name, error.line, error.problem, error.hint)


class ImportAction(StrEnum):
    CREATED = "created"
    UPDATED = "updated"
    WOULD_CREATE = "would create"
    WOULD_UPDATE = "would update"
    FAILED = "failed"


@dataclass
class ImportOutcome:
    """What happened to one draft.

    ``describe()`` is the line the command and the admin show; it starts with
    the outcome ("created", "failed") because the admin capitalises the first
    letter of messages, which must not alter a file name.
    """

    source_name: str
    action: ImportAction
    #: The imported article (not saved on a dry run); None when the draft failed.
    article: Any = None
    sections: int = 0
    has_summary: bool = False
    warnings: list[str] = field(default_factory=list)
    error: DraftParseError | None = None
    #: Risky claims the detector flags in the imported working copy; None on a dry run.
    claims: int | None = None

    @property
    def failed(self) -> bool:
        return self.error is not None

    def describe(self) -> str:
        if self.error is not None:
            where = self.error.source_name
            if self.error.line is not None:
                where += f", line {self.error.line}"
            return f"failed, nothing imported: {where}: {self.error.message}"
        details = [
            f"{self.sections} section{'' if self.sections == 1 else 's'}",
            "summary" if self.has_summary else "no summary",
        ]
        if self.claims is not None:
            details.append(f"{self.claims} risky claim{'' if self.claims == 1 else 's'} flagged")
        return (
            f"{self.action} draft “{self.article.title}” from {self.source_name} "
            f"(slug {self.article.slug}; {', '.join(details)})"
        )


class ImportRun:
    """What the drafts of one batch share: the slugs and texts they claimed, authors and topics looked up."""

    def __init__(self):
        self.claimed: dict[str, str] = {}  # slug -> the draft of this run that claimed it
        self.claimed_texts: dict[tuple, str] = {}  # (slug root, text) of untitled drafts -> draft
        self.titles: dict[str, str] = {}  # case-folded title -> the first draft of this run with it
        self._authors: dict[str, Any] = {}
        self._topic_index: _TopicIndex | None = None

    def author_for(self, parsed: ParsedDraft, default):
        if parsed.author is None:
            return default
        if parsed.author not in self._authors:
            self._authors[parsed.author] = resolve_author(
                parsed.author, source_name=parsed.source_name, line=parsed.front_matter_lines.get("author")
            )
        return self._authors[parsed.author]

    def topics_for(self, parsed: ParsedDraft, default) -> list:
        if not parsed.topics:
            return list(default)
        if self._topic_index is None:
            self._topic_index = _TopicIndex()
        own = self._topic_index.find(
            parsed.topics, source_name=parsed.source_name, line=parsed.front_matter_lines.get("topics")
        )
        return list(dict.fromkeys([*default, *own]))


def require_import_permission(user) -> None:
    """Raise ``NotPermitted`` unless ``user`` may import drafts (the policy decides)."""
    if not policy.can(user, policy.IMPORT):
        raise NotPermitted(
            f"{_name(user)} cannot import drafts: importing creates and replaces working copies, "
            "which only members of the Writers group can do. Ask an administrator to add you to it."
        )


def import_draft(
    source: DraftSource | ParsedDraft,
    *,
    by,
    author=None,
    topics=(),
    update: bool = False,
    dry_run: bool = False,
    into: Article | None = None,
    run: ImportRun | None = None,
) -> ImportOutcome:
    """Import one draft on behalf of ``by`` and return what happened.

    ``source`` is a :class:`DraftSource` to read and parse, or a parsed
    draft. ``into`` re-imports into that article whatever the draft's slug
    (as ``update`` would into the article with its slug). ``run`` shares
    claimed slugs and lookups between the drafts of one batch.

    Raises ``NotPermitted`` when ``by`` may not import, and
    :class:`DraftImportError` (naming the file and line) when the draft
    cannot be imported; either way nothing is written.
    """
    require_import_permission(by)
    run = run or ImportRun()
    parsed = source if isinstance(source, ParsedDraft) else _read_and_parse(source)
    author = run.author_for(parsed, author)
    topics = run.topics_for(parsed, topics)
    importer = _Importer(by=by, author=author, topics=topics, update=update, dry_run=dry_run, run=run)
    try:
        with transaction.atomic():
            if into is not None:
                existing, slug, warnings = into, into.slug, []
            else:
                existing, slug, warnings = importer.target(parsed)
            if existing is not None:
                outcome = importer.reimport(existing, parsed)
            else:
                outcome = importer.create(parsed, slug)
    except IntegrityError as exc:
        raise DraftImportError(
            parsed.source_name,
            None,
            f"the database refused the article ({exc}); another import or edit probably saved "
            "an article with the same slug at the same moment",
            "Import this draft again.",
        ) from None
    outcome.warnings.extend(warnings)
    outcome.warnings.extend(
        _duplicate_title_warnings(outcome.article, run, dry_run=dry_run, source_name=parsed.source_name)
    )
    if not dry_run:
        # Nothing is stored: claim flags belong to revisions and are recorded at
        # submission. The count tells the writer at once what the reviewer will see.
        outcome.claims = len(scan_working_copy(outcome.article))
    return outcome


def import_drafts(
    sources: Iterable[DraftSource], *, by, author=None, topics=(), update: bool = False, dry_run: bool = False
) -> Iterator[ImportOutcome]:
    """Import each source in turn, each in its own transaction, yielding its outcome as soon as it is known.

    A draft that cannot be imported gives a failed outcome (its ``error``
    says why) and never stops the others. ``NotPermitted`` is raised before
    anything is read when ``by`` may not import.
    """
    require_import_permission(by)
    run = ImportRun()
    options = dict(by=by, author=author, topics=list(topics), update=update, dry_run=dry_run, run=run)

    def outcomes():
        for source in sources:
            try:
                yield import_draft(source, **options)
            except DraftImportError as error:
                yield ImportOutcome(error.source_name, ImportAction.FAILED, error=error)

    return outcomes()


def resolve_author(username: str, *, source_name: str, line: int | None = None):
    """The active member of the Writers group with this username.

    Only writers author articles: the author is who may later submit the
    article, and whom the review rules keep from approving it.
    """
    User = get_user_model()
    user = User.objects.filter(**{User.USERNAME_FIELD: username}).first()
    if user is None:
        raise DraftImportError(
            source_name, line, f"there is no user '{username}'", "Give the login name of a member of the Writers group."
        )
    if not policy.has(user, policy.EDIT):
        raise DraftImportError(
            source_name,
            line,
            f"'{username}' is not an active member of the Writers group, so cannot author an article",
            "Name a writer, or ask an administrator to add this user to the Writers group.",
        )
    return user


def resolve_topics(names, *, source_name: str, line: int | None = None) -> list:
    """The topics named by slug or by name (case-insensitive), in order, without repeats.

    Unknown names are refused rather than created: topics decide which
    disclaimers an article carries, so they are managed by publishers, and a
    typo must not quietly start a new topic.
    """
    return _TopicIndex().find(names, source_name=source_name, line=line)


def unique_article_slug(base: str, *, reserved=()) -> str:
    """``base`` slugified, with -2, -3 ... appended until no article uses it.

    A slug counts as used when an article's working copy has it, when a live
    page is at that address, or when it is in ``reserved``.
    """
    root = _slug_for(base)
    taken = _slugs_starting_with(root) | {slug for slug in reserved if slug.startswith(root)}
    candidate, counter = root, 2
    while candidate in taken:
        candidate = f"{root}-{counter}"
        counter += 1
    return candidate


def _read_and_parse(source: DraftSource) -> ParsedDraft:
    try:
        raw = source.read()
        return parse_draft(decode_draft(raw, source_name=source.name), source_name=source.name)
    except DraftImportError:
        raise
    except DraftParseError as error:
        raise DraftImportError.from_parse_error(error) from None
    except OSError as exc:
        raise DraftImportError(
            source.name,
            None,
            f"the file cannot be read ({exc.strerror or exc})",
            "Check that it exists and that you may read it.",
        ) from None


@dataclass
class _Importer:
    """One draft's import, with the options of its run."""

    by: Any
    author: Any
    topics: list
    update: bool
    dry_run: bool
    run: ImportRun

    def target(self, parsed: ParsedDraft):
        """Return (article to update or None, slug for a new article, warnings)."""
        line = parsed.front_matter_lines.get("slug") or parsed.front_matter_lines.get("title")
        if parsed.slug is None and parsed.title_is_provisional:
            return self._target_for_provisional_title(parsed)

        slug = parsed.slug or _slug_for(parsed.title)
        if slug in self.run.claimed:
            raise DraftImportError(
                parsed.source_name,
                line,
                f"{self.run.claimed[slug]}, earlier in this import, already uses the slug '{slug}'",
                "Give one of the two drafts another 'slug:' line.",
            )
        existing = Article.objects.filter(slug=slug).first()
        if existing is None:
            live = Article.objects.filter(live_revision__slug=slug).first()
            if live is not None:
                raise DraftImportError(
                    parsed.source_name,
                    line,
                    f"the address /articles/{slug}/ belongs to the live article “{live.title}”",
                    "Give this draft another 'slug:' line.",
                )
            return None, slug, []
        if not self.update:
            _require_editable_draft(existing, parsed)  # so the hint below never suggests a refused update
            raise DraftImportError(
                parsed.source_name,
                line,
                f"an article with the slug '{slug}' already exists (“{existing.title}”)",
                "Import with the update option (--update, or “Update drafts with the same slug” in the "
                "admin) to replace its text, or give this draft another 'slug:' line.",
            )
        return existing, slug, []

    def _target_for_provisional_title(self, parsed: ParsedDraft):
        """A draft named only by its first heading: recognise an earlier import of the same text."""
        base = _slug_for(parsed.title)
        text = _text_of(parsed)
        suffixed = re.compile(rf"{re.escape(base)}(?:-\d+)?")
        candidates = Article.objects.filter(
            slug__startswith=base,
            summary=parsed.summary,
            standfirst=parsed.standfirst,
            conclusion=parsed.conclusion,
        ).order_by("pk")
        earlier = next(
            (
                article
                for article in candidates
                if suffixed.fullmatch(article.slug)
                and list(article.sections.values_list("heading", "body")) == list(text[3])
            ),
            None,
        )
        claimed_by = self.run.claimed_texts.get((base, text)) or (earlier and self.run.claimed.get(earlier.slug))
        if claimed_by:
            raise DraftImportError(
                parsed.source_name,
                None,
                f"{claimed_by}, earlier in this import, has exactly the same text",
                "Import only one of the two files.",
            )
        self.run.claimed_texts[(base, text)] = parsed.source_name
        if earlier is not None:
            if self.update:
                return earlier, earlier.slug, []
            raise DraftImportError(
                parsed.source_name,
                None,
                f"this draft was already imported as “{earlier.title}” (slug {earlier.slug}), with the same text",
                "Nothing to do; to import it again as a separate article, add a 'title: ...' line.",
            )
        slug = unique_article_slug(base, reserved=self.run.claimed)
        if slug == base:
            return None, slug, []
        if self.update and base not in self.run.claimed:
            holder = Article.objects.filter(slug=base).first()
            raise DraftImportError(
                parsed.source_name,
                None,
                f"the slug '{base}' is taken"
                + (f" by “{holder.title}”" if holder else " by a live page")
                + ", and this draft has no 'title:' or 'slug:' line saying whether it is that article",
                f"Add 'slug: {base}' at the top to re-import into it, or a 'title: ...' line to import "
                "it as a new article.",
            )
        return None, slug, [f"the slug '{base}' is taken, so this draft gets '{slug}'"]

    def create(self, parsed: ParsedDraft, slug: str) -> ImportOutcome:
        article = Article(
            title=parsed.title,
            slug=slug,
            summary=parsed.summary,
            standfirst=parsed.standfirst,
            conclusion=parsed.conclusion,
            created_by=self.author or self.by,
        )
        sections = _sections_for(parsed)
        _validate(article, sections, parsed)
        self.run.claimed[slug] = parsed.source_name
        if self.dry_run:
            return _outcome(ImportAction.WOULD_CREATE, article, parsed)
        editing.save_working_copy(
            article,
            by=self.by,
            written_by=self._written_by(),
            sections=sections,
            topics=list(self.topics),
            authors=[self.author] if self.author is not None else None,
        )
        return _outcome(ImportAction.CREATED, article, parsed)

    def reimport(self, article, parsed: ParsedDraft) -> ImportOutcome:
        """Replace a draft's summary, intro, sections and conclusion with the draft file's (see the module docstring)."""
        warnings: list[str] = []
        if not self.dry_run:
            # Checked under the row lock the workflow also takes, so a submission or
            # publication cannot slip in between the check and the write.
            article = Article.objects.select_for_update().get(pk=article.pk)
        _require_editable_draft(article, parsed)
        if parsed.title_is_provisional:
            warnings.append(f"kept the title “{article.title}”: the draft has no 'title:' line")
        else:
            article.title = parsed.title
        if parsed.slug is not None:
            article.slug = parsed.slug
        article.summary = parsed.summary
        article.standfirst = parsed.standfirst
        article.conclusion = parsed.conclusion
        sections = _sections_for(parsed)
        _validate(article, sections, parsed)
        self.run.claimed[article.slug] = parsed.source_name
        if self.dry_run:
            outcome = _outcome(ImportAction.WOULD_UPDATE, article, parsed)
        else:
            # The version just read under the lock: a re-import replaces the text on
            # purpose, and the increment tells editors who loaded it earlier.
            editing.save_working_copy(
                article,
                by=self.by,
                expected_version=article.edit_version,
                written_by=self._written_by(),
                sections=sections,
                deleted=list(article.sections.all()),
                topics=list(self.topics) if self.topics else None,
                authors=[*article.authors.all(), self.author] if self.author is not None else None,
            )
            outcome = _outcome(ImportAction.UPDATED, article, parsed)
        outcome.warnings.extend(warnings)
        return outcome

    def _written_by(self) -> list:
        return [self.author] if self.author is not None else []


def _outcome(action: ImportAction, article, parsed: ParsedDraft) -> ImportOutcome:
    return ImportOutcome(
        source_name=parsed.source_name,
        action=action,
        article=article,
        sections=len(parsed.sections),
        has_summary=bool(parsed.summary),
        warnings=list(parsed.warnings),
    )


def _duplicate_title_warnings(article, run: ImportRun, *, dry_run: bool, source_name: str) -> list[str]:
    """Name the articles (and, on a dry run, the earlier drafts of this run) that already have this title."""
    others = list(Article.objects.titled(article.title).exclude(pk=article.pk).order_by("pk")[:4])
    named = [f"“{other.title}” (slug {other.slug})" for other in others[:3]]
    if len(others) > 3:
        named.append("others")
    earlier = run.titles.setdefault(article.title.casefold(), source_name)
    if dry_run and earlier != source_name:
        named.append(f"the draft {earlier}, earlier in this import")
    if not named:
        return []
    return [
        f"another article already has this title: {', '.join(named)}; give one of them a distinct "
        "title (a 'title: ...' line, or in the admin) so editors and readers can tell them apart"
    ]


class _TopicIndex:
    """Every topic by slug and by case-folded name, loaded once per import run."""

    def __init__(self):
        topics = list(Topic.objects.all())
        # Names first, so that a slug wins when it equals another topic's name.
        self._by_key: dict[str, Any] = {topic.name.casefold(): topic for topic in topics}
        self._by_key.update((topic.slug.casefold(), topic) for topic in topics)

    def find(self, names, *, source_name: str, line: int | None) -> list:
        found = []
        for name in names:
            key = _collapse(name).casefold()
            topic = self._by_key.get(key)
            if topic is None:
                close = difflib.get_close_matches(key, list(self._by_key), n=1, cutoff=0.7)
                suggestion = f"Did you mean '{self._by_key[close[0]].name}'? " if close else ""
                raise DraftImportError(
                    source_name,
                    line,
                    f"there is no topic '{name}'",
                    f"{suggestion}Name an existing topic by its name or slug; publishers add new topics.",
                )
            if topic not in found:
                found.append(topic)
        return found


def _slug_for(title: str) -> str:
    # Leave room for a -N suffix within the 200-character slug column.
    return slugify(title)[:190].strip("-") or "article"


def _slugs_starting_with(root: str) -> set[str]:
    """Slugs of working copies and of live pages that start with ``root``, in two queries."""
    own = Article.objects.filter(slug__startswith=root).values_list("slug", flat=True)
    live = Article.objects.filter(live_revision__slug__startswith=root).values_list("live_revision__slug", flat=True)
    return {*own, *live}


def _text_of(parsed: ParsedDraft) -> tuple:
    """Everything an untitled draft imports, comparable with an article's stored text."""
    sections = tuple((section.heading, section.body) for section in parsed.sections)
    return parsed.summary, parsed.standfirst, parsed.conclusion, sections


def _sections_for(parsed: ParsedDraft) -> list:
    return [
        Section(position=position, heading=section.heading, body=section.body)
        for position, section in enumerate(parsed.sections, start=1)
    ]


def _validate(article, sections: list, parsed: ParsedDraft) -> None:
    """Run the models' own validation before anything is written, naming the field at fault."""

    def problem(exc: ValidationError, what: str) -> tuple[str, str]:
        field_name, messages = next(iter(exc.message_dict.items()))
        if field_name == NON_FIELD_ERRORS:
            return field_name, f"{what} is not valid: {' '.join(messages)}"
        return field_name, f"{what} has an invalid {field_name.replace('_', ' ')}: {' '.join(messages)}"

    try:
        article.full_clean()
    except ValidationError as exc:
        field_name, message = problem(exc, "the article")
        raise DraftImportError(
            parsed.source_name,
            parsed.front_matter_lines.get(field_name),
            message,
            "Correct the draft and import it again.",
        ) from None
    for section in sections:
        try:
            section.full_clean(exclude=["article"], validate_unique=False, validate_constraints=False)
        except ValidationError as exc:
            _field, message = problem(exc, f"section {section.position} (“{_clip(section.heading)}”)")
            raise DraftImportError(
                parsed.source_name, None, message, "Correct the draft and import it again."
            ) from None


def _require_editable_draft(article, parsed: ParsedDraft) -> None:
    line = parsed.front_matter_lines.get("slug") or parsed.front_matter_lines.get("title")
    if article.live_revision_id is not None:
        raise DraftImportError(
            parsed.source_name,
            line,
            f"“{article.title}” ({article.slug}) is live, and an import never changes a published article",
            "Edit it in the admin and submit the change for medical review; readers keep seeing the "
            "approved text until the new revision is approved and published.",
        )
    if article.scheduled_revision_id is not None:
        raise DraftImportError(
            parsed.source_name,
            line,
            f"“{article.title}” ({article.slug}) is scheduled for publication, and an import never "
            "changes an article on its way to readers",
            "Ask a publisher to cancel the schedule, or edit it in the admin and submit the change for review.",
        )
    pending = article.revisions.in_review().first()
    if pending is not None:
        raise DraftImportError(
            parsed.source_name,
            line,
            f"revision {pending.number} of “{article.title}” ({article.slug}) is in medical review",
            "Wait for the reviewer's decision or withdraw the revision, then import again.",
        )


def _collapse(text: str) -> str:
    return " ".join(text.split())


def _clip(text: str, limit: int = 60) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _name(user) -> str:
    if user is None or not getattr(user, "is_authenticated", False):
        return "An anonymous visitor"
    return user.get_full_name() or user.get_username()

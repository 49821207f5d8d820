"""
Saving the working copy: optimistic concurrency and section/reference order.

Two editors can open the same article at once. Each form carries the
article's ``edit_version`` as it was when the form was loaded; a save is
accepted only if that is still the stored version, and every accepted save
increments it. A stale save raises ``EditConflict`` naming who saved in
between, and changes nothing, so neither person's text is lost: the other
person's is in the database, and the caller still holds its own.

Sections and references are numbered by ``position``, unique per article.
Reordering them in place would collide with that constraint midway (moving
section 2 to 1 while 1 still exists), so saving first moves every row
out of the way and then numbers them 1..n in one transaction.
"""

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from articles import policy
from articles.claims.normalise import find_bidi_control
from articles.domain.snapshots import freeze
from articles.errors import ActionError, InvalidInput
from articles.models import Article
from articles.models.validators import bidi_refusal


class EditConflict(ActionError):
    """The article was saved by someone else after this editor loaded it."""

    def __init__(self, article, *, expected_version, current_version, edited_by, edited_at):
        self.article = article
        self.expected_version = expected_version
        self.current_version = current_version
        self.edited_by = edited_by
        self.edited_at = edited_at
        who = _display_name(edited_by) if edited_by else "Someone else"
        when = timezone.localtime(edited_at).strftime("%H:%M on %d %b %Y") if edited_at else ""
        super().__init__(
            f"{who} saved “{article.title}” at {when} while you were editing it, so your "
            "changes were not saved. Nothing is lost: your text is still in the form, and "
            "their version is shown below. Compare the two, keep what you need from theirs, "
            "then save again to replace their version with yours."
        )


def check_edit_version(article, *, expected_version):
    """
    Lock the article row and refuse if its ``edit_version`` is no longer
    ``expected_version``. Call inside the transaction that will save, so the
    check and the save cannot be separated by another editor's save.
    """
    current = (
        Article.objects.select_for_update(of=("self",))
        .select_related("last_edited_by")
        .only("pk", "title", "edit_version", "updated_at", "last_edited_by")
        .get(pk=article.pk)
    )
    if expected_version != current.edit_version:
        raise EditConflict(
            current,
            expected_version=expected_version,
            current_version=current.edit_version,
            edited_by=current.last_edited_by,
            edited_at=current.updated_at,
        )
    return current


def save_working_copy(
    article,
    *,
    by,
    expected_version=None,
    topics=None,
    authors=None,
    extra_disclaimers=None,
    sections=None,
    references=None,
    deleted=(),
    written_by=(),
):
    """
    Save the working copy on behalf of ``by``: its own fields, and where
    given its topics, authors and extra disclaimers (lists of rows) and its
    sections and references (rows in their new order; ``deleted`` rows are
    removed). For an existing article ``expected_version`` is required: the
    save is refused with ``EditConflict`` if someone saved since that version
    was loaded, and otherwise increments ``edit_version`` once. ``by`` joins
    the article's pending editors, and so does everyone in ``written_by``
    (users whose text the save brings in besides ``by``, such as an imported
    draft's named author): all of them count as authors of the next revision
    and can never review it. Saving never changes what readers see.
    """
    policy.require(by, policy.CREATE if article.pk is None else policy.EDIT, article)
    _refuse_bidi_controls(article, sections, references)
    with transaction.atomic():
        if article.pk is None:
            article.created_by = article.created_by or by
            article.edit_version = 1
        else:
            if expected_version is None:
                raise ValueError("expected_version is required when saving an existing article")
            current = check_edit_version(article, expected_version=expected_version)
            article.edit_version = current.edit_version + 1
        article.last_edited_by = by
        article.save()
        for name, rows in (("topics", topics), ("authors", authors), ("extra_disclaimers", extra_disclaimers)):
            if rows is not None:
                getattr(article, name).set(rows)
        for related_name, rows in (("sections", sections), ("references", references)):
            if rows is not None:
                model = getattr(article, related_name).model
                _arrange(article, related_name, rows, deleted=[row for row in deleted if isinstance(row, model)])
        article.pending_editors.add(by, *written_by)
    return article


#: The writer's fields, as the refusals name them.
ARTICLE_TEXT_FIELDS = {
    "title": "The title",
    "summary": "The key takeaways",
    "standfirst": "The introduction",
    "conclusion": "The conclusion",
    "change_summary": "The change summary",
}
ROW_TEXT_FIELDS = {
    "sections": ("Section", {"heading": "heading", "body": "text"}),
    "references": ("Reference", {"title": "title", "url": "URL", "doi": "DOI", "pmid": "PMID"}),
}


def _refuse_bidi_controls(article, sections, references):
    """
    Refuse text with a right-to-left override, embedding or isolate
    (``articles.claims.normalise.BIDI_CONTROLS``): it displays in another order
    than it is stored, so a reviewer and a reader could read different words.
    The refusal names the field and where the character is.
    """
    for name, what in ARTICLE_TEXT_FIELDS.items():
        control = find_bidi_control(getattr(article, name, "") or "")
        if control is not None:
            raise InvalidInput(bidi_refusal(what, control))
    for related_name, rows in (("sections", sections), ("references", references)):
        label, fields = ROW_TEXT_FIELDS[related_name]
        for number, row in enumerate(rows or (), start=1):
            for name, what in fields.items():
                control = find_bidi_control(getattr(row, name, "") or "")
                if control is not None:
                    raise InvalidInput(bidi_refusal(f"{label} {number}'s {what}", control))


#: The most sections and references one article may have. Past these an
#: article is several articles; the limits also keep the change form (one
#: editor per section) quick to load and under DATA_UPLOAD_MAX_NUMBER_FIELDS.
MAX_ROWS = {"sections": 100, "references": 200}


def rows_over_limit(article):
    """{"sections" or "references": how many the article has} for each past ``MAX_ROWS``."""
    counts = {related_name: getattr(article, related_name).count() for related_name in MAX_ROWS}
    return {related_name: count for related_name, count in counts.items() if count > MAX_ROWS[related_name]}


def _arrange(article, related_name, ordered, *, deleted=()):
    """
    Number the article's sections or references (``related_name``
    ``"sections"`` or ``"references"``) 1..n in the order given.

    ``ordered`` lists instances (saved or not) in their new order; rows in
    ``deleted`` are removed. Existing rows not mentioned keep their relative
    order after the listed ones, so a row added by another editor is never
    dropped.
    """
    manager = getattr(article, related_name)
    model = manager.model
    with transaction.atomic():
        deleted_pks = {obj.pk for obj in deleted if obj.pk is not None}
        if deleted_pks:
            model.objects.filter(article=article, pk__in=deleted_pks).delete()
        listed_pks = {obj.pk for obj in ordered if obj.pk is not None}
        others = list(
            model.objects.filter(article=article)
            .exclude(pk__in=listed_pks | deleted_pks)
            .order_by("position", "pk")
        )
        final = [obj for obj in ordered if obj.pk is None or obj.pk not in deleted_pks] + others
        if len(final) > MAX_ROWS[related_name]:
            raise InvalidInput(
                f"An article can have at most {MAX_ROWS[related_name]} {related_name}; this save would "
                f"give “{article.title}” {len(final)}. Split it into several articles."
            )
        existing = list(model.objects.filter(article=article).values_list("position", flat=True))
        # Park every stored row above any position it could be given, so the
        # renumbering below never meets the unique (article, position) constraint.
        offset = max([len(final), *existing]) + 1
        model.objects.filter(article=article).update(position=F("position") + offset)
        for position, obj in enumerate(final, start=1):
            obj.article = article
            obj.position = position
            obj.save()
    return final


def saved_content(article):
    """The working copy as stored now, in revision-content form (for diffs)."""
    return freeze(Article.objects.get(pk=article.pk))


def _display_name(user):
    return user.get_full_name() or user.get_username()

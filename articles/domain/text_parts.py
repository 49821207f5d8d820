"""
An article's text as the parts a reader meets in order: title, key
takeaways, introduction, each section's heading and body, conclusion. The
claim detector scans them one by one (offsets index into one part), and the
disclaimer rules match topic mention terms against all of them joined.
"""

from dataclasses import dataclass

from articles.models import ClaimFlag

Field = ClaimFlag.Field


@dataclass(frozen=True)
class TextPart:
    """One scannable part of an article."""

    field: str
    text: str
    section_index: int | None = None
    heading: str = ""


def content_parts(content):
    """The parts of a revision's content (``freeze()`` output or ``revision.content()``), in reading order."""
    yield TextPart(Field.TITLE, content["title"])
    yield TextPart(Field.SUMMARY, content["summary"])
    yield TextPart(Field.STANDFIRST, content["standfirst"])
    for index, section in enumerate(content["sections"]):
        yield TextPart(Field.SECTION_HEADING, section["heading"], index, section["heading"])
        yield TextPart(Field.SECTION, section["body"], index, section["heading"])
    yield TextPart(Field.CONCLUSION, content["conclusion"])


def working_copy_parts(article):
    """The parts of the working copy, as the editor holds them (not stripped, so offsets match the form)."""
    yield TextPart(Field.TITLE, article.title)
    yield TextPart(Field.SUMMARY, article.summary)
    yield TextPart(Field.STANDFIRST, article.standfirst)
    for index, section in enumerate(article.sections.order_by("position")):
        yield TextPart(Field.SECTION_HEADING, section.heading, index, section.heading)
        yield TextPart(Field.SECTION, section.body, index, section.heading)
    yield TextPart(Field.CONCLUSION, article.conclusion)


def joined_text(parts):
    """The parts' text as one string, for rules that look at the whole article."""
    return "\n\n".join(part.text for part in parts if part.text)

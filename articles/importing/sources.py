"""Where drafts come from: files on disk, folders of them, and open streams.

Pure I/O, no Django: a :class:`DraftSource` is a name for messages and a way
to read the draft's bytes, with the size limit checked before anything large
is read. The import action (``articles.actions.importing``) reads each source
when its turn comes.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from articles.importing.parser import MAX_DRAFT_BYTES, too_large

__all__ = ["DraftSource", "file_source", "iter_draft_paths", "stream_source"]


@dataclass(frozen=True)
class DraftSource:
    """A draft waiting to be imported: its name for messages, and how to read its bytes."""

    name: str
    #: Returns the file's bytes; raises DraftParseError (too large, wrong type) or OSError.
    read: Callable[[], bytes]


def file_source(path: Path) -> DraftSource:
    """A draft file on disk. Its size is checked before anything is read."""
    path = Path(path)

    def read() -> bytes:
        size = path.stat().st_size
        if size > MAX_DRAFT_BYTES:
            raise too_large(str(path), size)
        return path.read_bytes()

    return DraftSource(str(path), read)


def stream_source(name: str, stream: BinaryIO, *, size: int | None = None) -> DraftSource:
    """A draft read from an open binary stream (standard input, an upload).

    At most one byte more than ``MAX_DRAFT_BYTES`` is ever read, so a huge
    stream is refused without being held in memory.
    """

    def read() -> bytes:
        if size is not None and size > MAX_DRAFT_BYTES:
            raise too_large(name, size)
        raw = stream.read(MAX_DRAFT_BYTES + 1)
        if len(raw) > MAX_DRAFT_BYTES:
            raise too_large(name, None)
        return raw

    return DraftSource(name, read)


def iter_draft_paths(paths: list[str]) -> Iterator[Path]:
    """Yield the draft files named by ``paths``: files as given, folders as their ``*.txt`` files.

    A folder contributes its own ``*.txt`` files (not its subfolders'), sorted
    by name, skipping hidden files such as editors' lock files. A file named
    twice (directly and through its folder) is yielded once. Every path is
    checked before the first one is yielded, so a typo in the last argument
    stops a command before it imports anything.
    """
    given = [Path(p) for p in paths]
    missing = [str(p) for p in given if not p.exists()]
    if missing:
        raise FileNotFoundError(f"no such file or folder: {', '.join(missing)}")
    seen: set[Path] = set()
    for path in given:
        if path.is_dir():
            found = sorted(
                (p for p in path.iterdir() if p.suffix.lower() == ".txt" and not p.name.startswith(".") and p.is_file()),
                key=lambda p: p.name,
            )
        else:
            found = [path]
        for draft in found:
            resolved = draft.resolve()
            if resolved not in seen:
                seen.add(resolved)
                yield draft


"""What a reader sees, as plain text the rules can match, with a map back to the original.

A writer can hide a claim from the rules and still show it to readers:
a zero-width space inside a word (``cu\\u200bres``), text typed backwards
inside a right-to-left override (displayed forwards), fullwidth or
mathematical letters (``ｃｕｒｅｓ``, ``𝐜𝐮𝐫𝐞𝐬``), accents
(``cürés``) or a Cyrillic or Greek letter that looks Latin (``сures`` with a
Cyrillic ``с``). ``normalise()`` undoes each of these:

* invisible format characters (Unicode category Cf: zero-width spaces and
  joiners, soft hyphens, word joiners, byte-order marks, bidi controls) are
  removed;
* a right-to-left override run (U+202E up to its pop, a line break or the
  end) is put in the order it is displayed;
* every character is NFKC-normalised (fullwidth, mathematical and
  compatibility forms become plain letters and digits) and loses its accents,
  except the vulgar fractions and the ellipsis, which the rules read as they are;
* Cyrillic and Greek letters that look like Latin ones become those Latin
  letters inside a word that has Latin letters or is made only of such
  look-alikes (a Russian or Greek word keeps its letters).

``NormalisedText.span()`` maps offsets in the normalised text back to the
original, so flags are shown on the words the writer typed.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass

#: Kept as typed: the rules read them ("½ teaspoon", "it works…").
_KEEP = frozenset("½¼¾⅓⅔⅛…")

_RLO = "\u202e"
#: Characters that open a bidi embedding, override or isolate, and those that close one.
_BIDI_OPEN = frozenset("\u202a\u202b\u202d\u202e\u2066\u2067\u2068")
_BIDI_CLOSE = frozenset("\u202c\u2069")

#: Cyrillic and Greek letters drawn like a Latin letter (Unicode confusables.txt,
#: letters only; digits and punctuation stay, since "0"/"O" and "1"/"l" are
#: ordinary English typing).
_LOOKALIKES = str.maketrans({
    # Cyrillic
    "а": "a", "в": "b", "с": "c", "ԁ": "d", "е": "e", "ё": "e", "һ": "h", "і": "i", "ї": "i",
    "ј": "j", "к": "k", "ӏ": "l", "м": "m", "о": "o", "р": "p", "ԛ": "q", "г": "r", "ѕ": "s",
    "т": "t", "ѵ": "v", "ԝ": "w", "х": "x", "у": "y", "ү": "y",
    "А": "A", "В": "B", "С": "C", "Е": "E", "Ё": "E", "Н": "H", "І": "I", "Ї": "I", "Ј": "J",
    "К": "K", "М": "M", "О": "O", "Р": "P", "Ѕ": "S", "Т": "T", "Х": "X", "У": "Y", "Ү": "Y",
    "Ԝ": "W", "Ԛ": "Q",
    # Greek
    "α": "a", "ε": "e", "ι": "i", "κ": "k", "ο": "o", "ρ": "p", "τ": "t",
    "υ": "u", "ν": "v", "χ": "x", "γ": "y",
    "Α": "A", "Β": "B", "Ε": "E", "Ζ": "Z", "Η": "H", "Ι": "I", "Κ": "K", "Μ": "M", "Ν": "N",
    "Ο": "O", "Ρ": "P", "Τ": "T", "Υ": "Y", "Χ": "X",
})
_LOOKALIKE_CHARS = frozenset(chr(c) for c in _LOOKALIKES)
_NON_ASCII = re.compile(r"[^\x00-\x7f]+")
_LOOKALIKE = re.compile("[" + "".join(sorted(_LOOKALIKE_CHARS)) + "]")
_WORD = re.compile(r"\w+")


#: The bidi controls the editor refuses, by name: the embeddings, overrides
#: and isolates that make text display in another order than it is stored
#: ("Trojan Source"). The marks (U+200E, U+200F, U+061C) stay: they cannot
#: reverse a run of letters.
BIDI_CONTROLS = {
    "\u202a": "left-to-right embedding",
    "\u202b": "right-to-left embedding",
    "\u202c": "pop directional formatting",
    "\u202d": "left-to-right override",
    "\u202e": "right-to-left override",
    "\u2066": "left-to-right isolate",
    "\u2067": "right-to-left isolate",
    "\u2068": "first strong isolate",
    "\u2069": "pop directional isolate",
}
_BIDI_CONTROL = re.compile("[" + "".join(BIDI_CONTROLS) + "]")


@dataclass(frozen=True)
class BidiControl:
    """One bidi control in a text: the character, its 0-based index, and its 1-based line and column."""

    char: str
    index: int
    line: int
    column: int

    def describe(self) -> str:
        """"an invisible right-to-left override (U+202E) at line 2, character 7"."""
        return (
            f"an invisible {BIDI_CONTROLS[self.char]} (U+{ord(self.char):04X}) "
            f"at line {self.line}, character {self.column}"
        )


def find_bidi_control(text: str) -> BidiControl | None:
    """The first bidi control in ``text`` (see ``BIDI_CONTROLS``), or None."""
    match = _BIDI_CONTROL.search(text or "")
    if match is None:
        return None
    index = match.start()
    line_start = text.rfind("\n", 0, index) + 1
    return BidiControl(match.group(), index, text.count("\n", 0, index) + 1, index - line_start + 1)


@dataclass(frozen=True)
class NormalisedText:
    original: str
    text: str
    #: ``origin[i]`` is the index in ``original`` of the character that gave
    #: ``text[i]``; None when nothing changed.
    origin: list[int] | None

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The span of ``original`` that ``text[start:end]`` came from."""
        if self.origin is None or start >= end:
            return start, end
        indices = self.origin[start:end]
        return min(indices), max(indices) + 1


def normalise(text: str) -> NormalisedText:
    if text.isascii() or not any(_changes(ch) for run in _NON_ASCII.findall(text) for ch in run):
        return NormalisedText(text, text, None)
    chars: list[str] = []
    origin: list[int] = []
    #: Open bidi runs: (opening character, position in ``chars`` where it began).
    runs: list[tuple[str, int]] = []

    def close_run() -> None:
        opener, begin = runs.pop()
        if opener == _RLO:
            chars[begin:] = chars[begin:][::-1]
            origin[begin:] = origin[begin:][::-1]

    pos = 0
    for m in _NON_ASCII.finditer(text):
        _copy_ascii(text, pos, m.start(), chars, origin, runs, close_run)
        for i in range(m.start(), m.end()):
            ch = text[i]
            if ch in _BIDI_OPEN:
                runs.append((ch, len(chars)))
            elif ch in _BIDI_CLOSE:
                if runs:
                    close_run()
            elif ch in _KEEP:
                chars.append(ch)
                origin.append(i)
            elif unicodedata.category(ch) not in ("Cf", "Mn"):
                for out in _plain(ch):
                    if out in "\n\r\u2028\u2029":
                        while runs:
                            close_run()
                    chars.append(out)
                    origin.append(i)
        pos = m.end()
    _copy_ascii(text, pos, len(text), chars, origin, runs, close_run)
    while runs:
        close_run()
    normalised = _latin_lookalikes("".join(chars))
    if normalised == text:
        return NormalisedText(text, text, None)
    return NormalisedText(text, normalised, origin)


def _copy_ascii(text, start, end, chars, origin, runs, close_run) -> None:
    """Copy ``text[start:end]`` (ASCII); a line break ends every open bidi run."""
    while start < end:
        if runs:
            newline = text.find("\n", start, end)
            stop = end if newline < 0 else newline
        else:
            stop = end
        chars.extend(text[start:stop])
        origin.extend(range(start, stop))
        if stop < end:
            while runs:
                close_run()
            chars.append("\n")
            origin.append(stop)
            stop += 1
        start = stop


@functools.lru_cache(maxsize=4096)
def _changes(ch: str) -> bool:
    """Might ``ch`` read differently once normalised?"""
    if ch in _KEEP:
        return False
    return (
        ch in _LOOKALIKE_CHARS or ch in _BIDI_OPEN or ch in _BIDI_CLOSE
        or unicodedata.category(ch) in ("Cf", "Mn") or _plain(ch) != ch
    )


def _plain(ch: str) -> str:
    """``ch`` in NFKC, without accents."""
    compatible = unicodedata.normalize("NFKC", ch)
    decomposed = unicodedata.normalize("NFD", compatible)
    return "".join(c for c in decomposed if unicodedata.category(c) != "Mn") or compatible


def _latin_lookalikes(text: str) -> str:
    if not _LOOKALIKE.search(text):
        return text

    def fix(m: re.Match) -> str:
        word = m.group()
        if word.isascii():
            return word
        lookalikes = [ch in _LOOKALIKE_CHARS for ch in word]
        has_latin = any(ch.isascii() and ch.isalpha() for ch in word)
        only_lookalikes = all(flag or not ch.isalpha() for flag, ch in zip(lookalikes, word))
        return word.translate(_LOOKALIKES) if has_latin or only_lookalikes else word

    return _WORD.sub(fix, text)

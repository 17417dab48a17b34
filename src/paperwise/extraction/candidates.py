"""Lines as searchable text, and the typed values found in them: amounts, dates, tokens.

Every value keeps its character span in its line, so it can be boxed on the page from the
words it came from."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from functools import cached_property

from paperwise.domain.result import Box
from paperwise.extraction.layout import Line, box_of
from paperwise.extraction.normalise import DateMatch, find_dates, parse_number
from paperwise.extraction.value_locator import mixed_groups_number
from paperwise.reading.model import Word

# A printed amount: grouped thousands (space, dot, comma, apostrophe) and a decimal part, or plain.
_AMOUNT_RE = re.compile(
    # not glued to a word, except to a currency code ('RM9.00', 'EUR12,50') or in brackets after
    # an abbreviation ('MwSt.(127,00)')
    r"(?:(?<![\w.,/-])|(?<=(?<![A-Za-z])RM)|(?<=(?<![A-Za-z])(?:EUR|USD|GBP|CHF|SGD|MYR))"
    r"|(?<=[^\W\d_][.:])(?=\()"
    # a currency code misread ('FM3.00', 'M3.00' for 'RM3.00'): only before cents
    r"|(?:(?<=(?<![A-Za-z])[A-Z])|(?<=(?<![A-Za-z])[A-Z]{2}))(?=\d{1,4}[.,]\d{2}(?![\w.,]))"
    r")"
    r"(?:[-−–]\s?)?\(?"
    r"(?:\d{1,3}(?:(?:[.,'’]|\s(?=\d{3}(?!\d)))\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,4})?)"
    r"\)?-?(?![\w%]|[.,/]\d|\s?%)"
)


@dataclass(frozen=True)
class TextLine:
    """One segment of a visual line (words not parted by a wide gap), with its text and where
    each word starts in that text. ``row`` numbers the visual lines of the document."""

    index: int
    row: int
    line: Line
    text: str
    starts: tuple[int, ...]

    @cached_property
    def lower(self) -> str:
        folded = self.text.lower()
        return folded if len(folded) == len(self.text) else self.text

    @property
    def page(self) -> int:
        return self.line.page

    @cached_property
    def x0(self) -> float:
        return self.line.x0

    @cached_property
    def x1(self) -> float:
        return self.line.x1

    @cached_property
    def y0(self) -> float:
        return self.line.y0

    @cached_property
    def y1(self) -> float:
        return self.line.y1

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def words_in(self, start: int, end: int) -> tuple[Word, ...]:
        """The words that the characters start..end touch."""
        return tuple(
            word
            for word, ws in zip(self.line.words, self.starts, strict=True)
            if ws < end and start < ws + len(word.text)
        )

    def box(self, start: int, end: int) -> Box:
        words = self.words_in(start, end) or self.line.words
        return box_of(self.page, words)

    def x_at(self, offset: int) -> float:
        """The page x where the character at ``offset`` is, to the word's precision."""
        for word, ws in zip(self.line.words, self.starts, strict=True):
            if offset < ws + len(word.text):
                return word.x0
        return self.x1


# Words further apart than this many word heights belong to different segments (columns).
_SEGMENT_GAP = 1.6


def _segments(line: Line) -> list[tuple[Word, ...]]:
    heights = sorted(w.height for w in line.words)
    gap = _SEGMENT_GAP * max(heights[len(heights) // 2], 4.0)
    words = line.words
    out: list[list[Word]] = [[words[0]]]
    for i in range(1, len(words)):
        previous, word = words[i - 1], words[i]
        if word.x0 - previous.x1 > gap and not _colon_binds(words, i):
            out.append([word])
        else:
            out[-1].append(word)
    return [tuple(ws) for ws in out]


def _colon_binds(words: tuple[Word, ...], i: int) -> bool:
    """A colon binds a label to its value across a wide gap ('Name:      Acme GmbH'), unless
    what follows is another label ('Customer:      Invoice No.: 12')."""
    if not (words[i - 1].text.endswith(":") or words[i].text.startswith(":")):
        return False
    start = i + 1 if words[i].text.startswith(":") else i
    return not any(w.text.endswith(":") for w in words[start : start + 3])


def text_lines(lines: list[Line]) -> list[TextLine]:
    """The segments of the document's lines (``layout.document_lines``) in reading order: rows
    top to bottom, segments left to right."""
    out: list[TextLine] = []
    for row, line in enumerate(lines):
        for words in _segments(line):
            starts, pos = [], 0
            for w in words:
                starts.append(pos)
                pos += len(w.text) + 1
            segment = Line(line.page, words)
            out.append(TextLine(len(out), row, segment, segment.text, tuple(starts)))
    return out


@dataclass(frozen=True)
class Found:
    """A typed value found in a line at text[start:end]."""

    line: TextLine
    start: int
    end: int

    @property
    def box(self) -> Box:
        return self.line.box(self.start, self.end)


@dataclass(frozen=True)
class FoundAmount(Found):
    value: Decimal
    has_decimals: bool

    @property
    def bracketed(self) -> bool:
        """Printed in brackets, '(174,90)': negative in an account, an aside in a sentence."""
        raw = self.line.text[self.start : self.end]
        return raw.startswith("(") and raw.endswith(")")


@dataclass(frozen=True)
class FoundDate(Found):
    match: DateMatch


def amounts_in(line: TextLine, dates: list[FoundDate] | None = None) -> list[FoundAmount]:
    """The numbers in a line that could be amounts, outside any date and percentage."""
    taken = [(d.start, d.end) for d in (dates if dates is not None else dates_in(line))]
    out: list[FoundAmount] = []
    for m in _AMOUNT_RE.finditer(line.text):
        if any(m.start() < e and s < m.end() for s, e in taken):
            continue
        raw = m.group(0)
        value = parse_number(raw)
        if value is None:
            value = mixed_groups_number(raw)
        if value is None:
            continue
        digits = raw.strip("()- −–")
        has_decimals = bool(re.search(r"[.,]\d{1,2}$", digits)) and value != value.to_integral()
        has_decimals = has_decimals or bool(re.search(r"[.,]\d{2}$", digits))
        out.append(FoundAmount(line, m.start(), m.end(), value, has_decimals))
    return out


def dates_in(line: TextLine) -> list[FoundDate]:
    return [FoundDate(line, m.start, m.end, m) for m in find_dates(line.text)]

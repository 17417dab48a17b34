"""Word geometry: words grouped into reading-order lines. Shared by every extractor."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from paperwise.domain.result import Box
from paperwise.reading.model import Page, PageSource, Word

# A word this many times taller than wide, of three characters or more, runs up the page.
_VERTICAL_RATIO = 1.5
_UPRIGHT_SHARE = 0.8  # vertical words are margin text only while most words are upright
_UNSIGNED_NUMBER = re.compile(r"^\d[\d.,' ]*\d$|^\d$")


@dataclass(frozen=True)
class Line:
    page: int
    words: tuple[Word, ...]

    @property
    def text(self) -> str:
        return " ".join(w.text for w in self.words)

    @property
    def x0(self) -> float:
        return min(w.x0 for w in self.words)

    @property
    def x1(self) -> float:
        return max(w.x1 for w in self.words)

    @property
    def y0(self) -> float:
        return min(w.y0 for w in self.words)

    @property
    def y1(self) -> float:
        return max(w.y1 for w in self.words)

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2

    @property
    def height(self) -> float:
        return self.y1 - self.y0


def box_of(page: int, words: tuple[Word, ...] | list[Word]) -> Box:
    """The integer pixel box around some words of one page."""
    x0 = min(w.x0 for w in words)
    y0 = min(w.y0 for w in words)
    x1 = max(w.x1 for w in words)
    y1 = max(w.y1 for w in words)
    return Box(
        page=page,
        x=round(x0),
        y=round(y0),
        width=max(1, round(x1 - x0)),
        height=max(1, round(y1 - y0)),
    )


def is_vertical(word: Word) -> bool:
    """A word printed turned a quarter (margin text running up the page): much taller than wide
    for its letters. Such words belong to no horizontal line."""
    return len(word.text.strip()) >= 3 and word.height >= _VERTICAL_RATIO * (word.x1 - word.x0)


def page_lines(page: Page) -> list[Line]:
    """Words grouped into visual lines (by vertical overlap), top to bottom, each left to right.

    Words are sorted by their vertical centre; a word joins the current line when its centre is
    within half of min(band height, word height) of the centre of the line's vertical band.
    Vertical words of a text layer (see is_vertical), a few in a margin, are left out: read
    across, they would join unrelated lines ("2014" before a table's titles)."""
    words = sorted((w for w in page.words if w.text.strip()), key=lambda w: (w.cy, w.x0))
    if page.source is PageSource.TEXT_LAYER:  # OCR boxes are upright, if loose
        upright = [w for w in words if not is_vertical(w)]
        if len(upright) >= _UPRIGHT_SHARE * len(words):  # else the page itself runs sideways
            words = upright
    lines: list[list[Word]] = []
    top = bottom = 0.0  # the vertical band of the line being built, kept as words join it
    for w in words:
        if lines:
            tolerance = max(2.0, 0.5 * min(bottom - top, w.height))
            if abs(w.cy - (top + bottom) / 2) <= tolerance:
                lines[-1].append(w)
                top, bottom = min(top, w.y0), max(bottom, w.y1)
                continue
        lines.append([w])
        top, bottom = w.y0, w.y1
    ordered = [sorted(ws, key=lambda w: w.x0) for ws in lines]
    return [Line(page.index, tuple(ws)) for ws in _rejoin_wrapped_signs(ordered) if ws]


def _rejoin_wrapped_signs(lines: list[list[Word]]) -> list[list[Word]]:
    """A negative number broken after its minus in a narrow cell ("-" ending one line, "1,12"
    alone right below it, aligned with it): the number rejoins its sign, on the sign's line. A
    dash with a label's own value on the next line ("Rabatt  -" over "Summe  90,00") is a nil."""
    for upper, lower in itertools.pairwise(lines):
        if len(upper) < 2 or upper[-1].text != "-" or len(lower) != 1:
            continue
        sign, before, number = upper[-1], upper[-2], lower[0]
        size = max(sign.height, 1.0)
        if sign.x0 - before.x1 <= size or number.y0 - sign.y1 > 0.6 * size:
            continue  # "100,00 -": a sign printed after its number; or no wrap, a gap
        aligned = abs(number.x1 - sign.x1) <= size or abs(number.x0 - sign.x0) <= 0.5 * size
        if not (aligned and _UNSIGNED_NUMBER.match(number.text)):
            continue
        upper[-1] = Word(
            "-" + number.text,
            min(sign.x0, number.x0),
            sign.y0,
            max(sign.x1, number.x1),
            number.y1,
            min(sign.confidence, number.confidence),
            sign.line,
        )
        lower.clear()
    return lines


def document_lines(pages: list[Page]) -> list[Line]:
    return [line for page in pages for line in page_lines(page)]

"""Word geometry: words grouped into reading-order lines. Shared by every extractor."""

from __future__ import annotations

from dataclasses import dataclass

from paperwise.domain.result import Box
from paperwise.reading.model import Page, Word


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
    return Box(page=page, x=round(x0), y=round(y0), width=max(1, round(x1 - x0)),
               height=max(1, round(y1 - y0)))


def page_lines(page: Page) -> list[Line]:
    """Words grouped into visual lines (by vertical overlap), top to bottom, each left to right.

    Words are first sorted by their vertical centre; a word joins the current line when its centre
    lies within the line's vertical band (half the median word height of the line)."""
    words = sorted((w for w in page.words if w.text.strip()), key=lambda w: (w.cy, w.x0))
    lines: list[list[Word]] = []
    for w in words:
        if lines:
            current = lines[-1]
            top = min(x.y0 for x in current)
            bottom = max(x.y1 for x in current)
            band_centre = (top + bottom) / 2
            tolerance = max(2.0, 0.5 * min(bottom - top, w.height))
            if abs(w.cy - band_centre) <= tolerance:
                current.append(w)
                continue
        lines.append([w])
    return [Line(page.index, tuple(sorted(ws, key=lambda w: w.x0))) for ws in lines]


def document_lines(pages: list[Page]) -> list[Line]:
    return [line for page in pages for line in page_lines(page)]

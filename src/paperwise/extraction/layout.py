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
    return Box(
        page=page,
        x=round(x0),
        y=round(y0),
        width=max(1, round(x1 - x0)),
        height=max(1, round(y1 - y0)),
    )


def page_lines(page: Page) -> list[Line]:
    """Words grouped into visual lines (by vertical overlap), top to bottom, each left to right.

    Words are sorted by their vertical centre; a word joins the current line when its centre is
    within half of min(band height, word height) of the centre of the line's vertical band."""
    words = sorted((w for w in page.words if w.text.strip()), key=lambda w: (w.cy, w.x0))
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
    return [Line(page.index, tuple(sorted(ws, key=lambda w: w.x0))) for ws in lines]


def document_lines(pages: list[Page]) -> list[Line]:
    return [line for page in pages for line in page_lines(page)]

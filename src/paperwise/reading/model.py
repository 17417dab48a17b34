"""What reading produces: pages of words with pixel boxes. Pure data."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

# Coordinates of every page are integer-ish pixels of the page image at this DPI (PDF pages are
# rendered at it; images keep their own pixels, so their DPI is whatever they were scanned at).
PDF_DPI = 150


class PageSource(StrEnum):
    TEXT_LAYER = "text"
    OCR = "ocr"


@dataclass(frozen=True)
class Word:
    """One word as read, with its box in page pixels (x0, y0) top-left to (x1, y1) bottom-right."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    confidence: float = 1.0
    # Words read as one OCR line (or one text-layer line) share a line id within the page.
    line: int = -1

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2

    @property
    def cy(self) -> float:
        return (self.y0 + self.y1) / 2


@dataclass
class Page:
    index: int
    width: int
    height: int
    words: list[Word] = field(default_factory=list)
    source: PageSource = PageSource.TEXT_LAYER
    # Degrees (counter-clockwise, Pillow's ``Image.rotate(rotation, expand=True)``) the source
    # image was turned to make it upright and straight: word boxes are in that turned image.
    rotation: float = 0.0


@dataclass
class ReadDocument:
    pages: list[Page]
    media_type: str  # "application/pdf", "image/png", ...
    # e-invoice XML embedded in the PDF (ZUGFeRD / Factur-X / XRechnung), when there is one
    embedded_xml: bytes | None = None

    @property
    def text(self) -> str:
        """All words, page by page and line by line, for storing and searching."""
        out: list[str] = []
        for page in self.pages:
            current = None
            line: list[str] = []
            for w in page.words:
                if w.line != current and line:
                    out.append(" ".join(line))
                    line = []
                current = w.line
                line.append(w.text)
            if line:
                out.append(" ".join(line))
        return "\n".join(out)


@dataclass(frozen=True)
class ReadLimits:
    """Input limits, checked before anything is decoded."""

    max_bytes: int = 50 * 1024 * 1024
    max_pages: int = 200
    max_image_pixels: int = 60_000_000


@dataclass(frozen=True)
class DocumentInfo:
    """What a cheap look at the bytes tells: the file's type and its page count."""

    media_type: str
    pages: int

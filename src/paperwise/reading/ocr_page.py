"""One OCR'd page: words with boxes in the upright, deskewed page's pixel grid."""

from __future__ import annotations

import numpy as np
from PIL import Image

from paperwise.reading.images import has_ink
from paperwise.reading.lines import number_lines
from paperwise.reading.model import PDF_DPI, Page, PageSource, Word
from paperwise.reading.ocr import OcrLine, OcrWord, recognise
from paperwise.reading.orientation import (
    Quad,
    rotate_points,
    rotated_size,
    skew_degrees,
    upright_turn,
)
from paperwise.reading.pdf_text import fold_compatibility


def ocr_page(
    index: int,
    image: Image.Image,
    *,
    rendered_at: float | None = None,
    size: tuple[int, int] | None = None,
) -> Page:
    """OCR an RGB page image. Boxes are in pixels of the image turned upright and deskewed
    (``Page.rotation``). A PDF page ``rendered_at`` some DPI is read at full resolution and its
    boxes scaled to PDF_DPI; ``size`` is then the unturned page's size at PDF_DPI.

    One OCR pass tells how the page lies; a page found turned by quarter or half turns is turned
    and read again (exact boxes and short words, which RapidOCR reads badly sideways), without
    the direction classifier: it is upright now. A small skew only rotates the boxes."""
    scale = PDF_DPI / rendered_at if rendered_at else 1.0
    full = rendered_at is not None
    grid = size or (round(image.width * scale), round(image.height * scale))
    if not has_ink(image):
        return _page(index, grid, [], 0.0)
    result = recognise(image, full_resolution=full)
    turn = upright_turn(result.votes)
    if turn:
        image = image.rotate(turn, expand=True)
        result = recognise(image, full_resolution=full, upright=True)
    skew = skew_degrees([line.quad for line in result.lines])
    segments = [
        _in_text_order([_word(word, -skew, image.size, scale) for word in _line_words(line)])
        for line in result.lines
    ]
    return _page(index, grid, [s for s in segments if s], turn - skew)


def _page(index: int, grid: tuple[int, int], segments: list[list[Word]], angle: float) -> Page:
    width, height = rotated_size(grid, angle) if angle else grid
    return Page(
        index=index,
        width=width,
        height=height,
        words=number_lines(segments),
        source=PageSource.OCR,
        rotation=round(angle, 3),
    )


def _line_words(line: OcrLine) -> list[OcrWord]:
    """RapidOCR's own word boxes when they spell the line, else the line split in proportion."""
    text = _clean(line.text)
    words = [OcrWord(_clean(w.text), w.score, w.quad) for w in line.words if _clean(w.text)]
    if words and "".join(w.text for w in words) == text.replace(" ", ""):
        return [part for w in words for part in split_quad(w.text, w.score, w.quad)]
    return split_quad(text, line.score, line.quad)


def _in_text_order(words: list[Word]) -> list[Word]:
    """Words of a line whose boxes run right to left (RapidOCR maps the word boxes of a line its
    classifier turned upside down mirrored) are mirrored back within the line."""
    if len(words) < 2 or words[0].x0 <= words[-1].x0:
        return words
    left = min(w.x0 for w in words)
    right = max(w.x1 for w in words)
    return [
        Word(
            w.text,
            round(left + right - w.x1, 1),
            w.y0,
            round(left + right - w.x0, 1),
            w.y1,
            w.confidence,
        )
        for w in words
    ]


def split_quad(text: str, score: float, quad: Quad) -> list[OcrWord]:
    """The space-separated words of ``text``, each given its share of the quad by characters."""
    text = " ".join(text.split())
    if not text:
        return []
    top, bottom = (quad[0], quad[1]), (quad[3], quad[2])
    count = len(text)
    words: list[OcrWord] = []
    position = 0
    for token in text.split(" "):
        if token:
            a, b = position / count, (position + len(token)) / count
            words.append(
                OcrWord(
                    token,
                    score,
                    np.array(
                        [
                            top[0] + a * (top[1] - top[0]),
                            top[0] + b * (top[1] - top[0]),
                            bottom[0] + b * (bottom[1] - bottom[0]),
                            bottom[0] + a * (bottom[1] - bottom[0]),
                        ]
                    ),
                )
            )
        position += len(token) + 1
    return words


def _word(word: OcrWord, angle: float, size: tuple[int, int], scale: float) -> Word:
    points = rotate_points(word.quad, angle, size) * scale
    return Word(
        text=word.text,
        x0=round(float(points[:, 0].min()), 1),
        y0=round(float(points[:, 1].min()), 1),
        x1=round(float(points[:, 0].max()), 1),
        y1=round(float(points[:, 1].max()), 1),
        confidence=round(word.score, 4),
    )


def _clean(text: str) -> str:
    """Compatibility forms folded as in the text layer: "m²" and "2º" stay as recognised."""
    return " ".join(fold_compatibility(text).split())

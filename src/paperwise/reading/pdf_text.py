"""Words of a PDF page's text layer, built from PDFium's characters and their boxes.

Boxes are in pixels of the page rendered at PDF_DPI, top-left origin, page rotation applied."""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from dataclasses import dataclass

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from paperwise.reading.lines import number_lines
from paperwise.reading.model import Word

# A gap wider than this share of the text height splits a word (PDFs often omit space chars) ...
_WORD_GAP = 0.25
# ... and wider than this starts a new line segment (a column or a label-value gap).
_SEGMENT_GAP = 2.5
# PDFium reports a hyphen it generated at a line break as U+0002.
_PDFIUM_HYPHEN = 0x02
_PRECISION = 64  # PDFium maps page to device in integers; scale up for sub-pixel precision
# A text layer with fewer letters and digits than this, on a page with a large image, is a
# stamp or a page number on a scan (a born-digital page on a background image has far more).
_MIN_TEXT_CHARS = 100
# An image covering this share of the page makes it a scan (or a photo of one).
_SCAN_IMAGE_SHARE = 0.3
# Private-use and replacement characters beyond this share: fonts without a Unicode map.
_MAX_UNMAPPED_SHARE = 0.3
# Superscript and subscript digits and signs and the ordinal indicators ("2º", "1ª"), kept as
# printed (see fold_compatibility).
_SCRIPT_CHARS = re.compile("([\u00aa\u00b2\u00b3\u00b9\u00ba\u2070\u2074-\u207e\u2080-\u208e]+)")


@dataclass
class _Char:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float


class _PageToPixels:
    """The affine map from PDF user space to PDF_DPI pixels of the displayed (rotated) page."""

    def __init__(self, page: pdfium.PdfPage, width_px: int, height_px: int) -> None:
        def device(x: float, y: float) -> tuple[float, float]:
            dx, dy = ctypes.c_int(), ctypes.c_int()
            pdfium_c.FPDF_PageToDevice(
                page.raw,
                0,
                0,
                width_px * _PRECISION,
                height_px * _PRECISION,
                0,
                x,
                y,
                ctypes.byref(dx),
                ctypes.byref(dy),
            )
            return dx.value / _PRECISION, dy.value / _PRECISION

        ox, oy = device(0.0, 0.0)
        ax, ay = device(1000.0, 0.0)
        bx, by = device(0.0, 1000.0)
        self.size = (width_px, height_px)
        self.origin = (ox, oy)
        self.ux = ((ax - ox) / 1000, (ay - oy) / 1000)
        self.uy = ((bx - ox) / 1000, (by - oy) / 1000)

    def quarter(self, radians: float) -> int:
        """Quarter turns (counter-clockwise, as displayed) of text at this angle in user space."""
        if radians < 0:  # PDFium could not tell
            return 0
        # PDFium measures the angle clockwise; user space turns counter-clockwise
        cos, sin = math.cos(-radians), math.sin(-radians)
        dx = cos * self.ux[0] + sin * self.uy[0]
        dy = cos * self.ux[1] + sin * self.uy[1]
        return round(math.atan2(-dy, dx) / (math.pi / 2)) % 4

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, ...]:
        xs, ys = [], []
        for px, py in ((left, bottom), (right, top), (left, top), (right, bottom)):
            xs.append(self.origin[0] + px * self.ux[0] + py * self.uy[0])
            ys.append(self.origin[1] + px * self.ux[1] + py * self.uy[1])
        return min(xs), min(ys), max(xs), max(ys)

    def shows(self, box: tuple[float, ...]) -> bool:
        """Whether a pixel box's centre is on the visible page (not outside the crop box)."""
        cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
        return 0 <= cx <= self.size[0] and 0 <= cy <= self.size[1]


def text_layer_words(page: pdfium.PdfPage, width_px: int, height_px: int) -> list[Word]:
    """All words of the page's text layer in reading order, ``line`` set per line segment."""
    to_px = _PageToPixels(page, width_px, height_px)
    textpage = page.get_textpage()
    try:
        streams = _chars(textpage, to_px)
    finally:
        textpage.close()
    return number_lines([seg for q, chars in streams.items() for seg in _segments(chars, q)])


def text_layer_usable(page: pdfium.PdfPage, words: list[Word]) -> bool:
    """Whether the words are the page's text, or the page must be OCR'd instead.

    Not usable: no letters or digits at all; only a few on a page that is mostly an image (a scan
    with a stamp or page number); mostly unmapped glyphs (private-use or replacement chars)."""
    chars = [ch for w in words for ch in w.text]
    alnum = sum(ch.isalnum() for ch in chars)
    if alnum == 0:
        return False
    unmapped = sum(ch == "\ufffd" or unicodedata.category(ch) == "Co" for ch in chars)
    if unmapped > _MAX_UNMAPPED_SHARE * len(chars):
        return False
    return alnum >= _MIN_TEXT_CHARS or not _has_large_image(page)


def _has_large_image(page: pdfium.PdfPage) -> bool:
    width, height = page.get_size()
    page_area = max(1.0, width * height)
    for obj in page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE]):
        left, bottom, right, top = obj.get_bounds()
        if (right - left) * (top - bottom) >= _SCAN_IMAGE_SHARE * page_area:
            return True
    return False


def _chars(textpage: pdfium.PdfTextPage, to_px: _PageToPixels) -> dict[int, list[_Char | None]]:
    """Characters with boxes in their reading frame, one stream per reading direction (quarter
    turn); None marks a break (space, line end, control)."""
    streams: dict[int, list[_Char | None]] = {}
    rect = pdfium_c.FS_RECTF()
    raw = textpage.raw
    last_quarter = 0
    for index in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if code == _PDFIUM_HYPHEN:
            code = ord("-")
        text = chr(code) if 0 < code < 0x110000 else ""
        if not text or text.isspace() or unicodedata.category(text) in ("Cc", "Cf", "Zs"):
            stream = streams.get(last_quarter)
            if stream and stream[-1] is not None:
                stream.append(None)
            continue
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, index, rect):
            continue
        pixels = to_px.box(rect.left, rect.bottom, rect.right, rect.top)
        if not to_px.shows(pixels):
            continue
        quarter = to_px.quarter(pdfium_c.FPDFText_GetCharAngle(raw, index))
        streams.setdefault(quarter, []).append(_Char(text, *_to_frame(quarter, pixels)))
        last_quarter = quarter
    return streams


def _to_frame(quarter: int, box: tuple[float, ...]) -> tuple[float, float, float, float]:
    """A pixel box seen in the frame where text turned by ``quarter`` quarter turns (counter-
    clockwise) reads left to right; the inverse of quarter q is quarter (4 - q) % 4."""
    x0, y0, x1, y1 = box
    if quarter == 1:
        return -y1, x0, -y0, x1
    if quarter == 2:
        return -x1, -y1, -x0, -y0
    if quarter == 3:
        return y0, -x1, y1, -x0
    return x0, y0, x1, y1


def _segments(chars: list[_Char | None], quarter: int) -> list[list[Word]]:
    """Group characters (boxes in their reading frame) into words and words into segments."""
    segments: list[list[Word]] = []
    segment: list[Word] = []
    word: list[_Char] = []

    def close_word() -> None:
        if word:
            segment.append(_word(word, quarter))
            word.clear()

    def close_segment() -> None:
        close_word()
        if segment:
            segments.append(list(segment))
            segment.clear()

    last: _Char | None = None
    for char in chars:
        if char is None:
            close_word()
            continue
        if last is not None:
            height = max(1e-6, min(last.y1 - last.y0, char.y1 - char.y0))
            overlap = min(last.y1, char.y1) - max(last.y0, char.y0)
            gap = char.x0 - last.x1
            if overlap < 0.5 * height or gap < -height or gap > _SEGMENT_GAP * height:
                close_segment()
            elif gap > _WORD_GAP * height:
                close_word()
        word.append(char)
        last = char
    close_segment()
    return segments


def _word(chars: list[_Char], quarter: int) -> Word:
    text = fold_compatibility("".join(c.text for c in chars))
    frame_box = (
        min(c.x0 for c in chars),
        min(c.y0 for c in chars),
        max(c.x1 for c in chars),
        max(c.y1 for c in chars),
    )
    x0, y0, x1, y1 = _to_frame((4 - quarter) % 4, frame_box)
    return Word(text=text, x0=round(x0, 1), y0=round(y0, 1), x1=round(x1, 1), y1=round(y1, 1))


def fold_compatibility(text: str) -> str:
    """Unicode compatibility forms folded (NFKC: ligatures "ﬁ", full-width digits, no-break
    spaces), except superscript and subscript digits and signs, which say something: "m²" is
    not "m2", nor "CO₂" "CO2", a footnote mark "Summe¹" is no digit of the word, and the
    ordinal in "2º piso" or "Nº" is no letter o (labels list "nº" beside "no")."""
    if _SCRIPT_CHARS.search(text) is None:
        return unicodedata.normalize("NFKC", text)
    parts = _SCRIPT_CHARS.split(text)  # the kept characters sit at the odd indices
    return "".join(p if i % 2 else unicodedata.normalize("NFKC", p) for i, p in enumerate(parts))

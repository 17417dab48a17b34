"""Words of a PDF page's text layer, built from PDFium's characters and their boxes.

Boxes are in pixels of the page rendered at PDF_DPI, top-left origin, page rotation applied.

A space the PDF holds (a space glyph: plain, no-break, thin, narrow) parts two words; elsewhere
the gap between two characters' advances does, measured in em of their font size less the letter
spacing around it (see _words). Spaces PDFium generates from its own reading of the gaps are
weighed by that measure like any other gap. A number printed with its digit groups set apart, by
a space character or by a gap of a thin space, so reads as one word per group on one line:
"1 234,56" is the words "1" and "234,56", and the line's text is the number as printed (the
extraction joins such groups); groups set closer than _WORD_GAP_EM read as one word "1234,56"."""

from __future__ import annotations

import ctypes
import math
import re
import unicodedata
from dataclasses import dataclass
from itertools import pairwise

import pypdfium2 as pdfium
import pypdfium2.raw as pdfium_c

from paperwise.reading.lines import number_lines
from paperwise.reading.model import Word

# Two characters are two words where the gap between them is this many em (of their font size)
# wider than the tracking around them: a word space is at least a thin space (1/6 em, a digit
# group's), a gap inside a word is the tracking plus kerning (which only narrows it).
_WORD_GAP_EM = 0.12
# Gaps of this many letter pairs on each side of a pair tell the tracking (letter spacing) there.
_TRACKING_PAIRS = 2
# A generated space where the next character starts this many em back over the one before is no
# kerned pair but text set over other text (a cell overflowing into the next).
_OVERLAP_EM = 0.3
# A gap wider than this share of the text height starts a new line segment (a column or a
# label-value gap).
_SEGMENT_GAP = 2.5
# What the text layer has between a character and the one before it in its stream: nothing, a
# space PDFium generated from the gap it saw, or a space (or other break) the PDF holds.
_JOINED, _GENERATED, _SPACED = 0, 1, 2
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


_Box = tuple[float, float, float, float]


@dataclass(slots=True)
class _Char:
    """A character and its box in its reading frame: along the baseline its advance, across it
    the font's descent to ascent (see _Glyphs.box)."""

    text: str
    x0: float
    y0: float
    x1: float
    y1: float
    em: float  # font size, in pixels
    before: int  # _JOINED, _GENERATED or _SPACED


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
        self.scale = math.hypot(*self.ux)  # pixels per unit of user space

    def quarter(self, matrix: pdfium_c.FS_MATRIX) -> int:
        """Quarter turns (counter-clockwise, as displayed) of text whose text space maps to user
        space by ``matrix`` (its baseline runs along the matrix's x axis, (a, b))."""
        dx = matrix.a * self.ux[0] + matrix.b * self.uy[0]
        dy = matrix.a * self.ux[1] + matrix.b * self.uy[1]
        return round(math.atan2(-dy, dx) / (math.pi / 2)) % 4

    def box(self, left: float, bottom: float, right: float, top: float) -> tuple[float, ...]:
        """The pixel box around a box of user space (its centre mapped, its half sides spread)."""
        (ax, ay), (bx, by) = self.ux, self.uy
        cx, cy = (left + right) / 2, (bottom + top) / 2
        hx, hy = (right - left) / 2, (top - bottom) / 2
        x = self.origin[0] + cx * ax + cy * bx
        y = self.origin[1] + cx * ay + cy * by
        dx, dy = abs(hx * ax) + abs(hy * bx), abs(hx * ay) + abs(hy * by)
        return x - dx, y - dy, x + dx, y + dy

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


class _Glyphs:
    """Reads a text page's characters through PDFium into reused buffers."""

    def __init__(self, textpage: pdfium.PdfTextPage) -> None:
        self.raw = textpage.raw
        self.matrix = pdfium_c.FS_MATRIX()
        self._loose = pdfium_c.FS_RECTF()
        self._next = pdfium_c.FS_RECTF()
        self._previous: _Box = (0.0, 0.0, 0.0, 0.0)
        self._ink = [ctypes.c_double() for _ in range(4)]  # left, right, bottom, top
        self._ink_refs = [ctypes.byref(v) for v in self._ink]
        self._origin = [ctypes.c_double(), ctypes.c_double()]
        self._origin_refs = [ctypes.byref(v) for v in self._origin]
        self._width = ctypes.c_float()

    def box(self, index: int, code: int, size: float) -> _Box | None:
        """The character's box in user space (left, bottom, right, top), its text matrix put in
        ``self.matrix``: along the baseline from its origin to the end of its advance, across it
        from the font's descent to its ascent.

        PDFium's loose box is that box joined with the glyph's ink: where the ink reaches past
        an end of the advance (an italic f's overhang, a j's tail reaching back) the advance is
        the font's width of the glyph, else the loose box reaches into the gap beside it. The
        letters of a ligature ("ff") share its box: theirs is the ligature's advance."""
        raw, loose, m, ink = self.raw, self._loose, self.matrix, self._ink
        if not pdfium_c.FPDFText_GetLooseCharBox(raw, index, loose):
            return None
        if not pdfium_c.FPDFText_GetMatrix(raw, index, m):
            return None
        box = (loose.left, loose.bottom, loose.right, loose.top)
        previous, self._previous = self._previous, box
        pdfium_c.FPDFText_GetCharBox(raw, index, *self._ink_refs)
        along = 0 if abs(m.a) >= abs(m.b) else 1  # the user-space axis the baseline runs along
        low, high = box[along], box[along + 2]
        margin = 0.001 * (high - low)
        if ink[2 * along].value > low + margin and ink[2 * along + 1].value < high - margin:
            return box
        if box == previous or self._next_is(index + 1, box):
            return box
        advance = self._advance(index, code, size, along)
        if advance is None or not low - margin <= advance[0] < advance[1] <= high + margin:
            return box  # (the font's width is not this glyph's)
        start, end = advance
        return (start, box[1], end, box[3]) if along == 0 else (box[0], start, box[2], end)

    def _next_is(self, index: int, box: _Box) -> bool:
        nxt = self._next
        found = pdfium_c.FPDFText_GetLooseCharBox(self.raw, index, nxt)
        return bool(found) and box == (nxt.left, nxt.bottom, nxt.right, nxt.top)

    def _advance(
        self, index: int, code: int, size: float, along: int
    ) -> tuple[float, float] | None:
        """Where the glyph's advance starts and ends on user-space axis ``along``."""
        text_object = pdfium_c.FPDFText_GetTextObject(self.raw, index)
        font = pdfium_c.FPDFTextObj_GetFont(text_object) if text_object else None
        if not font or not pdfium_c.FPDFFont_GetGlyphWidth(font, code, size, self._width):
            return None
        pdfium_c.FPDFText_GetCharOrigin(self.raw, index, *self._origin_refs)
        start = self._origin[along].value
        end = start + self._width.value * (self.matrix.a, self.matrix.b)[along]
        return min(start, end), max(start, end)


def _chars(textpage: pdfium.PdfTextPage, to_px: _PageToPixels) -> dict[int, list[_Char]]:
    """Characters with boxes in their reading frame, one stream per reading direction (quarter
    turn), each marked with what the text layer has between it and the one before."""
    streams: dict[int, list[_Char]] = {}
    breaks: dict[int, int] = {}  # per stream, the break seen since its last character
    glyphs = _Glyphs(textpage)
    matrix = glyphs.matrix
    raw = textpage.raw
    last_quarter = 0
    for index in range(textpage.count_chars()):
        code = pdfium_c.FPDFText_GetUnicode(raw, index)
        if code == _PDFIUM_HYPHEN:
            code = ord("-")
        text = chr(code) if 0 < code < 0x110000 else ""
        if not text or text.isspace() or unicodedata.category(text) in ("Cc", "Cf", "Zs"):
            kind = _GENERATED if pdfium_c.FPDFText_IsGenerated(raw, index) == 1 else _SPACED
            breaks[last_quarter] = max(kind, breaks.get(last_quarter, _JOINED))
            continue
        size = pdfium_c.FPDFText_GetFontSize(raw, index)
        box = glyphs.box(index, code, size)
        if box is None:
            continue
        pixels = to_px.box(*box)
        if not to_px.shows(pixels):
            continue
        quarter = to_px.quarter(matrix)
        frame = _to_frame(quarter, pixels)
        # the font size scaled by the text's matrix (some PDFs set size 1 and scale by the matrix)
        em = size * math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c)) * to_px.scale
        before = breaks.pop(quarter, _JOINED)
        char = _Char(text, *frame, em=em if em > 0 else frame[3] - frame[1], before=before)
        streams.setdefault(quarter, []).append(char)
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


def _segments(chars: list[_Char], quarter: int) -> list[list[Word]]:
    """Characters (boxes in their reading frame) into line segments, each into words. A segment
    ends where the next character is off its line, far back, or a column gap ahead."""
    segments: list[list[Word]] = []
    start = 0
    for end in range(1, len(chars) + 1):
        if end == len(chars) or _parted(chars[end - 1], chars[end]):
            segments.append([_word(w, quarter) for w in _words(chars[start:end])])
            start = end
    return segments


def _parted(last: _Char, char: _Char) -> bool:
    height = max(1e-6, min(last.y1 - last.y0, char.y1 - char.y0))
    overlap = min(last.y1, char.y1) - max(last.y0, char.y0)
    gap = char.x0 - last.x1
    return overlap < 0.5 * height or gap < -height or gap > _SEGMENT_GAP * height


def _words(chars: list[_Char]) -> list[list[_Char]]:
    """A line segment's characters parted into words.

    A space the PDF holds parts two words. Elsewhere the gap between the two characters' boxes
    decides: it is what the PDF adds to the font's advances (letter or word spacing, kerning,
    a glyph placed on its own), in em of the two characters' font size. Less the tracking
    around it (letter-spaced or justified text widens every pair of a word alike), a gap of
    _WORD_GAP_EM or more is a word space. A space PDFium generated is weighed the same way: it
    stands where the gap is a word space, or where the next character starts far back over the
    one before (text set over other text), and goes where the gap is a letter's."""
    gaps = [(b.x0 - a.x1) / max(1e-6, (a.em + b.em) / 2) for a, b in pairwise(chars)]
    parted = [char.before == _SPACED for char in chars[1:]]
    letters = [k for k, spaced in enumerate(parted) if not spaced]
    for at, k in enumerate(letters):
        if gaps[k] >= _WORD_GAP_EM:  # (the tracking is never below 0)
            parted[k] = gaps[k] - _tracking(gaps, letters, at) >= _WORD_GAP_EM
        else:
            parted[k] = chars[k + 1].before == _GENERATED and gaps[k] < -_OVERLAP_EM
    words: list[list[_Char]] = [[chars[0]]]
    for char, new in zip(chars[1:], parted, strict=True):
        if new:
            words.append([char])
        else:
            words[-1].append(char)
    return words


def _tracking(gaps: list[float], letters: list[int], at: int) -> float:
    """The letter spacing (em, at least 0) around the pair ``letters[at]`` (pairs are numbered
    by their right character; ``letters`` are those without a space of the PDF): the smallest gap
    of the _TRACKING_PAIRS letter pairs on either side within its run of text between spaces of
    the PDF, or beyond that run when it has no other pair (a word of two letters)."""
    k = letters[at]
    near = range(max(0, at - _TRACKING_PAIRS), min(len(letters), at + _TRACKING_PAIRS + 1))
    others = [letters[p] for p in near if p != at]
    # a pair is in the same run when every pair between the two is a letter pair
    run = [letters[p] for p in near if p != at and abs(letters[p] - k) == abs(p - at)]
    return max(0.0, min((gaps[j] for j in run or others), default=0.0))


def _word(chars: list[_Char], quarter: int) -> Word:
    # PDFium gives a character beyond the Basic Multilingual Plane (an emoji) as the two halves
    # of its UTF-16 surrogate pair, or the first half alone, which no UTF-8 text (a database
    # column, JSON) can hold: a pair is joined, a half alone reads as a glyph without a Unicode
    # value (U+FFFD)
    utf16 = "".join(c.text for c in chars).encode("utf-16-le", "surrogatepass")
    text = fold_compatibility(utf16.decode("utf-16-le", "replace"))
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

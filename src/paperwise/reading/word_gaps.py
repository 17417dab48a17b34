"""Word spaces the recogniser missed, found in the ink of a text line's crop.

RapidOCR's recogniser often drops the space of a receipt's wide, monospaced print
("SANYUSTATIONERYSHOP"). The crop it read still shows the gap: a blank run of columns far wider
than the gaps between the line's letters. Such a gap between two characters the recogniser put
next to each other is a word space. Gaps beside narrow glyphs (punctuation, "I", "1", ...) are
left alone: in a monospaced font they are wide without being spaces.

The other way round, it often reads a space after a comma or full stop printed tight against
the next word ("28,JALAN"): where the ink from the glyph before the stop to the glyph after it
leaves no more blank than the line's letters do, the space goes.

That check looks only at the line's own band of text: a crop often holds the edges of the lines
above and below it, whose ink would fill the gaps."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
from numpy.typing import NDArray

# A word gap is at least this share of the printed text's height ...
_MIN_GAP_TO_HEIGHT = 0.4
# ... and this many times the line's median gap between glyphs.
_MIN_GAP_TO_MEDIAN = 3.0
# ... and the recogniser's step from the character before it to the one after is this many
# times its median step between characters (a space is a character cell more).
_MIN_STEP_TO_MEDIAN = 1.3
# A space read after a stop is checked only where the line's word spaces are this share of the
# text's height wider than its gaps between letters.
_MIN_SPACE_TO_HEIGHT = 0.1
# Rows of the line's band of text are inked at least this share of its densest row.
_BAND_SHARE = 0.3
# Grey levels between ink and paper for the crop to be read at all.
_MIN_CONTRAST = 40.0
# Glyphs narrower than their cell in a monospaced font: gaps beside them are not spaces.
_NARROW = frozenset("1IJfijlrt")


def missing_spaces(crop: NDArray[np.uint8], text: str, char_x: Sequence[float]) -> list[int]:
    """Indices into ``text`` before which a space belongs, in increasing order.

    ``crop`` is the line image the recogniser read (text running left to right), ``char_x`` the
    x (crop pixels) where the recogniser saw each non-space character of ``text`` begin."""
    chars = [(i, c) for i, c in enumerate(text) if not c.isspace()]
    if len(chars) != len(char_x) or len(chars) < 2:
        return []
    gaps, height = _blank_runs(crop)
    if len(gaps) < 2 or height <= 0:
        return []
    widths = np.array([end - start for start, end in gaps], dtype=float)
    threshold = max(_MIN_GAP_TO_HEIGHT * height, _MIN_GAP_TO_MEDIAN * float(np.median(widths)))
    steps = np.diff(np.asarray(char_x, dtype=float))
    min_step = _MIN_STEP_TO_MEDIAN * float(np.median(steps))
    spaces: list[int] = []
    for (start, end), width in zip(gaps, widths, strict=True):
        if width < threshold:
            continue
        middle = (start + end) / 2
        after = next((k for k, x in enumerate(char_x) if x > middle), None)
        if after is None or after == 0:
            continue
        (left_at, left), (right_at, right) = chars[after - 1], chars[after]
        if right_at != left_at + 1 or not _word_pair(left, right):
            continue  # already a space there, or a gap a narrow glyph or a number explains
        if steps[after - 1] < min_step:
            continue
        if not spaces or spaces[-1] != right_at:
            spaces.append(right_at)
    return spaces


def _word_pair(left: str, right: str) -> bool:
    """Two wide glyphs, one a letter (digits in a gap are as often a faint decimal point)."""
    wide = all(c.isalnum() and c not in _NARROW for c in (left, right))
    return wide and (left.isalpha() or right.isalpha())


def spurious_spaces(crop: NDArray[np.uint8], text: str, char_x: Sequence[float]) -> list[int]:
    """Indices of the spaces in ``text`` after a comma or full stop that the line image does not
    show: the blank between the glyphs either side of the stop is no wider than two of the
    line's gaps between letters plus half the way to its word spaces. Arguments as for
    ``missing_spaces``."""
    chars = [(i, c) for i, c in enumerate(text) if not c.isspace()]
    if len(chars) != len(char_x) or len(chars) < 4:
        return []
    gaps, height = _blank_runs(crop, band=True)
    if not gaps or height <= 0:
        return []
    xs = list(char_x)

    def blank(a: int, b: int) -> float:
        """Blank columns between the recogniser's positions of non-space characters a and b."""
        return float(sum(end - start for start, end in gaps if xs[a] < (start + end) / 2 < xs[b]))

    letters: list[float] = []
    words: list[float] = []
    for k in range(len(chars) - 1):
        (left_at, left), (right_at, right) = chars[k], chars[k + 1]
        if left.isalnum() and right.isalnum():
            (letters if right_at == left_at + 1 else words).append(blank(k, k + 1))
    if len(letters) < 3 or not words:
        return []
    letter, word = float(np.median(letters)), float(np.median(words))
    if word - letter < _MIN_SPACE_TO_HEIGHT * height:
        return []  # the line's spaces are too narrow to tell from its letters
    limit = 2 * letter + 0.5 * (word - letter)
    drop: list[int] = []
    for k in range(1, len(chars) - 1):
        (before_at, before), (at, stop), (after_at, after) = chars[k - 1], chars[k], chars[k + 1]
        tight = before_at == at - 1 and after_at == at + 2 and stop in ",."
        if tight and before.isalnum() and after.isalnum() and blank(k - 1, k + 1) < limit:
            drop.append(at + 1)
    return drop


def _blank_runs(
    crop: NDArray[np.uint8], *, band: bool = False
) -> tuple[list[tuple[int, int]], int]:
    """Blank column runs between the first and last inked column, and the height of the ink;
    with ``band``, of the line's own band of text only."""
    grey = crop.mean(axis=2) if crop.ndim == 3 else crop.astype(float)
    paper, ink_level = np.percentile(grey, 95), np.percentile(grey, 5)
    if paper - ink_level < _MIN_CONTRAST:
        return [], 0
    ink = grey < (paper + ink_level) / 2
    if band:
        top, bottom = _text_band(ink.mean(axis=1))
        ink = ink[top:bottom]
    columns = np.flatnonzero(ink.any(axis=0))
    rows = np.flatnonzero(ink.sum(axis=1) >= max(2, ink.shape[1] // 50))
    if len(columns) < 2 or len(rows) == 0:
        return [], 0
    breaks = np.flatnonzero(np.diff(columns) > 1)
    runs = [(int(columns[k]) + 1, int(columns[k + 1])) for k in breaks]
    return runs, int(rows[-1] - rows[0] + 1)


def _text_band(density: NDArray[np.floating]) -> tuple[int, int]:
    """The rows of the line's own text: the longest run of rows inked at least a share of the
    densest row (the edges of neighbouring lines are shorter runs, apart from it)."""
    dense = density >= _BAND_SHARE * float(density.max(initial=0.0))
    best, start = (0, 0), None
    for row, on in enumerate([*dense, False]):
        if on and start is None:
            start = row
        elif not on and start is not None:
            if row - start > best[1] - best[0]:
                best = (start, row)
            start = None
    return best


def insert_spaces(text: str, before: Sequence[int]) -> str:
    """``text`` with a space put before each of the indices ``before``."""
    parts, last = [], 0
    for index in before:
        parts.append(text[last:index])
        last = index
    parts.append(text[last:])
    return " ".join(parts)

"""Word spaces the recogniser missed, found in the ink of a text line's crop.

RapidOCR's recogniser often drops the space of a receipt's wide, monospaced print
("SANYUSTATIONERYSHOP"). The crop it read still shows the gap: a blank run of columns far wider
than the gaps between the line's letters. Such a gap between two characters the recogniser put
next to each other is a word space. Gaps beside narrow glyphs (punctuation, "I", "1", ...) are
left alone: in a monospaced font they are wide without being spaces."""

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


def _blank_runs(crop: NDArray[np.uint8]) -> tuple[list[tuple[int, int]], int]:
    """Blank column runs between the first and last inked column, and the height of the ink."""
    grey = crop.mean(axis=2) if crop.ndim == 3 else crop.astype(float)
    paper, ink_level = np.percentile(grey, 95), np.percentile(grey, 5)
    if paper - ink_level < _MIN_CONTRAST:
        return [], 0
    ink = grey < (paper + ink_level) / 2
    columns = np.flatnonzero(ink.any(axis=0))
    rows = np.flatnonzero(ink.sum(axis=1) >= max(2, ink.shape[1] // 50))
    if len(columns) < 2 or len(rows) == 0:
        return [], 0
    breaks = np.flatnonzero(np.diff(columns) > 1)
    runs = [(int(columns[k]) + 1, int(columns[k + 1])) for k in breaks]
    return runs, int(rows[-1] - rows[0] + 1)


def insert_spaces(text: str, before: Sequence[int]) -> str:
    """``text`` with a space put before each of the indices ``before``."""
    parts, last = [], 0
    for index in before:
        parts.append(text[last:index])
        last = index
    parts.append(text[last:])
    return " ".join(parts)

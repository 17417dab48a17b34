"""Put line segments (runs of words read together) into reading order and number them."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from statistics import median

from paperwise.reading.model import Word


def number_lines(segments: Sequence[Sequence[Word]]) -> list[Word]:
    """The words of all segments, ordered top to bottom and left to right, ``line`` set per segment.

    Segments whose vertical centres lie within half a line height of each other form one visual
    row and are ordered left to right within it."""
    boxed = [
        (
            min(w.x0 for w in seg),
            (min(w.y0 for w in seg) + max(w.y1 for w in seg)) / 2,
            median(w.height for w in seg),
            list(seg),
        )
        for seg in segments
        if seg
    ]
    boxed.sort(key=lambda s: s[1])
    rows: list[list[tuple[float, float, float, list[Word]]]] = []
    for item in boxed:
        if rows:
            row = rows[-1]
            row_cy = sum(s[1] for s in row) / len(row)
            tolerance = 0.5 * min(item[2], median(s[2] for s in row))
            if abs(item[1] - row_cy) <= tolerance:
                row.append(item)
                continue
        rows.append([item])
    words: list[Word] = []
    line_id = 0
    for row in rows:
        for _, _, _, seg in sorted(row, key=lambda s: s[0]):
            words.extend(replace(w, line=line_id) for w in sorted(seg, key=lambda w: w.x0))
            line_id += 1
    return words

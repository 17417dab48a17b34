"""Where a value sits on the page, said so that it can be found again on the supplier's next
document: the label words printed left of it (or above it), its position relative to the page,
how many words it spans and its shape. ``anchors_of`` learns them from a located value;
``read_anchor`` reads the value at an anchor on another document."""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass
from decimal import Decimal
from typing import Any

from paperwise.domain.document_types import DataType
from paperwise.extraction.layout import Line
from paperwise.extraction.normalise import DateOrder, find_dates, format_number
from paperwise.extraction.value_locator import Hit, fold_token, join_digit_groups, word_number
from paperwise.learning.supplier_key import DocumentView
from paperwise.reading.model import Word

MAX_LABEL_WORDS = 3
MAX_ANCHORS = 3
# How far (share of the page) a value may move from its learned place and still be "there".
POSITION_TOLERANCE_X = 0.05
POSITION_TOLERANCE_Y = 0.03
ABOVE_TOLERANCE_X = 0.04
LINES_BELOW_LABEL = 4
# Words further apart than this many word heights belong to different columns.
COLUMN_GAP = 2.0
_EDGE = re.compile(r"^[\s:#=\-–]+|[\s:;,]+$")


def shape(text: str) -> str:
    """A value's shape: letters A, digits 9, runs collapsed ('INV-2024-001' -> 'A-9-9')."""
    mapped = re.sub(r"[^\W\d_]", "A", re.sub(r"\d", "9", text))
    return re.sub(r"(.)\1+", r"\1", mapped)


@dataclass(frozen=True)
class Anchor:
    page: int
    x: float  # the value's first word, share of the page width / height
    y: float
    label: tuple[str, ...] = ()  # folded label words
    side: str = ""  # "left" (same line), "above" (a line above) or "" (no label)
    dx: float = 0.0  # "above": value x0 minus label x0, share of the page width
    gap: int = 0  # "left": words between the label and the value
    words: int = 1  # words the value spans
    whole: bool = False  # the value runs to the end of its column
    shape: str = ""
    day_first: bool = True  # dates: the value is the day-first reading of what is printed

    def to_json(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Anchor:
        return cls(
            page=int(raw["page"]),
            x=float(raw["x"]),
            y=float(raw["y"]),
            label=tuple(str(t) for t in raw.get("label") or ()),
            side=str(raw.get("side") or ""),
            dx=float(raw.get("dx") or 0.0),
            gap=int(raw.get("gap") or 0),
            words=int(raw.get("words") or 1),
            whole=bool(raw.get("whole")),
            shape=str(raw.get("shape") or ""),
            day_first=bool(raw.get("day_first", True)),
        )


@dataclass(frozen=True)
class Reading:
    """A value read at an anchor: normalised, the words it came from, and whether the anchor's
    label was found (rather than the bare position)."""

    value: str
    words: tuple[Word, ...]
    page: int
    by_label: bool
    shape_ok: bool


def locate(view: DocumentView, data_type: DataType, value: str) -> list[Hit]:
    """Every place the (normalised) value is printed."""
    if data_type is DataType.DATE:
        return view.locator.date(value)
    if data_type is DataType.NUMBER:
        return view.locator.number(Decimal(value))
    return view.locator.text(value)


def _has_letter(token: str) -> bool:
    return any(c.isalpha() for c in token)


def _segment_end(words: tuple[Word, ...], start: int) -> int:
    """The index past the last word of the column that ``words[start]`` starts."""
    end = start + 1
    while end < len(words):
        previous, word = words[end - 1], words[end]
        if word.x0 - previous.x1 > COLUMN_GAP * max(previous.height, word.height, 1.0):
            break
        end += 1
    return end


def _left_label(line: Line, first: Word) -> tuple[str, ...]:
    """The label words left of ``first`` on its line: the last words of the column just left of
    it. None when that column holds digits: it is another value (a date, an amount), as in a
    row of values under a row of labels."""
    left = [w for w in line.words if w.x1 <= first.x0 + 1 and w is not first]
    column: list[Word] = []
    for word in reversed(left):
        if column and column[0].x0 - word.x1 > COLUMN_GAP * max(word.height, 1.0):
            break
        column.insert(0, word)
    if any(c.isdigit() for w in column for c in w.text):
        return ()
    tokens = tuple(t for t in (fold_token(w.text) for w in column) if t and _has_letter(t))
    return tokens[-MAX_LABEL_WORDS:]


def _row_label(line: Line, first: Word) -> tuple[tuple[str, ...], int]:
    """The words that start a row of values ('Total  1.000,00  190,00  1.190,00'): the letter
    words left of the value, past at most two other values; and how many values lie between."""
    left = [w for w in line.words if w.x1 <= first.x0 + 1 and w is not first]
    label: list[Word] = []
    gap = 0
    for word in reversed(left):
        token = fold_token(word.text)
        if not token:
            continue
        if _has_letter(token) and not any(c.isdigit() for c in token):
            label.insert(0, word)
            if len(label) == MAX_LABEL_WORDS:
                break
        elif label or gap >= 2:
            break
        else:
            gap += 1
    return tuple(fold_token(w.text) for w in label), gap


def _above_label(view: DocumentView, line_index: int, first: Word) -> tuple[Word, ...]:
    """The words of the nearest line above on the page that sit over the value."""
    lines = view.locator.lines
    page = lines[line_index].page
    for index in range(line_index - 1, max(line_index - LINES_BELOW_LABEL, 0) - 1, -1):
        if lines[index].page != page:
            break
        over = tuple(
            w
            for w in lines[index].words
            if w.x1 >= first.x0 - first.height and w.x0 <= first.x0 + 4 * first.height
        )
        if over:
            return over if all(_has_letter(fold_token(w.text)) for w in over) else ()
    return ()


def _line_of(view: DocumentView, word: Word, near: int) -> int:
    lines = view.locator.lines
    for index in range(near, min(near + LINES_BELOW_LABEL, len(lines))):
        if any(w is word for w in lines[index].words):
            return index
    return near


def anchors_of(view: DocumentView, data_type: DataType, value: str) -> list[Anchor]:
    """Anchors of every place (at most ``MAX_ANCHORS``) the value is printed."""
    out: list[Anchor] = []
    for hit in locate(view, data_type, value)[:MAX_ANCHORS]:
        first = hit.words[0]
        line = view.locator.lines[hit.line_index]
        page = view.doc.pages[line.page]
        width, height = max(page.width, 1), max(page.height, 1)
        position = index_in(line, first)
        last = index_in(line, hit.words[-1])
        whole = last >= 0 and _segment_end(line.words, max(position, 0)) == last + 1
        common: dict[str, Any] = {
            "page": line.page,
            "x": first.x0 / width,
            "y": first.y0 / height,
            "words": len(hit.words),
            "whole": whole,
            "shape": shape(value),
            "day_first": _day_first(line, position, value),
        }
        label = _left_label(line, first)
        if label:
            out.append(Anchor(label=label, side="left", **common))
            continue
        above = _above_label(view, hit.line_index, first)
        if above:
            tokens = tuple(t for t in (fold_token(w.text) for w in above) if t)
            dx = (first.x0 - above[0].x0) / width
            out.append(Anchor(label=tokens[:MAX_LABEL_WORDS], side="above", dx=dx, **common))
            continue
        label, gap = _row_label(line, first)
        out.append(Anchor(label=label, side="left" if label else "", gap=gap, **common))
    return out


def index_in(line: Line, word: Word) -> int:
    return next((i for i, w in enumerate(line.words) if w is word), -1)


def _day_first(line: Line, position: int, value: str) -> bool:
    if position < 0:
        return True
    text = " ".join(w.text for w in line.words[position : position + 6])
    for match in find_dates(text):
        if match.dmy is not None and match.dmy.isoformat() == value:
            return True
        if match.mdy is not None and match.mdy.isoformat() == value:
            return False
    return True


def read_value(
    words: tuple[Word, ...], start: int, data_type: DataType, anchor: Anchor
) -> tuple[str, tuple[Word, ...]] | None:
    """The value of ``data_type`` printed from ``words[start]`` on, normalised, with its words."""
    if not 0 <= start < len(words):
        return None
    if data_type is DataType.DATE:
        run = words[start : start + 6]
        text = " ".join(w.text for w in run)
        for match in find_dates(text):
            if match.start >= len(run[0].text) + 1:
                break
            day = match.resolve(DateOrder.DMY if anchor.day_first else DateOrder.MDY)
            if day is not None:
                covered, pos = [], 0
                for w in run:
                    if pos < match.end:
                        covered.append(w)
                    pos += len(w.text) + 1
                return day.isoformat(), tuple(covered)
        return None
    if data_type is DataType.NUMBER:
        joined = join_digit_groups(list(words[start : start + 3]))
        number = word_number(joined[0].text) if joined else None
        if number is None:
            return None
        return format_number(number), (joined[0],)
    end = _segment_end(words, start)
    if not anchor.whole:
        end = min(end, start + max(anchor.words, 1))
    taken = words[start:end]
    value = _EDGE.sub("", " ".join(w.text for w in taken))
    return (value, taken) if value else None


def _label_readings(view: DocumentView, anchor: Anchor, data_type: DataType) -> list[Reading]:
    lines = view.locator.lines
    out: list[Reading] = []
    for hit in view.locator.text(" ".join(anchor.label)):
        if anchor.side == "left":
            index = _line_of(view, hit.words[-1], hit.line_index)
            line = lines[index]
            right = tuple(w for w in line.words if w.x0 >= hit.words[-1].x1 - 1)
            right = tuple(w for w in right if all(w is not lw for lw in hit.words))
            found = read_value(right, anchor.gap, data_type, anchor)
        else:
            page = view.doc.pages[lines[hit.line_index].page]
            expected = hit.words[0].x0 + anchor.dx * page.width
            found, line = _below(view, hit.line_index, expected, page.width, data_type, anchor)
        if found is not None:
            value, words = found
            ok = _shape_ok(data_type, value, anchor)
            out.append(Reading(value, words, line.page, True, ok))
    return out


def _below(
    view: DocumentView,
    line_index: int,
    expected_x: float,
    page_width: int,
    data_type: DataType,
    anchor: Anchor,
) -> tuple[tuple[str, tuple[Word, ...]] | None, Line]:
    lines = view.locator.lines
    label_line = lines[line_index]
    for index in range(line_index + 1, min(line_index + 1 + LINES_BELOW_LABEL, len(lines))):
        line = lines[index]
        if line.page != label_line.page:
            break
        near = [
            (abs(w.x0 - expected_x), i)
            for i, w in enumerate(line.words)
            if abs(w.x0 - expected_x) <= ABOVE_TOLERANCE_X * page_width
        ]
        if near:
            return read_value(line.words, min(near)[1], data_type, anchor), line
    return None, label_line


def _position_reading(view: DocumentView, anchor: Anchor, data_type: DataType) -> Reading | None:
    if anchor.page >= len(view.doc.pages):
        return None
    page = view.doc.pages[anchor.page]
    width, height = max(page.width, 1), max(page.height, 1)
    best: tuple[float, Line, int] | None = None
    for line in view.locator.lines:
        if line.page != anchor.page:
            continue
        for i, w in enumerate(line.words):
            dx, dy = abs(w.x0 / width - anchor.x), abs(w.y0 / height - anchor.y)
            if dx <= POSITION_TOLERANCE_X and dy <= POSITION_TOLERANCE_Y:
                distance = dx + dy
                if best is None or distance < best[0]:
                    best = (distance, line, i)
    if best is None:
        return None
    _, line, start = best
    found = read_value(line.words, start, data_type, anchor)
    if found is None:
        return None
    value, words = found
    return Reading(value, words, line.page, False, _shape_ok(data_type, value, anchor))


def _shape_ok(data_type: DataType, value: str, anchor: Anchor) -> bool:
    if data_type in (DataType.DATE, DataType.NUMBER):
        return True  # it parsed as one
    return not anchor.shape or shape(value) == anchor.shape


def read_anchor(view: DocumentView, anchor: Anchor, data_type: DataType) -> Reading | None:
    """The value at ``anchor`` on ``view``'s document: by its label when the label is printed
    (the reading nearest the learned place first), else at the learned position."""
    if anchor.label:
        readings = _label_readings(view, anchor, data_type)
        if readings:
            pages = view.doc.pages

            def distance(r: Reading) -> tuple[bool, float]:
                page = pages[r.page]
                w = r.words[0]
                dy = abs(w.y0 / max(page.height, 1) - anchor.y)
                dx = abs(w.x0 / max(page.width, 1) - anchor.x)
                return (not r.shape_ok, dy + dx + (0 if r.page == anchor.page else 1))

            return min(readings, key=distance)
    return _position_reading(view, anchor, data_type)

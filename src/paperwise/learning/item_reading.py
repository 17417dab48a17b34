"""Reading a supplier's next document by its learned item table (``item_table.TableLesson``).

The table starts under a line like the learned header (or, when none was learned, at the
learned height of the first row); the learned columns are moved and scaled as the header's words
are (a scan sits elsewhere on its page). Each line's words go to the learned columns; a line with a
number in the anchor column starts a row, a line with words in text columns only continues the
row's text (up to the learned number of lines), and the first other line, the learned end words
or a page break end the table. The reading is then checked against the arithmetic the corrected
rows obeyed: it is *consistent* when every learned check holds, *unchecked* when none was
learned, else *inconsistent*."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from decimal import Decimal
from enum import StrEnum

from paperwise.domain.document_types import DataType
from paperwise.extraction.layout import Line
from paperwise.extraction.normalise import DateOrder, find_dates, format_number
from paperwise.extraction.value_locator import join_digit_groups, word_number
from paperwise.learning.item_table import (
    Column,
    TableLesson,
    header_words,
    letter_tokens,
    note_key,
    product_tolerance,
)
from paperwise.learning.supplier_key import DocumentView
from paperwise.reading.model import Word

HEADER_SIMILARITY = 0.6
TOP_TOLERANCE = 0.02  # share of the page height
COLUMN_PAD = 0.5  # word heights a column's edges give
MAX_SHIFT = 0.05  # a header further off its learned place (share of the width) is not moved to
MIN_FIT_SPREAD = 0.2  # header words this far apart (share of the width) give a scale too
MIN_SCALE = 0.8
COLUMN_REACH = 0.03  # a word this near a column (share of the page width) belongs to it
MAX_LEADING_LINES = 2  # lines between the header and the first row (a second header line)
MAX_GAP = 3.0  # line heights between two lines of one table
MAX_ROW_LINES = 6  # lines of one row's text when the lesson sets no limit
EXTRA_GAP_LINES = 2  # lines passed over between rows beyond the most the corrected rows had
SPACING_SLACK = 1.5  # times the widest line spacing of the corrected table
_EDGE = re.compile(r"^[\s:;,|]+|[\s:;,|]+$")


class Verdict(StrEnum):
    CONSISTENT = "consistent"
    UNCHECKED = "unchecked"
    INCONSISTENT = "inconsistent"


@dataclass(frozen=True)
class Cell:
    value: str
    words: tuple[Word, ...]
    page: int


@dataclass
class ReadRow:
    cells: dict[str, Cell] = field(default_factory=dict)
    lines: int = 1


def _similar(a: tuple[str, ...], b: tuple[str, ...]) -> float:
    left, right = set(a), set(b)
    return len(left & right) / len(left | right) if left and right else 0.0


def _placement(view: DocumentView, line: Line, lesson: TableLesson) -> tuple[float, float]:
    """How the learned columns map onto this document, x -> a * x + b (shares of the page
    width), fitted to the header words found again: a scan is shifted and scaled."""
    width = float(max(view.doc.pages[line.page].width, 1))
    learned = dict(zip(lesson.header, lesson.header_xs, strict=False))
    pairs = [(learned[t], w.x0 / width) for t, w in header_words(line) if t in learned]
    pairs = list(dict(pairs).items())  # one per learned word
    if not pairs:
        return 1.0, 0.0
    xs = [p[0] for p in pairs]
    if len(pairs) < 2 or max(xs) - min(xs) < MIN_FIT_SPREAD:
        shift = sum(new - old for old, new in pairs) / len(pairs)
        return (1.0, shift) if abs(shift) <= MAX_SHIFT else (1.0, 0.0)
    mean_x = sum(xs) / len(xs)
    mean_y = sum(p[1] for p in pairs) / len(pairs)
    slope = sum((x - mean_x) * (y - mean_y) for x, y in pairs) / sum((x - mean_x) ** 2 for x in xs)
    if not MIN_SCALE <= slope <= 1 / MIN_SCALE:
        return 1.0, 0.0
    return slope, mean_y - slope * mean_x


def _starts(view: DocumentView, lesson: TableLesson) -> list[tuple[int, tuple[float, float]]]:
    """The index of the first line of each table (one per page it is printed on), and where
    its columns are (``_placement``)."""
    lines = view.locator.lines
    if lesson.header:
        return [
            (i + 1, _placement(view, line, lesson))
            for i, line in enumerate(lines)
            if _similar(letter_tokens(line), lesson.header) >= HEADER_SIMILARITY
        ]
    if lesson.page >= len(view.doc.pages):
        return []
    height = max(view.doc.pages[lesson.page].height, 1)
    first = next(
        (
            i
            for i, line in enumerate(lines)
            if line.page == lesson.page and line.y0 / height >= lesson.top - TOP_TOLERANCE
        ),
        len(lines),
    )
    return [(first, (1.0, 0.0))]


def _placed(lesson: TableLesson, placement: tuple[float, float]) -> TableLesson:
    a, b = placement
    if (a, b) == (1.0, 0.0):
        return lesson
    columns = tuple(replace(c, x0=a * c.x0 + b, x1=a * c.x1 + b) for c in lesson.columns)
    return replace(lesson, columns=columns)


def _spans(columns: tuple[Column, ...], width: float) -> list[tuple[float, float, Column]]:
    """Each column's place in pixels, and a text column's reach: up to the next column (a text
    longer than the corrected ones runs on to the right)."""
    ordered = sorted(columns, key=lambda c: c.x0)
    out = []
    for k, column in enumerate(ordered):
        x1 = column.x1
        if column.data_type is not DataType.NUMBER and k + 1 < len(ordered):
            x1 = max(x1, ordered[k + 1].x0 - 0.005)
        out.append((column.x0 * width, x1 * width, column))
    return out


def _column_of(word: Word, spans: list[tuple[float, float, Column]], width: float) -> Column | None:
    """The column the word overlaps most; else the text column whose reach it is in; else the
    nearest column, when near enough."""
    best: tuple[float, Column] | None = None
    pad = COLUMN_PAD * word.height  # a narrow column (a position number) moves a little
    for column in (span[2] for span in spans):
        overlap = min(word.x1, column.x1 * width + pad) - max(word.x0, column.x0 * width - pad)
        if best is None or overlap > best[0]:
            best = (overlap, column)
    if best is not None and best[0] > 0:
        return best[1]
    for x0, x1, column in spans:
        if x0 <= word.x0 and word.x1 <= x1 + COLUMN_REACH * width:
            return column
    if best is None or best[0] < -COLUMN_REACH * width:
        return None
    return best[1]


def _cells(line: Line, lesson: TableLesson, width: float) -> tuple[dict[str, list[Word]], bool]:
    """The line's words by learned column name, and whether some word fits no column."""
    out: dict[str, list[Word]] = {}
    stray = False
    spans = _spans(lesson.columns, width)
    for word in join_digit_groups(line.words):
        column = _column_of(word, spans, width)
        if column is None:
            stray = True
        else:
            out.setdefault(column.name, []).append(word)
    return out, stray


def _number(words: list[Word]) -> tuple[str, tuple[Word, ...]] | None:
    for word in words:
        value = word_number(word.text)
        if value is not None:
            return format_number(value), (word,)
    return None


def _date(words: list[Word]) -> str | None:
    for match in find_dates(" ".join(w.text for w in words)):
        day = match.resolve(DateOrder.DMY)
        if day is not None:
            return day.isoformat()
    return None


def _text(words: list[Word]) -> str:
    return _EDGE.sub("", " ".join(w.text for w in words))


def _new_row(
    cells: dict[str, list[Word]], lesson: TableLesson, types: dict[str, DataType], page: int
) -> ReadRow | None:
    anchor = _number(cells.get(lesson.anchor, []))
    if anchor is None:
        return None
    row = ReadRow()
    for name, words in cells.items():
        if not name:
            continue
        if types[name] is DataType.NUMBER:
            number = _number(words)
            if number is not None:
                row.cells[name] = Cell(number[0], number[1], page)
        elif types[name] is DataType.DATE:
            day = _date(words)
            if day is not None:
                row.cells[name] = Cell(day, tuple(words), page)
        elif _text(words):
            row.cells[name] = Cell(_text(words), tuple(words), page)
    return row


def _text_only(cells: dict[str, list[Word]], types: dict[str, DataType]) -> dict[str, list[Word]]:
    """The words in named text columns, when no named number column holds a word: more of the
    row's text (words of unnamed columns aside); else empty."""
    if any(name and types[name] is not DataType.STRING for name in cells):
        return {}
    return {n: w for n, w in cells.items() if n and types[n] is DataType.STRING}


def _extend(row: ReadRow, cells: dict[str, list[Word]], lines: int, page: int) -> bool:
    """The text added to the row; False when the row has its lines (the line is a note)."""
    if row.lines >= (lines or MAX_ROW_LINES):
        return False
    row.lines += 1
    for name, words in cells.items():
        old = row.cells.get(name)
        if old is None:
            row.cells[name] = Cell(_text(words), tuple(words), page)
        else:
            text = f"{old.value} {_text(words)}".strip()
            row.cells[name] = Cell(text, old.words + tuple(words), old.page)
    return True


@dataclass
class _TableState:
    """Where the reading of one table is: its rows, the row's lower cells still to come by line
    index, and the lines passed over since the last row."""

    rows: list[ReadRow] = field(default_factory=list)
    lower: dict[int, set[str]] = field(default_factory=dict)
    leading: int = 0
    skipped: int = 0
    continuing: bool = False


def _lower_cells(
    view: DocumentView, lesson: TableLesson, row: ReadRow, index: int, state: _TableState
) -> None:
    """The row's number cells printed on lines under its row line (``Column.offset``)."""
    lines = view.locator.lines
    width = float(max(view.doc.pages[lines[index].page].width, 1))
    for column in lesson.columns:
        target = index + column.offset
        if not column.offset or target >= len(lines):
            continue
        if lines[target].page != lines[index].page:
            continue
        cells, _ = _cells(lines[target], lesson, width)
        number = _number(cells.get(column.name, []))
        if number is not None:
            row.cells[column.name] = Cell(number[0], number[1], lines[target].page)
            state.lower.setdefault(target, set()).add(column.name)


def _note(text: dict[str, list[Word]], lesson: TableLesson) -> bool:
    """Text starting like the lines the corrections left out of the rows' text."""
    words = sorted((w for ws in text.values() for w in ws), key=lambda w: w.x0)
    return bool(words) and note_key(words[0]) in lesson.note_words


def _ends(lesson: TableLesson, line: Line, previous: Line | None) -> bool:
    if previous is not None:
        gap = (line.y0 - previous.y1) / max(previous.height, 1)
        if gap > max(MAX_GAP, lesson.spacing * SPACING_SLACK):
            return True
    return bool(lesson.end) and letter_tokens(line)[: len(lesson.end)] == lesson.end


def _read_from(view: DocumentView, lesson: TableLesson, start: int) -> list[ReadRow]:
    lines = view.locator.lines
    if start >= len(lines):
        return []
    page_index = lines[start].page
    width = float(max(view.doc.pages[page_index].width, 1))
    types = {c.name: c.data_type for c in lesson.columns}
    state = _TableState()
    previous: Line | None = None
    for index in range(start, len(lines)):
        line = lines[index]
        if line.page != page_index or _ends(lesson, line, previous):
            break
        previous = line
        cells, stray = _cells(line, lesson, width)
        lower = state.lower.pop(index, set())
        cells = {n: w for n, w in cells.items() if n not in lower}
        row = None if lower else _new_row(cells, lesson, types, page_index)
        text = _text_only(cells, types)
        if row is not None:
            state.rows.append(row)
            _lower_cells(view, lesson, row, index, state)
            state.skipped, state.continuing = 0, True
        elif state.rows and state.continuing and not stray and text and not _note(text, lesson):
            state.continuing = _extend(state.rows[-1], text, lesson.lines_per_row, page_index)
        elif lower and not text:
            continue  # the line of a row's lower cells
        elif state.rows and state.skipped < lesson.gap_lines + EXTRA_GAP_LINES:
            state.skipped, state.continuing = state.skipped + 1, False
        elif state.rows or state.leading >= MAX_LEADING_LINES:
            break
        else:
            state.leading += 1
    return state.rows


def read_table(view: DocumentView, lesson: TableLesson) -> list[ReadRow]:
    """The rows of every table on the document printed in the learned layout."""
    rows: list[ReadRow] = []
    for start, placement in _starts(view, lesson):
        rows += _read_from(view, _placed(lesson, placement), start)
    return rows


def row_words(rows: list[ReadRow]) -> set[int]:
    """The ids of the words the rows were read from."""
    return {id(w) for row in rows for cell in row.cells.values() for w in cell.words}


def verdict(view: DocumentView, lesson: TableLesson, rows: list[ReadRow]) -> Verdict:
    """Whether the reading obeys the arithmetic the corrected rows obeyed."""
    if not rows:
        return Verdict.INCONSISTENT
    required = [c.name for c in lesson.columns if c.name and c.always]
    if any(name not in row.cells for row in rows for name in required):
        return Verdict.INCONSISTENT
    checks = 0
    if lesson.product is not None:
        a, b, c = lesson.product
        for row in rows:
            if not all(n in row.cells for n in (a, b, c)):
                return Verdict.INCONSISTENT
            x, y, z = (Decimal(row.cells[n].value) for n in (a, b, c))
            if abs(x * y - z) > product_tolerance(x, y):
                return Verdict.INCONSISTENT
        checks += 1
    if lesson.summed:
        cells = [row.cells.get(lesson.summed) for row in rows]
        if any(cell is None for cell in cells):
            return Verdict.INCONSISTENT
        total = sum((Decimal(cell.value) for cell in cells if cell), Decimal(0))
        taken = {id(w) for cell in cells if cell for w in cell.words}
        label = set(lesson.sum_label)
        lines = view.locator.lines
        if not any(
            not any(id(w) in taken for w in hit.words)
            and label <= set(letter_tokens(lines[hit.line_index]))
            for hit in view.locator.number(total)
        ):
            return Verdict.INCONSISTENT
        checks += 1
    return Verdict.CONSISTENT if checks else Verdict.UNCHECKED

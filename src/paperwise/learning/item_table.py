"""A supplier's item table, learned from one corrected document: where each corrected line-item
field sits (its column, as a share of the page width), the header line above the rows, the words
of the line that ends the table, how many lines a row's description spans, and the arithmetic
the corrected rows obeyed (one field times another is a third; a field's values add up to a sum
printed on the page). ``learn_table`` learns it; ``item_reading.read_table`` reads the rows of
the supplier's next document by it."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import pairwise, permutations
from typing import Any

from paperwise.domain.document_types import DataType, FieldDef
from paperwise.extraction.layout import Line
from paperwise.extraction.value_locator import Hit, fold_token
from paperwise.learning.anchors import locate
from paperwise.learning.supplier_key import DocumentView
from paperwise.reading.model import Word

# A row's text cell may start this many lines above its row line (the line of its numbers).
TEXT_ABOVE = 2
TEXT_BELOW = 3
ROW_DEPTH = 2  # a row's number may sit this many lines under its row line
HEADER_REACH = 3  # lines above the first row searched for the table's header
END_WORDS = 3
MIN_HEADER_WORDS = 2


def product_tolerance(a: Decimal, b: Decimal) -> Decimal:
    """How far a printed product may be from ``a`` x ``b``: a cent, plus half a cent per unit of
    the smaller factor (a unit price printed rounded to cents)."""
    return Decimal("0.011") + Decimal("0.005") * min(abs(a), abs(b))


def note_key(word: Word) -> str:
    """How a note line starts, its numbers aside ('LS-12' and 'LS-3' alike: 'ls-9')."""
    return re.sub(r"\d+", "9", fold_token(word.text))


def header_words(line: Line) -> list[tuple[str, Word]]:
    """The words of a line that hold letters and no digits, folded, with the word."""
    out = []
    for word in line.words:
        token = fold_token(word.text)
        if token and any(c.isalpha() for c in token) and not any(c.isdigit() for c in token):
            out.append((token, word))
    return out


def letter_tokens(line: Line) -> tuple[str, ...]:
    """The folded words of a line that hold letters and no digits."""
    tokens = (fold_token(w.text) for w in line.words)
    return tuple(
        t for t in tokens if t and any(c.isalpha() for c in t) and not any(c.isdigit() for c in t)
    )


@dataclass(frozen=True)
class Column:
    """One column of the table: a corrected field's (``name``), or one the corrections did not
    name (``name`` empty: its words are read by no field). x0/x1 are shares of the page width."""

    name: str
    data_type: DataType
    x0: float
    x1: float
    always: bool = True  # every corrected row had a value in it
    offset: int = 0  # lines under the row line its values are printed on

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "data_type": self.data_type.value,
            "x0": self.x0,
            "x1": self.x1,
            "always": self.always,
            "offset": self.offset,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> Column:
        return cls(
            name=str(raw.get("name") or ""),
            data_type=DataType(raw.get("data_type") or "STRING"),
            x0=float(raw["x0"]),
            x1=float(raw["x1"]),
            always=bool(raw.get("always", True)),
            offset=int(raw.get("offset") or 0),
        )


@dataclass(frozen=True)
class TableLesson:
    columns: tuple[Column, ...]
    anchor: str  # the number field every row prints on its first line
    header: tuple[str, ...] = ()  # folded words of the line above the first row
    header_xs: tuple[float, ...] = ()  # where each header word starts, share of the width
    end: tuple[str, ...] = ()  # first folded words of the line after the last row
    # most lines a text cell may span: the most the corrected rows' text spanned when a line
    # under a row was left out of it (a note); 0 when every such line belonged to the text
    lines_per_row: int = 0
    note_words: tuple[str, ...] = ()  # first words of such lines left out of the text
    product: tuple[str, str, str] | None = None  # a x b = c held on every corrected row
    summed: str = ""  # a field whose values added up to a number printed on the page
    sum_label: tuple[str, ...] = ()  # the words of the line the sum was printed on
    gap_lines: int = 0  # most lines between two corrected rows that belonged to neither
    spacing: float = 0.0  # widest gap between two lines of the table, in line heights
    page: int = 0
    top: float = 0.0  # the first row's top, share of the page height

    def to_json(self) -> dict[str, Any]:
        return {
            "columns": [c.to_json() for c in self.columns],
            "anchor": self.anchor,
            "header": list(self.header),
            "header_xs": list(self.header_xs),
            "end": list(self.end),
            "lines_per_row": self.lines_per_row,
            "note_words": list(self.note_words),
            "product": list(self.product) if self.product else None,
            "summed": self.summed,
            "sum_label": list(self.sum_label),
            "gap_lines": self.gap_lines,
            "spacing": self.spacing,
            "page": self.page,
            "top": self.top,
        }

    @classmethod
    def from_json(cls, raw: dict[str, Any]) -> TableLesson:
        product = raw.get("product")
        return cls(
            columns=tuple(Column.from_json(c) for c in raw.get("columns") or ()),
            anchor=str(raw.get("anchor") or ""),
            header=tuple(str(t) for t in raw.get("header") or ()),
            header_xs=tuple(float(x) for x in raw.get("header_xs") or ()),
            end=tuple(str(t) for t in raw.get("end") or ()),
            lines_per_row=int(raw.get("lines_per_row") or 0),
            note_words=tuple(str(t) for t in raw.get("note_words") or ()),
            product=(str(product[0]), str(product[1]), str(product[2])) if product else None,
            summed=str(raw.get("summed") or ""),
            sum_label=tuple(str(t) for t in raw.get("sum_label") or ()),
            gap_lines=int(raw.get("gap_lines") or 0),
            spacing=float(raw.get("spacing") or 0.0),
            page=int(raw.get("page") or 0),
            top=float(raw.get("top") or 0.0),
        )


@dataclass
class _LocatedRow:
    line: int  # index of the row line in the locator's lines
    options: dict[str, list[Hit]]  # per field, where its value is printed in the row
    offsets: dict[str, int]  # number fields printed this many lines under the row line
    cells: dict[str, tuple[Word, ...]] = field(default_factory=dict)
    last_line: int = 0


def _row_line(candidates: dict[str, list[Hit]], numeric: set[str], after: int) -> int | None:
    """The line most of the row's values are printed on (numbers on it, text starting on it or
    just above it), past line ``after``."""
    score: dict[int, int] = {}
    for name, hits in candidates.items():
        lines: set[int] = set()
        for hit in hits:
            if name in numeric:
                lines.add(hit.line_index)
            else:
                lines.update(range(hit.line_index, hit.line_index + TEXT_ABOVE + 1))
        for index in lines:
            if index > after:
                score[index] = score.get(index, 0) + 1
    if not score:
        return None
    best = max(score.values())
    if best < min(2, len(candidates)):
        return None
    return min(i for i, s in score.items() if s == best)


def _locate_row(
    view: DocumentView, row: dict[str, str], types: dict[str, DataType], after: int
) -> _LocatedRow | None:
    """The row's line and the places each value may be printed at in the row; None unless
    (nearly) every value is found, one number on the row line."""
    candidates = {name: locate(view, types[name], value) for name, value in row.items()}
    candidates = {name: hits for name, hits in candidates.items() if hits}
    if len(row) - len(candidates) > len(row) // 3:
        return None
    numeric = {n for n in candidates if types[n] is DataType.NUMBER}
    line = _row_line(candidates, numeric, after)
    if line is None:
        return None
    options: dict[str, list[Hit]] = {}
    offsets: dict[str, int] = {}
    for name, hits in candidates.items():
        low = line - (0 if name in numeric else TEXT_ABOVE)
        near = [h for h in hits if low <= h.line_index <= line]
        if not near and name in numeric:  # a number printed on a line under the row line
            below = [h for h in hits if line < h.line_index <= line + ROW_DEPTH]
            if below:
                offsets[name] = below[0].line_index - line
                near = [h for h in below if h.line_index == below[0].line_index]
        if near:
            options[name] = near
    if len(row) - len(options) > len(row) // 3 or not any(
        n in numeric and n not in offsets for n in options
    ):
        return None
    return _LocatedRow(line, options, offsets)


def _choose_cells(view: DocumentView, located: list[_LocatedRow]) -> None:
    """Each row's cells: where a value is printed more than once in its row (a quantity of 2
    in a row numbered 2), the place nearest where the field sits in the rows without doubt;
    the fewest choices first, no word in two cells."""
    settled: dict[str, list[float]] = {}
    for row in located:
        for name, hits in row.options.items():
            if len(hits) == 1:
                settled.setdefault(name, []).append(hits[0].words[0].x0)
    lines = view.locator.lines
    for row in located:
        used: set[int] = set()
        for name in sorted(row.options, key=lambda n: len(row.options[n])):
            xs = sorted(settled.get(name, []))
            usual = xs[len(xs) // 2] if xs else None
            free = [h for h in row.options[name] if not any(id(w) in used for w in h.words)]
            if not free:
                continue
            if usual is not None:
                free.sort(key=lambda h: abs(h.words[0].x0 - usual))
            else:
                free.sort(key=lambda h: -h.words[-1].x1)  # the rightmost: values follow codes
            row.cells[name] = free[0].words
            used.update(id(w) for w in free[0].words)
        row.last_line = row.line
        for words in row.cells.values():
            for index in range(row.line, min(row.line + TEXT_BELOW + 1, len(lines))):
                if any(w is x for w in words for x in lines[index].words):
                    row.last_line = max(row.last_line, index)


def _spanned_lines(view: DocumentView, words: tuple[Word, ...], line: int) -> int:
    lines = view.locator.lines
    found = {
        index
        for index in range(max(line - TEXT_ABOVE, 0), min(line + TEXT_BELOW + 1, len(lines)))
        if any(w is x for w in words for x in lines[index].words)
    }
    return max(len(found), 1)


def _left_out_lines(
    view: DocumentView, located: list[_LocatedRow], named: list[Column], width: float
) -> set[str]:
    """The first words of lines under a row's text, before the next row, with text in the text
    columns (up to the next column) that the corrected row did not take (a note under each
    item: 'Lieferschein LS-1')."""
    lines = view.locator.lines
    reach = [
        (c.x0 * width - 1, min((n.x0 for n in named if n.x0 > c.x1), default=1.0) * width)
        for c in named
        if c.data_type is not DataType.NUMBER
    ]
    taken = {id(w) for r in located for words in r.cells.values() for w in words}
    found: set[str] = set()
    for k, row in enumerate(located):
        stop = located[k + 1].line if k + 1 < len(located) else row.last_line + 2
        for index in range(row.line + 1, min(stop, len(lines))):
            line, above = lines[index], lines[index - 1]
            if line.page != above.page or line.y0 - above.y1 > above.height:
                break
            rest = [w for w in line.words if id(w) not in taken]
            if rest and all(any(x0 <= w.x0 and w.x1 <= x1 for x0, x1 in reach) for w in rest):
                found.add(note_key(rest[0]))
    return found


def _unnamed_columns(
    view: DocumentView, located: list[_LocatedRow], named: list[Column], width: float
) -> list[Column]:
    """Columns of the row lines that no corrected field named (a position, a unit, a code)."""
    spans: list[list[float]] = []
    for row in located:
        taken = {id(w) for words in row.cells.values() for w in words}
        for word in view.locator.lines[row.line].words:
            if id(word) not in taken:
                spans.append([word.x0 / width, word.x1 / width])
    merged: list[list[float]] = []
    for span in sorted(spans):
        if merged and span[0] <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], span[1])
        else:
            merged.append(span)
    return [
        Column("", DataType.STRING, x0, x1)
        for x0, x1 in merged
        if not any(x0 < c.x1 and c.x0 < x1 for c in named)
    ]


def _product(rows: list[dict[str, str]], numbers: list[str]) -> tuple[str, str, str] | None:
    for a, b, c in permutations(numbers, 3):
        if a > b:
            continue
        values = [(Decimal(r[a]), Decimal(r[b]), Decimal(r[c])) for r in rows]
        if all(abs(x * y - z) <= product_tolerance(x, y) for x, y, z in values):
            return a, b, c
    return None


def _summed(
    view: DocumentView, rows: list[dict[str, str]], numbers: list[str], taken: set[int]
) -> tuple[str, tuple[str, ...]]:
    """A number field whose values add up to a number printed on the page (not in a row), and
    the words of the line the sum is printed on."""
    for name in numbers:
        total = sum((Decimal(r[name]) for r in rows), Decimal(0))
        for hit in view.locator.number(total):
            if not any(id(w) in taken for w in hit.words):
                return name, letter_tokens(view.locator.lines[hit.line_index])
    return "", ()


def _same_page_pairs(
    view: DocumentView, located: list[_LocatedRow]
) -> list[tuple[_LocatedRow, _LocatedRow]]:
    lines = view.locator.lines
    return [(a, b) for a, b in pairwise(located) if lines[a.line].page == lines[b.line].page]


def _spacing(view: DocumentView, located: list[_LocatedRow]) -> float:
    """The widest gap between two lines of the table on one page, in line heights."""
    lines = view.locator.lines
    spans = [(r.line, r.last_line) for r in located]
    spans += [(a.line, b.line) for a, b in _same_page_pairs(view, located)]
    gaps = [
        (lines[i].y0 - lines[i - 1].y1) / max(lines[i - 1].height, 1)
        for first, last in spans
        for i in range(first + 1, last + 1)
        if lines[i].page == lines[i - 1].page
    ]
    return max(gaps, default=0.0)


def _header(view: DocumentView, first_line: int) -> tuple[tuple[str, ...], tuple[float, ...]]:
    """The words of the header line above the first row, and where each starts (shares of the
    page width)."""
    lines = view.locator.lines
    page = lines[first_line].page
    width = float(max(view.doc.pages[page].width, 1))
    for index in range(first_line - 1, max(first_line - HEADER_REACH, 0) - 1, -1):
        if lines[index].page != page:
            break
        words = header_words(lines[index])
        if len(words) >= MIN_HEADER_WORDS:
            return tuple(t for t, _ in words), tuple(w.x0 / width for _, w in words)
    return (), ()


def _end(view: DocumentView, located: list[_LocatedRow]) -> tuple[str, ...]:
    """The first words of the first line after the last row (on its page) whose words no line
    among the rows starts with: a line printed under every row (a code, a note) is no end."""
    lines = view.locator.lines
    first, last = located[0].line, max(r.last_line for r in located)
    inside = {letter_tokens(lines[i])[:END_WORDS] for i in range(first, last + 1)}
    for index in range(last + 1, len(lines)):
        if lines[index].page != lines[last].page:
            break
        tokens = letter_tokens(lines[index])[:END_WORDS]
        if tokens and tokens not in inside:
            return tokens
    return ()


def learn_table(
    view: DocumentView, fields: Sequence[FieldDef], rows: list[dict[str, str]]
) -> TableLesson | None:
    """The layout of the table the corrected ``rows`` are printed in; None when the rows are not
    found on the page (every row must be, each with a number on its line)."""
    types = {f.name: f.data_type for f in fields}
    located: list[_LocatedRow] = []
    after = -1
    for row in rows:
        found = _locate_row(view, {k: v for k, v in row.items() if k in types}, types, after)
        if found is None:
            return None
        located.append(found)
        after = found.line + max(found.offsets.values(), default=0)
    _choose_cells(view, located)
    lines = view.locator.lines
    first = lines[located[0].line]
    page = view.doc.pages[first.page]
    width, height = float(max(page.width, 1)), float(max(page.height, 1))
    named: list[Column] = []
    for f in fields:
        cells = [r.cells[f.name] for r in located if f.name in r.cells]
        if not cells:
            continue
        x0 = min(w.x0 for words in cells for w in words) / width
        x1 = max(w.x1 for words in cells for w in words) / width
        offsets = [r.offsets.get(f.name, 0) for r in located if f.name in r.cells]
        offset = max(set(offsets), key=offsets.count)
        always = len(cells) == len(located)
        named.append(Column(f.name, f.data_type, x0, x1, always, offset))
    # number cells are found on their row's line: the rightmost always-printed one starts a row
    numbers = sorted(
        (c for c in named if c.data_type is DataType.NUMBER and c.always),
        key=lambda c: (c.offset, -c.x1),
    )
    if not numbers or numbers[0].offset:
        return None
    anchor = numbers[0].name
    text_lines = [
        _spanned_lines(view, words, r.line)
        for r in located
        for name, words in r.cells.items()
        if types[name] is not DataType.NUMBER
    ]
    left_out = _left_out_lines(view, located, named, width)
    names = [c.name for c in numbers]
    complete = [r for r in rows if all(r.get(n) is not None for n in names)]
    taken = {id(w) for r in located for words in r.cells.values() for w in words}
    summed, sum_label = _summed(view, complete, names, taken) if complete else ("", ())
    header, header_xs = _header(view, min(r.line for r in located))
    columns = sorted(named + _unnamed_columns(view, located, named, width), key=lambda c: c.x0)
    return TableLesson(
        columns=tuple(columns),
        anchor=anchor,
        header=header,
        header_xs=header_xs,
        end=_end(view, located),
        lines_per_row=max(text_lines, default=1) if left_out else 0,
        note_words=tuple(sorted(left_out)),
        product=_product(complete, names) if complete else None,
        summed=summed,
        sum_label=sum_label,
        gap_lines=max(
            (b.line - a.last_line - 1 for a, b in _same_page_pairs(view, located)), default=0
        ),
        spacing=_spacing(view, located),
        page=first.page,
        top=first.y0 / height,
    )

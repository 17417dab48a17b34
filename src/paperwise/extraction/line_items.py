"""Line items from word geometry: item tables with a header row (ruled or not), and receipts
without one.

A table starts at a header line (see table_columns); each body line is split into cells that are
given to the header's columns. A row is anchored by a money amount in the amount column; a line
with a price or quantity but no amount joins the amount line right below it, and tightly spaced
lines below a row continue its description. The table ends at the totals block, another table's
titles, or runs on over the next page. Arithmetic (quantity x unit price = amount) sets the
confidence."""

from __future__ import annotations

import itertools
import re
from collections.abc import Sequence
from dataclasses import dataclass, field

from paperwise.domain.document_types import FieldDef
from paperwise.domain.result import FieldResult
from paperwise.extraction.item_line import adds_up, glued, line_row, product
from paperwise.extraction.item_rows import MONEY, ItemRow, row_fields
from paperwise.extraction.layout import Line
from paperwise.extraction.receipt_items import receipt_rows
from paperwise.extraction.table_columns import (
    TableHeader,
    build_header,
    header_score,
    is_noise_line,
    is_number_word,
    is_title_line,
)
from paperwise.reading.model import Word

# The first words of lines that end an item table: totals, tax breakdowns, payment terms.
_STOP = re.compile(
    r"(?i)^\W*(zwischen)?summe|^\W*(sub\W*)?tota[l1i]|^\W*gesamt|^\W*netto|^\W*brutto|^\W*rechnungs"
    r"(summe|betrag)|^\W*endbetrag|^\W*zahlbetrag|^\W*positionssumme|^\W*belegsumme|^\W*montant"
    r"|^\W*totale|^\W*importe|^\W*imponibile|^\W*skupaj|^\W*(sub)?totaal|^\W*amount\s+due"
    r"|^\W*balance|^\W*umsatzsteuer|^\W*steuer|^\W*mwst|^\W*ust\b|^\W*vat\b|^\W*tva\b|^\W*iva\b"
    r"|^\W*btw\b|^\W*ddv\b|^\W*zu\s+zahlen|^\W*net\s|^\W*grand|^\W*zahlungs|^\W*payment"
    r"|^\W*bankverbindung|^\W*nettobetrag|^\W*warenwert|^\W*taxe?s?\b|^\W*tax\W*base"
    r"|^\W*sous\W*total|^\W*base\W+(imponible|imposable|ht)\b|^\W*cuota|^\W*osnova"
    r"|^\W*endsumme|^\W*(za\W+plačilo|te\W+betalen|da\W+pagare|a\W+pagar|à\W+payer)"
)
# Running page furniture that may sit inside a table that goes on over a page break.
_PAGE_FURNITURE = re.compile(r"(?i)\b(seite|page|pagina|página|stran|pag\.)\s*\d+")
_KEY_VALUE = re.compile(r":\s*\S")
_TEXT_BLOCK_LINES = 3  # a description wrapped over this many lines is one text in a narrow cell
_WORD = re.compile(r"[^\W\d_]{2}")  # a word of two letters or more, not a tax code ("S")
_NOTE_VALUE = re.compile(r"\d[.,]\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")


def extract_line_items(lines: list[Line], fields: Sequence[FieldDef]) -> list[list[FieldResult]]:
    """One list of FieldResults per item row, holding every given field in order (``lines``: the
    document's lines, ``layout.document_lines``)."""
    if not fields:
        return []
    scores = [header_score(line) for line in lines]
    rows = table_rows(lines, scores) if any(scores) else receipt_rows(lines)
    return [row_fields(row, fields) for row in rows]


def table_rows(lines: list[Line], scores: list[int]) -> list[ItemRow]:
    """Rows of every item table with a header row, in reading order (``scores``: each line's
    header_score)."""
    rows: list[ItemRow] = []
    index = 0
    while index < len(lines):
        if scores[index]:
            header = build_header(lines, index)
            if header.column("amount") is not None:
                found, index = _table_body(lines, scores, header)
                rows.extend(_consistent(found))
                continue
            index = header.last_line
        index += 1
    return rows


def _table_body(
    lines: list[Line], scores: list[int], header: TableHeader
) -> tuple[list[ItemRow], int]:
    """The rows below a header, and the index of the line that ended the table."""
    body = _Body(header, anchor=lines[header.last_line])
    previous = lines[header.last_line]
    index = header.last_line + 1
    while index < len(lines):
        line = lines[index]
        if line.page != previous.page:
            body.new_page()
        if _skipped(line):
            index += 1
            continue
        if scores[index] or _ends_table(line, header):
            break
        body.read(line)
        previous = line
        index += 1
    body.release_pending()
    return body.rows, index


def _skipped(line: Line) -> bool:
    """Ruling marks and margin text, and running page furniture without money on it."""
    return is_noise_line(line) or (
        bool(_PAGE_FURNITURE.search(line.text))
        and not any(MONEY.search(w.text) for w in line.words)
    )


@dataclass
class _Body:
    """What reading a table's body line by line keeps between lines."""

    header: TableHeader
    anchor: Line | None  # the last amount line (or the titles)
    rows: list[ItemRow] = field(default_factory=list)
    current: ItemRow | None = None  # the row whose wrapped description lines may follow
    pending: ItemRow | None = None  # a price or quantity line waiting for its amount below
    # the row the pending line was printed tightly under: if no amount comes for the pending
    # line, it was that row's wrapped line with the row's price details beside it
    owner: ItemRow | None = None
    # text lines since the last amount line (or the titles), with the row each went to
    above: list[tuple[Line, list[Word], ItemRow | None]] = field(default_factory=list)
    named_above: set[int] = field(default_factory=set)  # rows whose text is above their numbers

    def new_page(self) -> None:
        self.release_pending()
        self.current = self.anchor = None
        self.above = []

    def read(self, line: Line) -> None:
        row = line_row(line, self.header, first_line=True)
        if not row.numbers.keys() & {"amount", "unit_price", "quantity"}:
            row = line_row(line, self.header, first_line=False)
        if "amount" in row.numbers:
            self._amount_line(row, line)
        elif row.numbers.keys() & {"unit_price", "quantity"}:
            self._priced_line(row, line)
        elif self._note_line(row, line):
            self.release_pending()
            self.current = None
            self.above = []
        else:
            self._text_line(row.words.get("description", []), line)

    def release_pending(self) -> None:
        """The pending line got no amount: its text goes on the description of the row it was
        printed under ("Premium Coffee Beans 1kg (1" over "kg)  - €1.00  - €5.00")."""
        pending, owner = self.pending, self.owner
        self.pending = self.owner = None
        if pending is None or owner is None or id(owner) in self.named_above:
            return
        owner.add_text("description", pending.words.get("description", []))

    def _amount_line(self, row: ItemRow, line: Line) -> None:
        pending = self.pending
        if (
            pending is not None
            and _tight(pending.last_line, line, 1.6)
            and not (row.numbers.keys() & {"unit_price", "quantity"})
        ):
            row = _merge(pending, row)
            self.pending = self.owner = None
        self.release_pending()
        if (
            not row.words.get("description")
            and self.anchor is not None
            and _take_leading(row, self.above, self.anchor, line)
        ):
            self.named_above.add(id(row))
        self.rows.append(row)
        self.current, self.anchor, self.above = row, line, []

    def _priced_line(self, row: ItemRow, line: Line) -> None:
        """A quantity or price with no amount: the first line of a row whose amount follows, or,
        without a quantity or a "key: value", the wrapped line of the row above with its price
        details ("- €1.00", "= €19.00"; not "Bruttopreis : 5,50")."""
        owner = None
        if "quantity" not in row.numbers and not _KEY_VALUE.search(line.text):
            if self.current is not None and _tight(self.current.last_line, line, 0.9):
                owner = self.current
            elif self.pending is not None and _tight(self.pending.last_line, line, 0.9):
                owner = self.owner
        self.release_pending()
        self.pending, self.owner = row, owner
        self.current, self.anchor, self.above = None, line, []

    def _note_line(self, row: ItemRow, line: Line) -> bool:
        """A line under a row that is no part of its description: a numbered note, a "key:
        value" annotation, a sum under no title."""
        return (
            _numbered(row, line, self.header)  # a row number over a note
            # "Bruttopreis: 5,50", "Liefer-Datum: ..." annotate a row
            or (_annotation(row, line) and not _in_text_block(self.current, line))
            # "Total excl. VAT  9,413.25 $" under the quantities
            or _gives_sum(row, line, self.header)
        )

    def _text_line(self, text: list[Word], line: Line) -> None:
        current, pending = self.current, self.pending
        if current is not None and _tight(current.last_line, line, 0.9):
            current.last_line = line
            if id(current) in self.named_above:
                self.above.append((line, text, None))  # "Période de ...": details
            else:
                current.add_text("description", text)
                self.above.append((line, text, current))
        elif pending is not None and _tight(pending.last_line, line, 0.9):
            pending.add_text("description", text)
            pending.last_line = line
        else:
            self.current = None
            self.above.append((line, text, None))


def _annotation(row: ItemRow, line: Line) -> bool:
    """A "key: value" note below a row: in the description's column ("Bruttopreis: 5,50"), or
    with nothing there. A key and value only in another column ("Art-Nr-Lieferant: KR3M" under
    the references, beside the description's next line) leave the description going on."""
    if not _KEY_VALUE.search(line.text):
        return False
    words = row.words.get("description", [])
    if not words:
        return True
    described = " ".join(w.text for w in words)
    before = [w for w in line.words if w.x1 <= words[0].x0]
    # the key printed just before the description's words: "Nettobetrag: 496,00"
    keyed = bool(before) and before[-1].text.endswith(":") and glued(before[-1], words[0])
    return keyed or bool(_KEY_VALUE.search(described)) or described.endswith(":")


def _gives_sum(row: ItemRow, line: Line, header: TableHeader) -> bool:
    """A line with a sum of money outside the description and under no title: no wrapped
    description ("Total excl. VAT  9,413.25 $" under nothing; a discount under its own title
    beside a description line is part of the row)."""
    described = row.words.get("description", [])
    return any(
        MONEY.search(w.text)
        and w not in described
        and not any(min(w.x1, c.x1) > max(w.x0, c.x0) for c in header.columns)
        for w in line.words
    )


def _numbered(row: ItemRow, line: Line, header: TableHeader) -> bool:
    """A line with a row number under the position title but no amount: a row of its own (a
    note numbered like an item), never the wrapped text of the row above."""
    position = header.column("position")
    if position is None or not row.words.get("description"):
        return False
    return any(
        w.text.rstrip(".").isdigit() and min(w.x1, position.x1) > max(w.x0, position.x0)
        for w in line.words
    )


def _take_leading(
    row: ItemRow, above: list[tuple[Line, list[Word], ItemRow | None]], anchor: Line, line: Line
) -> bool:
    """A row whose numbers line has no text of its own, printed in the middle of its text or
    under it: the text lines right above it, set off from the row before by the widest gap
    since that row's numbers (or the titles), are its description, taken from the row above
    where they had been added as wrapped text. Whether it found any: the lines below the
    numbers of such a row are details (a period, a longer description), not its name."""
    if not above:
        return False
    chain = [anchor, *(text_line for text_line, _, _ in above), line]
    gaps = [lower.y0 - upper.y1 for upper, lower in itertools.pairwise(chain)]
    split = max(range(len(above)), key=lambda k: gaps[k])
    size = max(line.height, 1.0)
    if gaps[split] <= gaps[-1] + 0.25 * size or any(g > 0.9 * size for g in gaps[split + 1 :]):
        return False
    for _, words, owner in above[split:]:
        if owner is not None:
            kept = [w for w in owner.words.get("description", []) if w not in words]
            owner.words["description"] = kept
        row.add_text("description", words)
    return bool(row.words.get("description"))


def _in_text_block(row: ItemRow | None, line: Line) -> bool:
    """A "key: value" line inside a description that wraps over several lines of a narrow cell
    ("Verpackung:" "Flasche" "VKE/Geb: 1"): part of that one text, not a note on the row. Below
    a description of a line or two, or giving a date or a price, it annotates the row
    ("Liefer-Datum: 01.09.2013", "Bruttopreis: 5,50")."""
    if row is None or not _tight(row.last_line, line, 0.9) or _NOTE_VALUE.search(line.text):
        return False
    words = row.words.get("description", [])
    tops = {round(w.y0) for w in words}
    if len(tops) < _TEXT_BLOCK_LINES:
        return False
    size = max(line.height, 1.0)
    left, right = min(w.x0 for w in words), max(w.x1 for w in words)
    return abs(line.x0 - left) <= 0.5 * size and line.x1 <= right + 0.5 * size


def _consistent(rows: list[ItemRow]) -> list[ItemRow]:
    """Drop what is not an item: rows with no text, amount-only rows printed after several items
    that mostly show a quantity or unit price (allowances and charges on the whole invoice), and
    amount-only rows (allowances and charges printed among items) in a table whose items mostly
    show a quantity or unit price, or that take off from items all charged (a discount below
    positive items)."""
    rows = [r for r in rows if r.words.get("description") or r.words.get("product_code")]
    last = max((i for i, r in enumerate(rows) if _priced(r)), default=-1)
    items = sum(_priced(r) for r in rows[: last + 1])
    if items >= 2 and items * 3 >= (last + 1) * 2:
        rows = rows[: last + 1]  # amounts after the priced items: charges on the whole invoice
    priced = [r for r in rows if _priced(r)]
    if len(priced) * 3 >= len(rows) * 2:
        return priced
    if priced and all(r.numbers["amount"][0] > 0 for r in priced):
        return [r for r in rows if _priced(r) or r.numbers["amount"][0] >= 0]
    return rows


def _priced(row: ItemRow) -> bool:
    return bool(row.numbers.keys() & {"unit_price", "quantity"})


def _ends_table(line: Line, header: TableHeader) -> bool:
    """Another table's titles, or a totals line: a total's name and an amount, without both a
    quantity and a unit price (an item may well be called "Steuerberatung")."""
    if is_title_line(line):
        return True
    if (
        _STOP.search(line.text)
        and len(line.words) <= 3
        and not any(any(c.isdigit() for c in w.text) for w in line.words)
    ):
        return True  # a section heading: "Umsatzsteueraufschlüsselung", "Belegsummen:"
    words = [w for w in line.words if len(w.text) > 1]
    cells: list[list[Word]] = []
    for word in words:
        if cells and glued(cells[-1][-1], word):
            cells[-1].append(word)
        else:
            cells.append([word])
    named = [i for i, cell in enumerate(cells) if _STOP.search(" ".join(w.text for w in cell))]
    if not named:
        return _label_under_figures(line, header)
    row = line_row(line, header)
    if "amount" not in row.numbers:
        return False
    if named[0] == 0:
        return not _vouched(row, header)  # the line starts with a total's name
    return not {"unit_price", "quantity"} <= row.numbers.keys()  # "19 % VAT (S)" in a row


def _vouched(row: ItemRow, header: TableHeader) -> bool:
    """The row's quantity times its unit price gives its amount (to a discount column's say):
    an item, even one named like a total ("Steuerberatung"). The figures of a total sentence
    under the columns ("Gesamtbetrag EUR 16.441,05 inkl. 20% MwSt. (2.740,17)") do not add up."""
    multiplied = product(row.numbers)
    if multiplied is None:
        return False
    if header.column("discount") is not None:
        return True  # a discount may take the amount below the product
    return adds_up(multiplied, row.numbers["amount"][0])


def _label_under_figures(line: Line, header: TableHeader) -> bool:
    """An amount whose name is printed under the number columns, well right of where the
    descriptions are ("Osnova  35,46", "Sous-total HT  9,41"): a totals line in any language,
    unless it has a quantity or price; with both, they must give the amount ("Invoice total GBP
    656.61 incl. 20% VAT (109.43)" is a sentence, its figures under the columns by chance)."""
    described = header.column("description")
    text = [w for w in line.words if _WORD.search(w.text) and not is_number_word(w)]
    if described is None or not text:
        return False
    if min(w.x0 for w in text) <= described.x1 + 2 * max(line.height, 1.0):
        return False
    row = line_row(line, header)
    if "amount" not in row.numbers:
        return False
    priced = row.numbers.keys() & {"unit_price", "quantity"}
    return not priced or (len(priced) == 2 and not _vouched(row, header))


def _tight(upper: Line | None, lower: Line, factor: float) -> bool:
    """``lower`` follows ``upper`` on the same page with at most ``factor`` line heights of gap."""
    if upper is None or upper.page != lower.page:
        return False
    return lower.y0 - upper.y1 <= factor * max(upper.height, lower.height, 1.0)


def _merge(first: ItemRow, second: ItemRow) -> ItemRow:
    merged = ItemRow(first.page, last_line=second.last_line)
    for part in (first, second):
        for meaning, words in part.words.items():
            if meaning == "description" or meaning not in merged.words:
                merged.add_text(meaning, words)
        for meaning, number in part.numbers.items():
            merged.numbers.setdefault(meaning, number)
    return merged

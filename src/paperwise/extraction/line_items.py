"""Line items from word geometry: item tables with a header row (ruled or not), and receipts
without one.

A table starts at a header line (see table_columns); each body line is split into cells that are
given to the header's columns. A row is anchored by a money amount in the amount column; a line
with a price or quantity but no amount joins the amount line right below it, and tightly spaced
lines below a row continue its description. The table ends at the totals block, another table's
titles, or runs on over the next page. Arithmetic (quantity x unit price = amount) sets the
confidence."""

from __future__ import annotations

import re
from collections.abc import Sequence
from decimal import Decimal

from paperwise.domain.document_types import FieldDef
from paperwise.domain.result import FieldResult
from paperwise.extraction.item_rows import MONEY, ItemRow, row_fields
from paperwise.extraction.layout import Line, document_lines
from paperwise.extraction.receipt_items import receipt_rows
from paperwise.extraction.table_columns import (
    IGNORED_COLUMNS,
    NUMERIC_COLUMNS,
    Column,
    TableHeader,
    assign_column,
    build_header,
    header_score,
    is_noise_line,
    is_number_word,
    is_title_line,
)
from paperwise.extraction.value_locator import join_digit_groups, word_number
from paperwise.reading.model import ReadDocument, Word

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
_MAX_RATE = 30  # a VAT rate above this is some other number in the rate column
_KEY_VALUE = re.compile(r":\s*\S")
_TEXT_BLOCK_LINES = 3  # a description wrapped over this many lines is one text in a narrow cell
_NOTE_VALUE = re.compile(r"\d[.,]\d{2}\b|\b\d{1,2}[./]\d{1,2}[./]\d{2,4}\b")
_DECIMALS = re.compile(r"\d[.,]\d{1,4}$")
_UNIT_WORD = re.compile(r"^[^\W\d_][\w.²³/-]{0,9}$")


def extract_line_items(doc: ReadDocument, fields: Sequence[FieldDef]) -> list[list[FieldResult]]:
    """One list of FieldResults per item row, holding every given field in order."""
    if not fields:
        return []
    lines = document_lines(doc.pages)
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
    rows: list[ItemRow] = []
    current: ItemRow | None = None
    pending: ItemRow | None = None
    index = header.last_line + 1
    previous: Line = lines[header.last_line]
    while index < len(lines):
        line = lines[index]
        if line.page != previous.page:
            current = pending = None
        if is_noise_line(line):
            index += 1
            continue
        if _PAGE_FURNITURE.search(line.text) and not any(MONEY.search(w.text) for w in line.words):
            index += 1
            continue
        if scores[index] or _ends_table(line, header):
            break
        row = _line_row(line, header, first_line=True)
        if not row.numbers.keys() & {"amount", "unit_price", "quantity"}:
            row = _line_row(line, header, first_line=False)
        if "amount" in row.numbers:
            if (
                pending is not None
                and _tight(pending.last_line, line, 1.6)
                and not (row.numbers.keys() & {"unit_price", "quantity"})
            ):
                row = _merge(pending, row)
            rows.append(row)
            current, pending = row, None
        elif row.numbers.keys() & {"unit_price", "quantity"}:
            pending, current = row, None
        elif _KEY_VALUE.search(line.text) and not _in_text_block(current, line):
            current = pending = None  # "Bruttopreis: 5,50", "Liefer-Datum: ..." annotate a row
        elif current is not None and _tight(current.last_line, line, 0.9):
            current.add_text("description", row.words.get("description", []))
            current.last_line = line
        elif pending is not None and _tight(pending.last_line, line, 0.9):
            pending.add_text("description", row.words.get("description", []))
            pending.last_line = line
        else:
            current = None
        previous = line
        index += 1
    return rows, index


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
    """Drop what is not an item: rows with no text, and amount-only rows (allowances and charges
    printed among items) in a table whose items mostly show a quantity or unit price, or that
    take off from items all charged (a discount below positive items)."""
    rows = [r for r in rows if r.words.get("description") or r.words.get("product_code")]
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
        if cells and _glued(cells[-1][-1], word):
            cells[-1].append(word)
        else:
            cells.append([word])
    if not any(_STOP.search(" ".join(w.text for w in cell)) for cell in cells):
        return _label_under_figures(line, header)
    row = _line_row(line, header)
    return "amount" in row.numbers and not {"unit_price", "quantity"} <= row.numbers.keys()


def _label_under_figures(line: Line, header: TableHeader) -> bool:
    """An amount whose name is printed under the number columns, well right of where the
    descriptions are ("Osnova  35,46", "Sous-total HT  9,41"): a totals line in any language."""
    described = header.column("description")
    text = [w for w in line.words if any(c.isalpha() for c in w.text) and not is_number_word(w)]
    if described is None or not text:
        return False
    if min(w.x0 for w in text) <= described.x1 + 2 * max(line.height, 1.0):
        return False
    row = _line_row(line, header)
    return "amount" in row.numbers and not row.numbers.keys() & {"unit_price", "quantity"}


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


def _line_row(line: Line, header: TableHeader, *, first_line: bool = True) -> ItemRow:
    """The words of one body line given to the header's columns.

    Each word goes to the column it lies under; a text word printed right after a description
    word stays in the description (long descriptions run under the next titles), and a
    punctuation mark goes with the word after it ("- Garantie")."""
    words = join_digit_groups(line.words)
    columns = [assign_column(w, header) for w in words]
    for i in range(1, len(words)):
        before = columns[i - 1]
        if (
            before is not None
            and before.meaning == "description"
            and columns[i] is not before
            and not is_number_word(words[i])
            and _glued(words[i - 1], words[i])
        ):
            columns[i] = before
    for i in range(1, len(words) - 1):
        # a number inside a description: the column's own number follows it ("Typkl. 18"), or
        # description words surround it ("Kommissionierer 1250032 D. Muster")
        column = columns[i]
        before, after = columns[i - 1], columns[i + 1]
        if (
            column is not None
            and column.meaning in NUMERIC_COLUMNS
            and before is not None
            and before.meaning == "description"
            and _glued(words[i - 1], words[i])
            and (
                any(columns[j] is column for j in range(i + 1, len(words)))
                or (after is before and _glued(words[i], words[i + 1]))
            )
        ):
            columns[i] = before
    for i in range(len(words) - 2, -1, -1):
        if not any(c.isalnum() for c in words[i].text) and _glued(words[i], words[i + 1]):
            columns[i] = columns[i + 1]
    row = ItemRow(line.page, last_line=line)
    whole_amount: Number | None = None
    counted: Number | None = None
    for column, cell in _runs(words, columns):
        if column is not None and column.meaning == "position":
            counted = _count_in(cell, header) or counted
        if column is None or column.meaning in IGNORED_COLUMNS:
            continue
        if column.meaning not in NUMERIC_COLUMNS:
            row.add_text(column.meaning_on(first_line), cell)
            continue
        numbers = [w for w in cell if is_number_word(w)]
        if not numbers:
            if column.meaning == "quantity":
                row.add_text("unit", [w for w in cell if _UNIT_WORD.match(w.text)][:1])
            continue
        number_word = numbers[0] if column.meaning == "quantity" else numbers[-1]
        value = word_number(number_word.text)
        if value is None:
            continue
        if column.meaning == "amount" and not MONEY.search(number_word.text):
            whole_amount = whole_amount or (value, [number_word])
            continue
        if column.meaning == "vat_rate" and not 0 <= value <= _MAX_RATE:
            continue
        row.numbers.setdefault(column.meaning, (value, [number_word]))
        if column.meaning == "quantity":
            unit = [w for w in cell[cell.index(number_word) + 1 :] if _UNIT_WORD.match(w.text)]
            if unit:
                row.add_text("unit", unit[:1])
    _add_vouched(row, whole_amount, counted)
    return row


Number = tuple[Decimal, list[Word]]


def _count_in(cell: list[Word], header: TableHeader) -> Number | None:
    """A number with decimals under a "#" or "No" title, in a table without a quantity column:
    perhaps a count of units ("1,00"), not a row number."""
    if (
        header.column("quantity") is not None
        or len(cell) != 1
        or not _DECIMALS.search(cell[0].text)
    ):
        return None
    value = word_number(cell[0].text)
    return (value, cell) if value is not None else None


def _add_vouched(row: ItemRow, whole_amount: Number | None, counted: Number | None) -> None:
    """Numbers taken only when the row's arithmetic vouches for them: an amount printed without
    decimals ("30 Meter  10  300"), a count under a "#" title ("400,00 Luftballon 0,79 316,00")."""
    if (
        whole_amount is not None
        and "amount" not in row.numbers
        and _product(row.numbers) == whole_amount[0]
    ):
        row.numbers["amount"] = whole_amount
    amount = row.numbers.get("amount")
    if (
        counted is not None
        and amount is not None
        and "quantity" not in row.numbers
        and _product({**row.numbers, "quantity": counted}) == amount[0]
    ):
        row.numbers["quantity"] = counted


def _product(numbers: dict[str, Number]) -> Decimal | None:
    quantity, price = numbers.get("quantity"), numbers.get("unit_price")
    return quantity[0] * price[0] if quantity is not None and price is not None else None


def _glued(left: Word, right: Word) -> bool:
    """Two words printed about one space apart."""
    return right.x0 - left.x1 <= 0.9 * max(left.height, right.height, 1.0)


def _runs(
    words: list[Word], columns: list[Column | None]
) -> list[tuple[Column | None, list[Word]]]:
    """Consecutive words of the same column, as (column, words)."""
    runs: list[tuple[Column | None, list[Word]]] = []
    for word, column in zip(words, columns, strict=True):
        if runs and runs[-1][0] is column:
            runs[-1][1].append(word)
        else:
            runs.append((column, [word]))
    return runs

"""One body line of an item table read into a row: each word given to the column it lies
under (descriptions running under the next titles kept whole, cells under unknown titles set
apart), its numbers read, and those only the row's arithmetic vouches for."""

from __future__ import annotations

import dataclasses
import re
from decimal import Decimal

from paperwise.extraction.item_rows import MONEY, ItemRow
from paperwise.extraction.layout import Line
from paperwise.extraction.normalise import currency_code
from paperwise.extraction.table_columns import (
    IGNORED_COLUMNS,
    NUMERIC_COLUMNS,
    Column,
    TableHeader,
    assign_column,
    is_number_word,
)
from paperwise.extraction.value_locator import join_digit_groups, word_number
from paperwise.reading.model import Word

_MAX_RATE = 30  # a VAT rate above this is some other number in the rate column
_DECIMALS = re.compile(r"\d[.,]\d{1,4}$")
_UNIT_WORD = re.compile(r"^[^\W\d_][\w.²³/-]{0,9}$")

Number = tuple[Decimal, list[Word]]

# An article code: capitals and digits (both), maybe joined by dashes, dots or slashes; no
# lower-case letters, so not a word of the description ("GG-SCRW-A4-01", "COMP-XYZ-123").
_CODE = re.compile(r"^(?=.*\d)(?=(.*[A-Z]){2})[A-Z0-9][A-Z0-9._/-]{4,}$")
_CODE_DASHES = frozenset({"-", "–", "—", "|"})
# Words whose boxes overlap by this share of their height are two cells printed into each other.
_COLLISION = 0.3


def line_row(line: Line, header: TableHeader, *, first_line: bool = True) -> ItemRow:
    """The words of one body line given to the header's columns (see ``_line_columns``), read
    into a row: text cells as text, numeric cells as numbers."""
    words = join_digit_groups(line.words)
    columns = _line_columns(words, header)
    labelled = _collided_label(words, columns, header)
    untitled = _untitled_count(words, columns, header)
    row = ItemRow(line.page, last_line=line)
    whole_amount: Number | None = None
    counted: Number | None = None
    for column, cell in _runs(words, columns):
        if column is not None and column.meaning == "position":
            counted = _count_in(cell, header) or counted
        if column is None or column.meaning in IGNORED_COLUMNS:
            continue
        if _counts_units(column, cell, header):
            column = dataclasses.replace(column, meaning="quantity")
        if column.meaning not in NUMERIC_COLUMNS:
            row.add_text(column.meaning_on(first_line), cell)
        else:
            unvouched = _read_number(row, column, cell, words)
            whole_amount = whole_amount or unvouched
    _add_vouched(row, whole_amount, counted)
    if first_line:
        _split_code_prefix(row, labelled)
    if untitled is not None and "quantity" not in row.numbers:
        count, unit = untitled
        _add_vouched(row, None, count)
        if row.numbers.get("quantity") is count and unit and "unit" not in row.words:
            row.add_text("unit", unit)
    return row


def _line_columns(words: list[Word], header: TableHeader) -> list[Column | None]:
    """Each word's column: the one it lies under, except that a text word printed right after
    a description word stays in the description (long descriptions run under the next titles),
    as does a number inside the description (see ``_in_description``), and a punctuation mark
    goes with the word after it ("- Garantie")."""
    columns = [assign_column(w, header) for w in words]
    for i in range(1, len(words)):
        before = columns[i - 1]
        if (
            before is not None
            and before.meaning == "description"
            and columns[i] is not before
            and not is_number_word(words[i])
            and glued(words[i - 1], words[i])
        ):
            columns[i] = before
    for i in range(1, len(words)):
        if _in_description(words, columns, i, header):
            columns[i] = columns[i - 1]
    for i in range(len(words) - 2, -1, -1):
        if not any(c.isalnum() for c in words[i].text) and glued(words[i], words[i + 1]):
            columns[i] = columns[i + 1]
    return columns


def _in_description(
    words: list[Word], columns: list[Column | None], i: int, header: TableHeader
) -> bool:
    """A number given to a numeric column but glued to the description before it: part of the
    description when the column's own number follows it ("Typkl. 18"), description words
    surround it ("Kommissionierer 1250032 D. Muster"), or it ends the text under no title at
    all ("Dicke 80" in a description wrapped in a narrow column)."""
    column, before = columns[i], columns[i - 1]
    after = columns[i + 1] if i + 1 < len(words) else None
    return (
        column is not None
        and column.meaning in NUMERIC_COLUMNS
        and before is not None
        and before.meaning == "description"
        and glued(words[i - 1], words[i])
        and (
            any(columns[j] is column for j in range(i + 1, len(words)))
            or (after is before and glued(words[i], words[i + 1]))
            or _ends_description(words[i], before, column, header)
        )
    )


def _collided_label(
    words: list[Word], columns: list[Column | None], header: TableHeader
) -> list[Word]:
    """A numbered word at the start of the description printed over the next one (their boxes
    overlap: a narrow cell's text running into the next cell, "LINE-001" over "Premium" under
    "Item Product") is a cell of its own: the row's item label, kept as its product code (a
    code column's own cell when the header has one). The words moved, which an article code at
    the start of the description may replace (see ``_split_code_prefix``)."""
    described = header.column("description")
    start = next((i for i, c in enumerate(columns) if c is described), None)
    if described is None or start is None or start + 1 >= len(words):
        return []
    first, second = words[start], words[start + 1]
    overlap = first.x1 - second.x0
    if (
        columns[start + 1] is not described
        or overlap < _COLLISION * max(first.height, 1.0)
        or not any(c.isdigit() for c in first.text)
    ):
        return []
    coded = header.column("product_code")
    columns[start] = coded or Column("product_code", first.x0, first.x1, "")
    return [first]


def _read_number(
    row: ItemRow, column: Column, cell: list[Word], words: list[Word]
) -> Number | None:
    """The number of a numeric cell into ``row`` (a quantity with its unit); a line amount
    printed without decimals is returned instead, for arithmetic to vouch for."""
    numbers = [w for w in cell if is_number_word(w)]
    if not numbers:
        if column.meaning == "quantity":
            row.add_text("unit", [w for w in cell if _UNIT_WORD.match(w.text)][:1])
        return None
    number_word = numbers[0] if column.meaning == "quantity" else numbers[-1]
    value = word_number(number_word.text)
    if value is None:
        return None
    if column.meaning == "amount" and not MONEY.search(number_word.text):
        return (value, [number_word])
    if column.meaning == "vat_rate" and not 0 <= value <= _MAX_RATE:
        return None
    if _rate_or_money(column, number_word, words):
        return None
    row.numbers.setdefault(column.meaning, (value, [number_word]))
    if column.meaning == "quantity":
        unit = [w for w in cell[cell.index(number_word) + 1 :] if _UNIT_WORD.match(w.text)]
        if unit:
            row.add_text("unit", unit[:1])
    return None


def _rate_or_money(column: Column, number: Word, words: list[Word]) -> bool:
    """A number that cannot be the column's: a percentage as a price, quantity or amount, a
    sum of money as a quantity ("5,00% sur 100,00 EUR": an allowance on a base, not a count;
    "total GBP 656.61")."""
    if column.meaning in ("quantity", "unit_price", "amount") and "%" in number.text:
        return True
    if column.meaning != "quantity":
        return False
    at = words.index(number)
    beside = words[max(at - 1, 0) : at] + words[at + 1 : at + 2]
    return any(_names_currency(w.text) for w in beside)


def _names_currency(text: str) -> bool:
    """A currency code or sign as printed: 'EUR', '€', 'Ft'; not a unit in lower case ('ft', a
    foot, in 'Vinyl banner 3x6 ft 1')."""
    return currency_code(text) is not None and not (text.isalpha() and text.islower())


def _split_code_prefix(row: ItemRow, labelled: list[Word]) -> None:
    """A description that starts with an article code set off by a dash ("GG-SCRW-A4-01 -
    High-Grade Screws"): the code is the row's product code, the rest its description. A row
    number under a code title ("Item" over "1"), or an item label ``labelled`` out of a cell
    of its own, gives way to it."""
    words = row.words.get("description", [])
    code = row.words.get("product_code", [])
    if (
        len(words) < 3
        or not all((w.text.isdigit() and len(w.text) <= 3) or w in labelled for w in code)
        or words[1].text not in _CODE_DASHES
        or not _CODE.match(words[0].text)
    ):
        return
    row.words["product_code"] = words[:1]
    row.words["description"] = words[2:]


def _counts_units(column: Column, cell: list[Word], header: TableHeader) -> bool:
    """A number under a units title in a table with no quantity column: a count of units
    ("Uds." and "Einheiten" over "100", "Units" over "3 kg"), not a unit of measure."""
    return (
        column.meaning == "unit" and header.column("quantity") is None and is_number_word(cell[0])
    )


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


def _untitled_count(
    words: list[Word], columns: list[Column | None], header: TableHeader
) -> tuple[Number, list[Word]] | None:
    """Cells right of the description's title, under no title and printed well apart from the
    words before them, are a column whose title is not known ("Aant." over "3 kg"): they leave
    the column they were given (``columns`` set to None) when that is the description they
    follow, or a column that has a cell under its own title on this line. The first that starts
    with a number may be a count, with its unit; arithmetic decides (see _add_vouched). A number
    left of every title and apart from the next word is a row number or code."""
    if (
        len(words) > 1
        and header.columns
        and is_number_word(words[0])
        and words[0].x1 < header.columns[0].x0
        and not glued(words[0], words[1])
    ):
        columns[0] = None
    described = header.column("description")
    found: tuple[Number, list[Word]] | None = None
    if described is None:
        return found
    start = 1
    while start < len(words):
        end = start + 1
        while end < len(words) and glued(words[end - 1], words[end]):
            end += 1
        cell, target = words[start:end], columns[start]
        if (
            target is not None
            and not glued(words[start - 1], cell[0])
            and cell[0].x0 > described.x1
            and not any(_under(w, c) for w in cell for c in header.columns)
            and (
                (target is described and columns[start - 1] is described)
                or (
                    target is not described
                    and any(columns[k] is target and _under(w, target) for k, w in enumerate(words))
                )
            )
        ):
            columns[start:end] = [None] * len(cell)
            if found is None and is_number_word(cell[0]):
                value = word_number(cell[0].text)
                unit = [w for w in cell[1:2] if _UNIT_WORD.match(w.text)]
                found = ((value, [cell[0]]), unit) if value is not None else None
        start = end
    return found


def _ends_description(word: Word, described: Column, numeric: Column, header: TableHeader) -> bool:
    """A number under no title, nearer the description's title than the number column it was
    given: the last word of a description wrapped in a narrow cell ("Dicke 80")."""
    if any(_under(word, c) for c in header.columns):
        return False
    if numeric.x0 >= word.x1:
        return word.x0 - described.x1 < numeric.x0 - word.x1
    return False


def _under(word: Word, column: Column) -> bool:
    return min(word.x1, column.x1) > max(word.x0, column.x0)


def _add_vouched(row: ItemRow, whole_amount: Number | None, counted: Number | None) -> None:
    """Numbers taken only when the row's arithmetic vouches for them: an amount printed without
    decimals ("30 Meter  10  300"), a count under a "#" title ("400,00 Luftballon 0,79 316,00")."""
    if (
        whole_amount is not None
        and "amount" not in row.numbers
        and product(row.numbers) == whole_amount[0]
    ):
        row.numbers["amount"] = whole_amount
    amount = row.numbers.get("amount")
    if (
        counted is not None
        and amount is not None
        and "quantity" not in row.numbers
        and adds_up(product({**row.numbers, "quantity": counted}), amount[0])
    ):
        row.numbers["quantity"] = counted


def adds_up(multiplied: Decimal | None, amount: Decimal) -> bool:
    """Quantity times price equal to an amount to the cent, or to half a percent (prices printed
    rounded)."""
    if multiplied is None:
        return False
    return abs(multiplied - amount) <= max(Decimal("0.011"), abs(amount) * Decimal("0.005"))


def product(numbers: dict[str, Number]) -> Decimal | None:
    """Quantity times unit price, when the row has both."""
    quantity, price = numbers.get("quantity"), numbers.get("unit_price")
    return quantity[0] * price[0] if quantity is not None and price is not None else None


def glued(left: Word, right: Word) -> bool:
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

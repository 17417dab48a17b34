"""One line-item row as found on the page, and its conversion to the result's field values:
values normalised, boxed, and scored by arithmetic (quantity x unit price = amount)."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from decimal import Decimal

from paperwise.domain.document_types import DataType, FieldDef, field_meaning
from paperwise.domain.result import FieldResult, Value
from paperwise.extraction.layout import Line, box_of
from paperwise.extraction.normalise import fold_whitespace, format_number
from paperwise.extraction.value_locator import word_number
from paperwise.reading.model import Word

# A money amount: decimals after a separator ("198,00", "1.234.56", "-5,00").
MONEY = re.compile(r"\d[.,]\d{2}\b")
_BASE_CONFIDENCE = 0.75
_ARITHMETIC_OK = 0.93
_ARITHMETIC_BAD = 0.5
_TEXT_CONFIDENCE = 0.85


@dataclass
class ItemRow:
    """One row: for each meaning the words printed in its column, and the numbers read."""

    page: int
    words: dict[str, list[Word]] = field(default_factory=dict)
    numbers: dict[str, tuple[Decimal, list[Word]]] = field(default_factory=dict)
    last_line: Line | None = None

    def add_text(self, meaning: str, words: list[Word]) -> None:
        self.words.setdefault(meaning, []).extend(words)


def row_fields(row: ItemRow, fields: Sequence[FieldDef]) -> list[FieldResult]:
    """The row's value for each field, in the fields' order (an empty list where it has none)."""
    confidence = _row_confidence(row)
    out: list[FieldResult] = []
    for f in fields:
        meaning = field_meaning(f.name, f.hint, f.data_type, line_item=True)
        value = _field_value(row, meaning, confidence, f.data_type) if meaning else None
        out.append(FieldResult(f.name, f.data_type, [value] if value else []))
    return out


def _field_value(
    row: ItemRow, meaning: str, confidence: float, data_type: DataType
) -> Value | None:
    number = row.numbers.get(meaning)
    if number is not None:
        return Value(format_number(number[0]), confidence, box_of(row.page, number[1]))
    words = row.words.get(meaning)
    if not words:
        return None
    text = _join_words(words)
    if data_type is DataType.NUMBER:
        parsed = word_number(text)
        if parsed is None:
            return None
        return Value(format_number(parsed), confidence * 0.9, box_of(row.page, words))
    if meaning == "description":
        text = text.rstrip(" :")  # "Heiße Luft pro Liter:" introduces what follows
    if not text:
        return None
    # arithmetic vouches for the numbers; where a text cell ends is less certain
    return Value(text, min(confidence, _TEXT_CONFIDENCE), box_of(row.page, words))


def _join_words(words: list[Word]) -> str:
    """Words of a cell as text; a word ending in a hyphen joins the next ("Personen-" "Unfall"),
    as does the start of the next line after a code broken at a hyphen ("GWDSTG-DIN976-"
    "A-4.8-(A2K)"); before a lower-case word it is a word left open ("Verkaufs- und")."""
    out = ""
    previous: Word | None = None
    for word in words:
        first = word.text[:1]
        if (
            out.endswith("-")
            and len(out) > 1
            and (
                (out[-2].isalpha() and first.isupper())
                or (out[-2].isalnum() and not first.islower() and _next_line(previous, word))
            )
        ):
            out += word.text
        else:
            out = f"{out} {word.text}" if out else word.text
        previous = word
    return fold_whitespace(out)


def _next_line(previous: Word | None, word: Word) -> bool:
    return previous is not None and word.y0 >= previous.y0 + 0.5 * (previous.y1 - previous.y0)


def _row_confidence(row: ItemRow) -> float:
    quantity = row.numbers.get("quantity")
    price = row.numbers.get("unit_price")
    amount = row.numbers.get("amount")
    if quantity is None or price is None or amount is None:
        return _BASE_CONFIDENCE
    product = quantity[0] * price[0]
    tolerance = max(Decimal("0.011"), abs(amount[0]) * Decimal("0.005"))
    return _ARITHMETIC_OK if abs(product - amount[0]) <= tolerance else _ARITHMETIC_BAD

"""Line items of receipts, which print no header row: lines of "description ... amount", with
"quantity x price" where printed, above the first total."""

from __future__ import annotations

import re

from paperwise.extraction.item_rows import MONEY, ItemRow
from paperwise.extraction.layout import Line
from paperwise.extraction.table_columns import is_number_word
from paperwise.extraction.value_locator import word_number
from paperwise.reading.model import Word

_RECEIPT_STOP = re.compile(
    r"(?i)\b(sub\W*tota[l1i]|tota[l1i]|totaal|totale|gesamt|zwischensumme|endbetrag|brutto|netto"
    r"|montant|importe|skupaj|rechnungsbetrag|zahlbetrag|rückgeld|wechselgeld)|summe|steuer"
    r"|\b(tax|gst|vat|mwst|ust|tva|iva|btw|ddv|change|cash|tunai|rounding|round|tender|balance"
    r"|card|visa|master|payment|paid|due|discount|service\s+charge|net|bar|kembali|amount|qty"
    r"|items?\s*:)\b"
)
# What may follow a receipt line's amount: a currency or a one- or two-letter tax code.
_AFTER_AMOUNT = re.compile(r"^([€$£¥]|[A-Z]{3}|[A-Z]{1,2}|\*)$")
_TIMES = re.compile(r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s*(?:x|X|×|@|\*)\s*(\d+[.,]\d{2})(?![\d])")
_LETTERS = re.compile(r"[^\W\d_]{2,}")


def receipt_rows(lines: list[Line]) -> list[ItemRow]:
    """Rows of a receipt: lines of "description ... amount" (with "quantity x price" where
    printed) above the first total; a line with only a description joins the amount line below."""
    rows: list[ItemRow] = []
    waiting: list[Word] = []  # a description printed on the line above its amount
    for line in lines:
        words = list(line.words)
        amount_word = _trailing_amount(words)
        if _RECEIPT_STOP.search(line.text) and not _TIMES.search(line.text):
            if rows:
                break
            waiting = []
            continue
        if amount_word is None:
            waiting = words if _LETTERS.search(line.text) and len(words) <= 8 else []
            continue
        row = ItemRow(line.page, last_line=line)
        value = word_number(amount_word.text)
        if value is None:
            continue
        row.numbers["amount"] = (value, [amount_word])
        rest = words[: words.index(amount_word)]
        times = _TIMES.search(" ".join(w.text for w in rest))
        if times is not None:
            quantity, price = word_number(times.group(1)), word_number(times.group(2))
            qty_words = [w for w in rest if times.group(1) in w.text][:1]
            price_words = [w for w in rest if times.group(2) in w.text][-1:]
            if quantity is not None and price is not None and qty_words and price_words:
                row.numbers["quantity"] = (quantity, qty_words)
                row.numbers["unit_price"] = (price, price_words)
            start = rest.index(qty_words[0]) if qty_words else len(rest)
            rest = rest[:start]
        description = [w for w in rest if not is_number_word(w) or _LETTERS.search(w.text)]
        if not any(_LETTERS.search(w.text) for w in description):
            description = waiting
        if description:
            row.add_text("description", description)
            rows.append(row)
        waiting = []
    return rows


def _trailing_amount(words: list[Word]) -> Word | None:
    """The money amount a receipt line ends with (a tax code or currency may follow it)."""
    for word in reversed(words[-3:]):
        if MONEY.search(word.text) and is_number_word(word):
            return word
        if not _AFTER_AMOUNT.match(word.text):
            return None
    return None

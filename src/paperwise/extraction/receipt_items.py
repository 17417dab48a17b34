"""Line items of receipts, which print no header row: lines of "description ... amount", with
"quantity x price" where printed, above the first total."""

from __future__ import annotations

import re
from decimal import Decimal

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
    # what is to pay, and how it was paid, in EN/DE/FR/IT/ES/NL/SL
    r"|\b(te\s+betalen|betaald|pin(betaling)?|contant|wisselgeld|zu\s+zahlen|bezahlt|bargeld"
    r"|ec\W*karte|girocard|kartenzahlung|[aà]\s+payer|esp[eè]ces|rendu|carte\s+(bancaire|bleue)"
    r"|\bcb\b|da\s+pagare|contanti|pagato|bancomat|carta\s+di\s+credito|a\s+pagar|efectivo"
    r"|tarjeta|pagado|cambio|za\s+pla[cč]ilo|pla[cč]ano|pla[cč]ilna|kartica|gotovina|vra[cč]ilo)\b"
)
# What may follow a receipt line's amount: a currency or a one- or two-letter tax code.
_AFTER_AMOUNT = re.compile(r"^([€$£¥]|[A-Z]{3}|[A-Z]{1,2}|\*)$")
# "2 x 1,49", "2 Stk x 1,49", "0,754 kg x 2,99": a count or weight (and its unit) times a price
_TIMES = re.compile(
    r"(?<![\d.,])(\d+(?:[.,]\d+)?)\s*(?:[^\W\d_]{1,3}\.?\s*)?(?:x|X|×|@|\*)\s*(\d+[.,]\d{2})(?![\d])"
)
# What may follow the price of a "quantity x price" line: a currency, per unit ("EUR/kg").
_PRICE_UNIT = re.compile(r"\s*([€$£]|[A-Z]{3})?\s*(/\s*[^\W\d_]{1,3})?")
_LETTERS = re.compile(r"[^\W\d_]{2,}")
_NAME_GAP = 1.0  # a gap of about a character or two (monospace) between words of one name
_PRICE_LIKE = re.compile(r"\d[.,]\d{2,}$")  # two decimals or more: a price, a weight


def receipt_rows(lines: list[Line]) -> list[ItemRow]:
    """Rows of a receipt: lines of "description ... amount" (with "quantity x price" where
    printed) above the first total; a line with only a description joins the amount line below,
    a line with only "quantity x price" gives them to the row its product is the amount of."""
    rows: list[ItemRow] = []
    waiting: list[Word] = []  # a description printed on the line above its amount
    counted: _Times | None = None  # "2 x 1,49" printed on the line above its item
    figures = _figures(lines)
    for line in lines:
        words = list(line.words)
        amount_word = _trailing_amount(words)
        if _RECEIPT_STOP.search(line.text) and not _TIMES.search(line.text):
            if rows:
                break
            waiting = []
            continue
        bare = _bare_times(words)
        if bare is not None:
            if not (rows and _give_times(rows[-1], bare)):
                counted = bare
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
        description = _description(rest, figures)
        if not description:
            description = waiting
        if description:
            row.add_text("description", description)
            rows.append(row)
            if counted is not None:
                _give_times(row, counted)
        waiting, counted = [], None
    return rows


_Times = tuple[Decimal, Word, Decimal, Word]  # quantity and unit price, with their words


def _bare_times(words: list[Word]) -> _Times | None:
    """A line of only "quantity x unit price" ("2 x 1,49"), printed under or over its item."""
    text = " ".join(w.text for w in words)
    times = _TIMES.match(text)
    if times is None or len(words) > 6 or not _PRICE_UNIT.fullmatch(text[times.end() :]):
        return None
    quantity, price = word_number(times.group(1)), word_number(times.group(2))
    price_words = [w for w in words if times.group(2) in w.text][-1:]
    if quantity is None or price is None or not price_words:
        return None
    return quantity, words[0], price, price_words[0]


def _give_times(row: ItemRow, times: _Times) -> bool:
    """Quantity and unit price to a row whose amount is their product; False when it is not."""
    quantity, qty_word, price, price_word = times
    amount = row.numbers["amount"][0]
    if "quantity" in row.numbers or abs(quantity * price - amount) > Decimal("0.011"):
        return False
    row.numbers["quantity"] = (quantity, [qty_word])
    row.numbers["unit_price"] = (price, [price_word])
    return True


def _figures(lines: list[Line]) -> tuple[list[Word], int]:
    """The numbers printed before the amount on lines that end with one (items, totals), and
    how many such lines there are."""
    out: list[Word] = []
    count = 0
    for line in lines:
        words = list(line.words)
        amount = _trailing_amount(words)
        if amount is not None and _bare_times(words) is None:
            out += [w for w in words[: words.index(amount)] if not _named(w)]
            count += 1
    return out, count


def _in_column(word: Word, figures: tuple[list[Word], int]) -> bool:
    """A number lined up with numbers on at least half the lines that end with an amount: a
    column of counts or prices ("KAYA PUFF  4  1.60  6.40"). Two names that happen to put a
    number at the same place ("Mleko 3,5%", "Jajca 10" on a fixed-pitch receipt) are not."""
    others, lines = figures
    aligned = sum(1 for other in others if other is not word and _aligned(word, other))
    return aligned + 1 >= max(2, lines / 2)


def _description(words: list[Word], figures: tuple[list[Word], int]) -> list[Word]:
    """An item's name: from its first word of letters on. Numbers before it are a count or a
    code; after it, a number printed a space from the name is part of it ("Mleko 3,5% 1L",
    "Free range eggs 6"), unless it looks like a price or weight ("1.60", "2.570") or stands in
    a column of numbers."""
    first = next((i for i, w in enumerate(words) if _named(w)), None)
    if first is None:
        return []
    out = [words[first]]
    for word in words[first + 1 :]:
        gap = word.x0 - out[-1].x1
        if _named(word) or (
            gap <= _NAME_GAP * max(word.height, out[-1].height, 1.0)
            and not _PRICE_LIKE.search(word.text)
            and not _in_column(word, figures)
        ):
            out.append(word)
    return out if any(_LETTERS.search(w.text) for w in out) else []


def _aligned(word: Word, other: Word) -> bool:
    """Two words one under the other, flush left or right (a column)."""
    if word.line == other.line and word.y0 == other.y0:
        return False
    tolerance = 0.3 * max(word.height, other.height, 1.0)
    return abs(word.x1 - other.x1) <= tolerance or abs(word.x0 - other.x0) <= tolerance


def _named(word: Word) -> bool:
    return not is_number_word(word) or bool(_LETTERS.search(word.text))


def _trailing_amount(words: list[Word]) -> Word | None:
    """The money amount a receipt line ends with (a tax code or currency may follow it)."""
    for word in reversed(words[-3:]):
        if MONEY.search(word.text) and is_number_word(word):
            return word
        if not _AFTER_AMOUNT.match(word.text):
            return None
    return None

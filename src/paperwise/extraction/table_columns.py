"""Line-item table headers: which printed column titles mean what, where the columns are, and
which body word belongs to which column. Multilingual: EN, DE, FR, IT, ES, NL, SL.

A header is found from word geometry alone: a line whose cells (runs of words with small gaps)
name at least a description or quantity column and an amount or price column; lines stacked
tightly above and below it that name columns too ("Positions-" over "betrag") join it."""

from __future__ import annotations

import dataclasses
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from paperwise.extraction.layout import Line
from paperwise.extraction.value_locator import word_number
from paperwise.reading.model import Word

NUMERIC_COLUMNS = frozenset(
    {"amount", "unit_price", "quantity", "vat_rate", "tax_amount", "discount", "gross_amount"}
)
# Columns read to keep their words out of the others, but not given to any field.
IGNORED_COLUMNS = frozenset({"position", "discount", "tax_amount", "date", "gross_amount"})

# Column meanings, tried in this order on a header cell's folded text. Tax amounts come early so
# that "Steuerbetrag" is not an amount; totals before prices so that "Gesamtpreis" is an amount,
# prices before other amounts so that "Net price" is a unit price.
_COLUMN_PATTERNS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (meaning, re.compile(pattern))
    for meaning, pattern in (
        # a date column ("Datum", "Lieferdatum", "Date") whatever its first word
        ("date", r"^(\w+\W+)?(date|fecha|data|period|période|periode)$|^\w*(datum|zeitraum)$"),
        (
            "tax_amount",
            r"(steuer|mwst|ust|vat|tax|tva|iva|btw|ddv|gst)\W*(betrag|amount|bedrag"
            r"|importo|importe|znesek)|(montant|importo|importe|bedrag|znesek)\W*"
            r"(de\W*)?(la\W*)?(tva|iva|btw|ddv)",
        ),
        # a rate of tax, not a price per unit ("VAT Rate", "Tax rate")
        ("vat_rate", r"\b(vat|tax|gst|tva|iva|btw|ddv|mwst|ust)\W*(rate|satz)\b"),
        (
            "discount",
            r"rabatt|discount|\bdisc\b|sconto|remise|descuento|\bdto\b|korting|popust"
            r"|nachlass|abschlag|allowance",
        ),
        (
            "amount",
            r"gesamt|\bges\b|total|totaal|summe|\bsum\b|skupaj|\bgp\b|\bg\W*preis"
            r"|\bext(ended)?\W*(price|amount)",
        ),
        (
            "unit_price",
            r"preis|price|prix|prezzo|precio|prijs|\bcena\b|\bcijena\b|\brate\b"
            r"|tarif|\beinzel|\bep\b|\bp\W*u\b|\bpu\b|\bunit\W*cost|unitaire|unitario|\bp\W*unit",
        ),
        (
            "amount",
            r"betrag|amount|montant|importo|importe|bedrag|znesek|wert\b|vrednost|entgelt"
            r"|\bvalue\b|\bnetto\b|\bnet\b|\bht\b|\bttc\b|\biznos|\bbrutto\b|\bgross\b",
        ),
        (
            "quantity",
            r"\bmenge|\banzahl|\bqty|quantit|\bqt[eé]|\bqta|cantidad|\bcant\b|aantal"
            r"|koli[cč]ina|\bkol\b|\bstk\b|st[uü]ck|\bpcs\b|\bhours\b|\bstunden\b"
            r"|\bquant\b|\bq\W*t[aàeé]\b|\banz\b|\bcant\b|\bkos\b|\bhrs?\b|\bstd\b"
            r"|\baant\b|\buren\b|\bheures\b|\bore\b|\bhoras\b|\bure\b",
        ),
        (
            "vat_rate",
            r"mwst|\bust\b|\bvat\b|\btva\b|\biva\b|\bbtw\b|\bddv\b|\bgst\b|\btax\b"
            r"|\btaxe\b|steuer|satz|taux|aliquota|stopnja|tipo|tasa|tarief|%",
        ),
        (
            "unit",
            r"einheit|\bunit\b|unit[eé]|unit[aà]|unidad|eenheid|enota|\buom\b|\bme\b"
            r"|\bu\b|\bemb\b|\bu\W*m\b|\bmj\b|\bem\b|\bunits?\W*of\W*measure|\beinh\b"
            r"|\buds?\b",
        ),
        (
            "product_code",
            r"art\W*nr|artikel\W*nr|artikelnummer|code\b|\bsku\b|\br[eé]f|codice"
            r"|c[oó]digo|[sš]ifra|\bean\b|\bgtin\b|item\W*no|part\W*no|\bartnr|\bkoda\b"
            r"|\bcod\b|n°\W*(d\W*)?article|\bitem\W*#|\barticle\W*(no|nr|n°)\b",
        ),
        (
            "description",
            r"beschreibung|bezeichnung|artikel|description|d[eé]signation|libell"
            r"|descrizione|descripci|concepto|omschrijving|\bopis\b|naziv|produ[ck]t|produit|prodott"
            r"|\bitem|leistung|\btext\b|art[ií]culo|articolo|prestation|service"
            r"|storitev|\bposition\b|\bdetails?\b|\bparticulars\b|\bwaren?\b|\barticles?\b"
            r"|\bgoods\b",
        ),
        (
            "position",
            r"^(pos|poz|nr|no|#|lfd|n°|nº|št|zap|r\.?\s*b\.?|zeile|line|regel|riga|rig|l[ií]nea"
            r"|lijn|vrstica)"
            r"(\W+(nr|no|n°|št))?\W*$",
        ),
    )
)
# An abbreviated title glued to a capitalised next one ("Cant.Precio", "Ref.Description").
_GLUED_TITLES = re.compile(r"^([^\W\d_]+\.)([^\W\d_][\w.%-]*)$")
# Adjacent title words of these two meanings form one title ("Unit price", "Tax amount",
# "Item no", "Line total"); other adjacent words that each name a column are separate columns.
_PHRASES = frozenset(
    {
        ("description", "product_code"),
        ("unit", "unit_price"),
        ("unit_price", "unit"),
        ("amount", "unit_price"),
        ("vat_rate", "amount"),
        ("description", "position"),
        ("vat_rate", "tax_amount"),
        ("vat_rate", "unit_price"),
        ("unit_price", "amount"),
        ("position", "amount"),
    }
)


# Titles that say description outright. A description title without such a word names the
# item only loosely ("Item", "Artikel", "Article, Référence"): beside one that says it ("Item"
# next to "Product", "Artikel" next to "Bezeichnung") it heads the item's number or code.
_SAYS_DESCRIPTION = re.compile(
    r"beschreibung|bezeichnung|description|d[eé]signation|libell|descrizione|descripci|concepto"
    r"|omschrijving|\bopis\b|naziv|produ[ck]t|produit|prodott|leistung|\btext\b|prestation"
    r"|service|storitev|\bdetails?\b|\bparticulars\b"
)
# Amount column titles that say the amount is before tax, or with it.
_NET_TITLE = re.compile(
    r"netto|\bnet\b|\bht\b|\bexcl|\bexkl|\bohne\b|\bhors\b|imponibile|\bneto\b|\bsin\b"
    r"|\bbrez\b"
)
_GROSS_TITLE = re.compile(
    r"brutto|\bgross\b|\bttc\b|\bincl|\binkl|\bmit\W*(mwst|ust)|ivato|\bbruto\b"
    r"|\bcon\W*iva|\bz\W*ddv"
)

# Titles that name only the description ("Item" or "Article" may title a code column beside it).
_DESCRIPTION_TITLE = re.compile(
    r"beschreibung|bezeichnung|description|d[eé]signation|libell|descrizione|descripci"
    r"|omschrijving|\bopis\b|naziv"
)
_TOTAL_TITLE = re.compile(r"\btotal|\bgesamt|\bsumme\b|\btotale\b|\btotaal\b|\bskupaj\b")


@dataclass(frozen=True)
class Column:
    meaning: str
    x0: float
    x1: float
    title: str
    # A code titled over a description ("Art-Nr" over "Bezeichnung") is printed the same way:
    # the code on a row's first line, the description on the lines below it.
    first_line_meaning: str | None = None

    def meaning_on(self, first_line: bool) -> str:
        return self.first_line_meaning if first_line and self.first_line_meaning else self.meaning


@dataclass(frozen=True)
class TableHeader:
    """An item table's header: its columns left to right and the lines it spans."""

    page: int
    first_line: int  # index of its top line in the document's lines
    last_line: int  # index of its bottom line
    columns: tuple[Column, ...]

    def column(self, meaning: str) -> Column | None:
        return next((c for c in self.columns if c.meaning == meaning), None)


def fold_title(text: str) -> str:
    """Header text as compared: lower case, accents kept, punctuation as spaces."""
    return " ".join(re.sub(r"[^\w%#°]+", " ", unicodedata.normalize("NFC", text).lower()).split())


# A ruling line beside a title reads as a glyph of its own ('Pos. 1', '| Menge').
_RULE_GLYPHS = frozenset({"1", "l", "i", "|"})


@lru_cache(maxsize=8192)
def column_meaning(title: str) -> str | None:
    folded = fold_title(title)
    words = folded.split()
    while len(words) > 1 and words[-1] in _RULE_GLYPHS:
        words.pop()
    while len(words) > 1 and words[0] in _RULE_GLYPHS:
        words.pop(0)
    for text in dict.fromkeys((folded, " ".join(words))):
        for meaning, pattern in _COLUMN_PATTERNS:
            if pattern.search(text):
                return meaning
    return None


def line_cells(line: Line) -> list[list[Word]]:
    """A line split into cells: runs of words separated by gaps of about one space, and split
    further where a word names a column of its own ("Pos Art-Nr Beschreibung")."""
    cells: list[list[Word]] = []
    for word in (part for w in line.words for part in _unglued_titles(w)):
        if cells:
            last = cells[-1][-1]
            close = word.x0 - last.x1 <= 0.6 * max(min(last.height, word.height), 1.0)
            if close and not _separate_titles(cells[-1], word):
                cells[-1].append(word)
                continue
        cells.append([word])
    return cells


def _unglued_titles(word: Word) -> list[Word]:
    """A word that is two titles printed without a space ("Cant.Precio": an abbreviated title
    running into the next), as two words sharing its box in proportion to their letters."""
    m = _GLUED_TITLES.match(word.text)
    if m is None:
        return [word]
    first, second = m[1], m[2]
    before, after = column_meaning(first), column_meaning(second)
    if before is None or after is None or before == after or (before, after) in _PHRASES:
        return [word]
    split = word.x0 + (word.x1 - word.x0) * len(first) / len(word.text)
    return [
        Word(first, word.x0, word.y0, split, word.y1, word.confidence, word.line),
        Word(second, split, word.y0, word.x1, word.y1, word.confidence, word.line),
    ]


def _separate_titles(cell: list[Word], word: Word) -> bool:
    before = column_meaning(" ".join(w.text for w in cell))
    after = column_meaning(word.text)
    return (
        before is not None
        and after is not None
        and before != after
        and (before, after) not in _PHRASES
    )


def is_number_word(word: Word) -> bool:
    return word_number(word.text) is not None and any(c.isdigit() for c in word.text)


def _has_numbers(line: Line) -> bool:
    """Numbers of two characters or more (single digits are often margin marks or page art)."""
    return any(len(w.text) > 1 and is_number_word(w) for w in line.words)


def _title_cells(line: Line) -> list[tuple[str | None, list[Word]]]:
    return [(column_meaning(" ".join(w.text for w in cell)), cell) for cell in line_cells(line)]


def _is_item_header(meanings: set[str]) -> bool:
    return (
        bool(meanings & {"description", "quantity"})
        and bool(meanings & {"amount", "unit_price"})
        and len(meanings - {"position"}) >= 3
    )


def header_score(line: Line) -> int:
    """How many distinct item columns a line names when it looks like an item header, else 0."""
    if _has_numbers(line):
        return 0
    meanings = {m for m, _ in _title_cells(line) if m}
    return len(meanings) if _is_item_header(meanings) else 0


def is_title_line(line: Line) -> bool:
    """A line of column titles only (any table: items, taxes, totals, payment terms)."""
    cells = _title_cells(line)
    named = sum(1 for m, _ in cells if m)
    return (named >= 3 or named == len(cells) >= 2) and not _has_numbers(line)


def build_header(lines: list[Line], index: int) -> TableHeader:
    """The header around line ``index`` (a header line). Its cells are the columns; a cell of a
    title line stacked tightly above or below joins the column it overlaps ("Positions-" over
    "betrag"), or is a column of its own."""
    line = lines[index]
    first = last = index
    stacked = [index]
    step = first - 1
    while step >= 0 and (is_noise_line(lines[step]) or _stacks(lines[step], lines[first])):
        if not is_noise_line(lines[step]):
            first = step
            stacked.insert(0, step)
        step -= 1
    step = last + 1
    while step < len(lines) and (is_noise_line(lines[step]) or _stacks(lines[last], lines[step])):
        if not is_noise_line(lines[step]):
            last = step
            stacked.append(step)
        step += 1
    spans: list[tuple[float, float, list[str]]] = [
        (cell[0].x0, cell[-1].x1, [" ".join(w.text for w in cell)]) for cell in line_cells(line)
    ]
    above = [k for k in reversed(stacked) if k < index]
    for other in [*above, *(k for k in stacked if k > index)]:
        for cell in line_cells(lines[other]):
            x0, x1 = cell[0].x0, cell[-1].x1
            text = " ".join(w.text for w in cell)
            overlaps = [(min(x1, s[1]) - max(x0, s[0]), k) for k, s in enumerate(spans)]
            overlap, k = max(overlaps, default=(0.0, -1))
            if overlap > 0:
                sx0, sx1, texts = spans[k]
                titles = [text, *texts] if other < index else [*texts, text]
                spans[k] = (sx0, sx1, titles)
            else:
                spans.append((x0, x1, [text]))
    columns: list[Column] = []
    for x0, x1, texts in sorted(spans, key=lambda s: s[0]):
        meaning = _stacked_meaning(texts)
        if meaning:
            parts = [m for m in (column_meaning(t) for t in texts) if m]
            code_first = meaning == "description" and parts[0] == "product_code"
            columns.append(
                Column(meaning, x0, x1, " ".join(texts), "product_code" if code_first else None)
            )
    return TableHeader(line.page, first, last, tuple(_unique(columns)))


def _stacked_meaning(texts: list[str]) -> str | None:
    """The meaning of a column titled over several lines: the whole title's, else a part's."""
    whole = column_meaning(" ".join(texts))
    if whole in ("description", "amount", "unit_price"):
        return whole
    parts = [m for m in (column_meaning(t) for t in texts) if m]
    if "description" in parts:
        return "description"
    return whole or (parts[0] if parts else None)


def _unique(columns: list[Column]) -> list[Column]:
    """One column per meaning: for amounts the rightmost (line total), else the first. A second
    price column right of the first, in a table without an amount column, is the amount
    ("Prix unitaire ... Prix HT")."""
    descriptions = [c for c in columns if c.meaning == "description"]
    named = [c for c in descriptions if _DESCRIPTION_TITLE.search(fold_title(c.title))]
    if len(descriptions) > 1 and named:
        # "Item | Description": the column left of the one titled description holds the
        # item's code ("Position | Bezeichnung": its row number)
        columns = [
            Column(
                "position" if fold_title(c.title) == "position" else "product_code",
                c.x0,
                c.x1,
                c.title,
            )
            if c in descriptions and c.x1 <= named[0].x0
            else c
            for c in columns
        ]
    described = [c.x0 for c in columns if c.meaning == "description"]
    amounts = [c for c in columns if c.meaning == "amount"]
    if (
        described
        and len(amounts) > 1
        and amounts[0].x1 < described[0]
        and not any(c.meaning == "quantity" for c in columns)
    ):
        # "Amount" left of the description, with a line total further right, counts units
        first = amounts[0]
        columns = [Column("quantity", c.x0, c.x1, c.title) if c is first else c for c in columns]
    prices = [c for c in columns if c.meaning == "unit_price"]
    quantities = [c for c in columns if c.meaning == "quantity"]
    if not any(c.meaning == "amount" for c in columns) and (
        len(prices) > 1 or (len(prices) == 1 and not quantities)
    ):
        # no amount title: a price column right of another, or the only price with no
        # quantity to multiply, is the line amount ("Leistung ... Preis")
        last = prices[-1]
        columns = [Column("amount", c.x0, c.x1, c.title) if c is last else c for c in columns]
    amounts = [c for c in columns if c.meaning == "amount"]
    taxes = [c.x1 for c in columns if c.meaning == "tax_amount"]
    gross = [
        c
        for c in amounts
        if not _NET_TITLE.search(fold_title(c.title))
        and (
            _GROSS_TITLE.search(fold_title(c.title))
            # "Net Amount ... Tax Amount ... Total Amount": a total right of the line's tax
            or (taxes and c.x0 > taxes[0] and _TOTAL_TITLE.search(fold_title(c.title)))
        )
    ]
    net = [c for c in amounts if c not in gross]
    if net and gross:
        # "Netto ... Brutto", "Montant ... Total TTC": the line amount is the one before tax;
        # the gross column is kept apart
        columns = [
            c if c not in gross else Column("gross_amount", c.x0, c.x1, c.title) for c in columns
        ]
        columns = [c for c in columns if c.meaning != "amount" or c is net[-1]]
    described_columns = [c for c in columns if c.meaning == "description"]
    loose = [c for c in described_columns if not _SAYS_DESCRIPTION.search(fold_title(c.title))]
    if loose and len(loose) < len(described_columns):
        # "Item | Product | Qty ...": the product is described, the item column holds its code
        # ("Position" its row number)
        columns = [
            dataclasses.replace(
                c,
                meaning="position" if fold_title(c.title) == "position" else "product_code",
                first_line_meaning=None,
            )
            if any(c is weak for weak in loose)
            else c
            for c in columns
        ]
    out: dict[str, Column] = {}
    for col in columns:
        if col.meaning not in out or col.meaning == "amount":
            out[col.meaning] = col
    return sorted(out.values(), key=lambda c: c.x0)


def is_noise_line(line: Line) -> bool:
    """A line of single characters: vertical margin text read across, ruling marks."""
    return all(len(w.text) <= 1 for w in line.words)


def _stacks(upper: Line, lower: Line) -> bool:
    """Two title lines printed tightly one above the other, on the same page."""
    if upper.page != lower.page:
        return False
    gap = lower.y0 - upper.y1
    if gap > 0.9 * max(upper.height, lower.height):
        return False
    if _has_numbers(upper) or _has_numbers(lower):
        return False
    return _titles_only(upper) and _titles_only(lower)


def _titles_only(line: Line) -> bool:
    """Short cells, one at least naming a column (a sentence above a table is no title)."""
    cells = _title_cells(line)
    return all(len(cell) <= 3 for _, cell in cells) and any(m for m, _ in cells)


def assign_column(word: Word, header: TableHeader) -> Column | None:
    """The column a body word belongs to: the title it overlaps most; else, between two titles,
    text goes to a left text column (left-aligned) and numbers to the nearer numeric column."""
    best: Column | None = None
    best_overlap = 0.0
    text_columns: list[Column] = []
    for col in header.columns:
        overlap = min(word.x1, col.x1) - max(word.x0, col.x0)
        if overlap > 0 and not _numeric(col):
            text_columns.append(col)
        if overlap > best_overlap:
            best, best_overlap = col, overlap
    if len(text_columns) > 1 and not is_number_word(word):
        # text is left-aligned: under two text titles, it belongs to the one it starts under
        return min(text_columns, key=lambda c: abs(word.x0 - c.x0))
    if best is not None or not header.columns:
        return best
    left = next((c for c in reversed(header.columns) if c.x1 <= word.x0), None)
    right = next((c for c in header.columns if c.x0 >= word.x1), None)
    if left is None or right is None:
        return left or right
    if not _numeric(left) and (not _numeric(right) or not is_number_word(word)):
        return left
    if not _numeric(right):
        return left
    if not _numeric(left):
        return right
    return left if word.x0 - left.x1 < right.x0 - word.x1 else right


def _numeric(col: Column) -> bool:
    return col.meaning in NUMERIC_COLUMNS

"""Read documents made by hand: lines of text placed on an A4 page at 150 dpi."""

from __future__ import annotations

from paperwise.extraction.layout import document_lines
from paperwise.extraction.value_locator import ValueLocator
from paperwise.learning.supplier_key import DocumentView
from paperwise.reading.model import Page, ReadDocument, Word

CHAR = 9.0  # pixels per character
HEIGHT = 16.0


def page(*lines: tuple[str, float, float], index: int = 0) -> Page:
    """A page whose lines ``(text, x, y)`` start at x, y; words are a space apart."""
    words: list[Word] = []
    for number, (text, x, y) in enumerate(lines):
        cursor = x
        for token in text.split(" "):
            if token:
                width = CHAR * len(token)
                words.append(Word(token, cursor, y, cursor + width, y + HEIGHT, 1.0, number))
                cursor += width
            cursor += CHAR
    return Page(index=index, width=1240, height=1754, words=words)


def document(*lines: tuple[str, float, float]) -> ReadDocument:
    return ReadDocument(pages=[page(*lines)], media_type="application/pdf")


def view_of(doc: ReadDocument) -> DocumentView:
    """What learning reads from ``doc``, as the pipeline's DocumentState builds it."""
    return DocumentView(doc, ValueLocator(document_lines(doc.pages)))


def invoice(
    supplier: str = "Nordwind Technik GmbH",
    number: str = "NW-2024-0042",
    date: str = "04.03.2024",
    total: str = "1.190,00",
    contract: str = "K-77-AB",
    *,
    buyer: str = "Buyer Company Ltd",
    vat_id: str = "DE123456789",
) -> ReadDocument:
    """An invoice of one supplier's layout; the contract reference sits under an odd label."""
    return document(
        (supplier, 80, 60),
        ("Hafenstrasse 12, 20457 Hamburg", 80, 84),
        (f"USt-IdNr. {vat_id}", 80, 108),
        (buyer, 80, 240),
        ("Rechnung", 80, 400),
        (f"Beleg Nr. {number}", 700, 400),
        (f"Datum {date}", 700, 424),
        (f"Vorgang Ident {contract}", 700, 448),
        (f"Gesamtbetrag EUR {total}", 700, 900),
    )


def german(amount: str) -> str:
    """'1234.5' printed the German way: '1.234,50'."""
    whole, _, cents = f"{float(amount):.2f}".partition(".")
    groups = f"{int(whole):,}".replace(",", ".")
    return f"{groups},{cents}"


def table_invoice(
    rows: list[tuple[str, str, str, str]],
    taxes: list[tuple[str, str]],
    *,
    number: str = "NW-2024-0042",
    notes: bool = False,
) -> ReadDocument:
    """An invoice of one supplier with an item table: rows (description, quantity, unit price,
    amount; a description with '|' wraps onto the next line), the net sum under it and one
    'MwSt <rate> %  <tax>' line per (rate, tax); ``notes`` puts a note line under every row."""
    lines: list[tuple[str, float, float]] = [
        ("Nordwind Technik GmbH", 80, 60),
        ("Hafenstrasse 12, 20457 Hamburg", 80, 84),
        ("USt-IdNr. DE123456789", 80, 108),
        ("Buyer Company Ltd", 80, 240),
        ("Rechnung", 80, 400),
        (f"Beleg Nr. {number}", 700, 400),
        ("Pos", 80, 500),
        ("Bezeichnung", 140, 500),
        ("Menge", 600, 500),
        ("Preis", 760, 500),
        ("Betrag", 950, 500),
    ]
    y = 530.0
    net = 0.0
    for k, (description, quantity, price, amount) in enumerate(rows, start=1):
        first, _, second = description.partition("|")
        lines += [
            (str(k), 80, y),
            (first, 140, y),
            (german(quantity).removesuffix(",00"), 600, y),
            (german(price), 760, y),
            (german(amount), 950, y),
        ]
        net += float(amount)
        if second:
            y += 22
            lines.append((second, 140, y))
        if notes:
            y += 22
            lines.append((f"Lieferschein LS-{k}", 140, y))
        y += 26
    y += 30
    lines += [("Zwischensumme", 600, y), (german(f"{net:.2f}"), 950, y)]
    for rate, tax in taxes:
        y += 26
        lines += [(f"MwSt {rate} %", 600, y), (german(tax), 950, y)]
    return document(*lines)

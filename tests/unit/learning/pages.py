"""Read documents made by hand: lines of text placed on an A4 page at 150 dpi."""

from __future__ import annotations

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

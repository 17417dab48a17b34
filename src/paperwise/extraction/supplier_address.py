"""The issuer's address when it is not printed under the letterhead's name: beside the name
(a right-aligned block opposite it: 'Antoine Frei ... Bahnhofstrasse 16 / 1003 Lausanne'), or
only in the footer, under the name printed again (utility bills, long letters)."""

from __future__ import annotations

import re

from paperwise.extraction.candidates import TextLine
from paperwise.extraction.doc_index import DocumentIndex
from paperwise.extraction.identifiers import TextCandidate
from paperwise.extraction.party_text import (
    POSTCODE_TOWN,
    STOP_ADDRESS,
    column_below,
    is_name_like,
    overlaps,
    squeezed,
)

_KEY_VALUE = re.compile(r"^[^:]{1,30}:")
_SEPARATOR = re.compile(r"\s*[|·•●▪]\s*")
# A dash between the street and the postcode of a one-line form ('Via Roma 5 - 00184 Roma',
# 'Straße 56- 80331' when OCR glued it to the number).
_DASH_BEFORE_POSTCODE = re.compile(r"(?:(?<=\d)\s*|(?<=\w)\s+)[-–—]\s+(?=\d{4,5}\b)")


def tidy_address(text: str) -> str:
    """An address without the separators of a one-line form ('Street 3 | 12345 Town')."""
    return " ".join(_DASH_BEFORE_POSTCODE.sub(" ", _SEPARATOR.sub(" ", text)).split())


def _block_address(index: DocumentIndex, first: TextLine) -> str | None:
    """The address printed from ``first`` down its column, up to a contact, tax or document line;
    only a block with a postcode is an address."""
    parts: list[str] = []
    for line in [first, *column_below(index, first, 4)]:
        text = line.text.strip()
        if STOP_ADDRESS.search(text) or _KEY_VALUE.match(text):
            break
        parts.append(text)
    if not any(POSTCODE_TOWN.search(p) for p in parts):
        return None
    return tidy_address(" ".join(parts))


def _beside(index: DocumentIndex, name: TextLine, taken: set[int]) -> str | None:
    """An address block that starts on the name's row or the next, in another column, with a
    street (a line with a number) first: not the addressee's block, which starts with a name."""
    for line in index.lines:
        if line.page != name.page or line.row < name.row or line.row > name.row + 1:
            continue
        if line.index in taken or overlaps(line, name) or not any(c.isdigit() for c in line.text):
            continue
        if not is_name_like(line.text) or POSTCODE_TOWN.search(line.text):
            continue  # a number or a date; a postcode first is no street
        found = _block_address(index, line)
        if found:
            return found
    return None


def _repeated(index: DocumentIndex, name: TextCandidate) -> str | None:
    """The address under the name printed once more further down (a footer)."""
    if name.line is None:
        return None
    key = squeezed(name.value)
    for line in index.lines[name.line.index + 1 :]:
        if line.row > name.line.row + 1 and squeezed(line.text) == key:
            below = column_below(index, line, 4)
            if below:
                found = _block_address(index, below[0])
                if found:
                    return found
    return None


def address_elsewhere(
    index: DocumentIndex, name: TextCandidate, taken: set[int]
) -> TextCandidate | None:
    """The issuer's address printed under its name repeated further down, else beside its
    name; ``taken`` are the lines of the buyer's block."""
    if name.line is None:
        return None
    found = _repeated(index, name) or _beside(index, name.line, taken)
    return TextCandidate(found, None, 0, 0, 0.7 * name.evidence + 0.1) if found else None

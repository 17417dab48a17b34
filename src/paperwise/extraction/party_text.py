"""The vocabulary of party blocks shared by the letterhead and role-block readers: legal forms,
sender-line separators, postcodes, the details that end an address, document titles."""

from __future__ import annotations

import re

from paperwise.extraction.candidates import TextLine
from paperwise.extraction.doc_index import DocumentIndex
from paperwise.extraction.identifiers import TextCandidate

LEGAL_FORM = re.compile(
    r"(?<![\w.])(?:gmbh|ag|kg|ohg|gbr|ug|mbh|a\.g\.|e\.k\.|ltd|limited|llc|inc|corp|plc|llp|"
    r"sdn\.?\s*bhd|bhd|berhad|enterprise|trading|s\.?a\.?r\.?[l1i]|sas|s\.a\.|s\.r\.[l1i]|srl|s\.p\.a|"
    r"spa|"
    r"s\.l\.|s\.l\.u\.|s\.n\.c\.|s\.a\.s\.|s\.s\.|v\.o\.f\.|c\.v\.|b\.v\.|bv|n\.v\.|"
    r"d\.o\.o\.|doo|d\.d\.|d\.n\.o\.|k\.d\.|s\.p\.|oy|aps|kft|co\.|s/b|e\.u\.|partg)(?![\w])",
    re.I,
)
SENDER_SEPARATORS = re.compile(r"\s*(?:[|·•●▪]|\s[-–]\s)\s*")
POSTCODE_TOWN = re.compile(
    r"\b(?:[A-Z]{1,2}[- ]?)?\d{4,5}\s+[^\W\d]|\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|"
    r"\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b"
)
STOP_ADDRESS = re.compile(
    r"(?i)\b(?:tel|tél|téléphone|telefon|telefono|teléfono|phone|telephone|fax|e-?mail|www|http|"
    r"gst|vat|mobile|whatsapps?|"
    r"ust|mwst|tva|iva|btw|ddv|reg|co\.? ?no|"
    r"steuer|invoice|rechnung|receipt|facture|fattura|factura|factuur|račun|date|datum|cashier|"
    r"doc|document|iban|bic|hrb|tax|counter|table|member)\b|@"
)
TITLE = re.compile(
    r"(?i)^(?:tax invoice|invoice|receipt|official receipt|cash (?:bill|receipt|sale)|rechnung|"
    r"facture|fattura|factura|factuur|račun|quittung|beleg|welcome|copy)\b"
)


def text_candidate(line: TextLine, start: int, end: int, evidence: float) -> TextCandidate:
    return TextCandidate(" ".join(line.text[start:end].split()), line, start, end, evidence)


def letter_count(text: str) -> int:
    return sum(c.isalpha() for c in text)


def is_name_like(text: str) -> bool:
    return letter_count(text) >= 2 and letter_count(text) >= sum(c.isdigit() for c in text)


def top_lines(index: DocumentIndex, share: float = 0.3) -> list[TextLine]:
    if not index.doc.pages:
        return []
    limit = index.doc.pages[0].height * share
    return [t for t in index.lines if t.page == 0 and t.y0 <= limit]


def squeezed(text: str) -> str:
    """Lower-case letters and digits only: names compared regardless of spacing and case."""
    return "".join(c for c in text.lower() if c.isalnum())

"""The vocabulary of party blocks shared by the letterhead and role-block readers: legal forms,
sender-line separators, postcodes, the details that end an address, document titles."""

from __future__ import annotations

import itertools
import re

from paperwise.extraction.candidates import TextLine
from paperwise.extraction.doc_index import DocumentIndex
from paperwise.extraction.identifiers import TextCandidate

LEGAL_FORM = re.compile(
    r"(?<![\w.])(?:ug \(haftungsbeschränkt\)|s\.r\.l\.s\.?|s\.l\.u\.?|s\.a\.u\.?|"
    r"gmbh|ag|kg|ohg|gbr|ug|mbh|a\.g\.|e\.k\.|ltd|limited|llc|inc|corp|plc|llp|"
    r"sdn\.?\s*bhd|bhd|berhad|enterprise|trading|s\.?a\.?r\.?[l1i]|sas|s\.a\.|s\.r\.[l1i]|srl|s\.p\.a|"
    r"spa|"
    r"s\.l\.|s\.l\.u\.|s\.n\.c\.|s\.a\.s\.|s\.s\.|v\.o\.f\.|c\.v\.|b\.v\.|bv|n\.v\.|"
    r"d\.o\.o\.|doo|d\.d\.|d\.n\.o\.|k\.d\.|s\.p\.|oy|aps|kft|co\.|s/b|e\.u\.|partg|"
    r"s[àa]rl|eurl|sasu|dac|srls|slu|e\.v\.|"
    # short forms that are also words ('Mo-Sa' opening hours, '2. OG' a floor): at the end only
    r"(?<!-)(?<!\d\s)(?<!\d\.\s)(?<!\d\.)(?:sa|og|nv)(?=\s*$))(?![\w])",
    re.I,
)
SENDER_SEPARATORS = re.compile(r"\s*(?:[|·•●▪]|\s[-–]\s)\s*")
# A postcode and the town after it; not a time and its unit ('1000 HRS', '0900 hours').
POSTCODE_TOWN = re.compile(
    r"\b(?:[A-Z]{1,2}[- ]?)?\d{4,5}\s+(?!(?i:hrs?|hours?)\b)[^\W\d]|"
    r"\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|"  # ... UK
    r"\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b|\b[A-Z]\d[\dW]\s[A-Z\d]{4}\b"  # ... US state, Eircode
)
STOP_ADDRESS = re.compile(
    r"(?i)\b(?:tel|tél|téléphone|telefon|telefono|teléfono|phone|telephone|fax|e-?mail|www|http|"
    r"gst|vat|mobile|whatsapps?|"
    r"ust|mwst|tva|iva|btw|ddv|reg|co\.? ?no|"
    r"cif|nif|nie|uid|siret|siren|kvk|oib|id za|p\.? ?iva|c\.f|"
    r"referen[cz]e?|référence|riferimento|referencia|referentie|sklic|"
    r"partita iva|codice fiscale|steuernummer|st\.-nr|"
    # and their compounds: 'Umsatzsteuer-ID', 'Rechnungsnummer', 'Beleg-Nr.', 'Kunden-Nr.'
    r"steuer|\w+steuer\w*|rechnungs?\w*|beleg\w*|\w+-nr|"
    r"invoice|receipt|facture|fattura|factura|factuur|račun|date|datum|cashier|"
    r"doc|document|iban|bic|hrb|tax|counter|table|member)\b|@"
)
TITLE = re.compile(
    r"(?i)^(?:tax invoice|invoice|receipt|official receipt|cash (?:bill|receipt|sale)|rechnung|"
    r"facture|fattura|factura|factuur|račun|quittung|beleg|welcome|copy|"
    r"credit note|credit memo|debit note|gutschrift|avoir|nota di credito|creditnota|"
    r"nota de crédito|dobropis|quotation|estimate|bill of supply|cash memo|"
    # a kind of invoice or receipt named before the word ('PAYMENT RECEIPT', 'Sales Invoice')
    r"(?:payment|sales|commercial|pro[- ]?forma|vat|gst|simplified|retail|service|final|"
    r"original|rent|donation|deposit)\s+(?:invoice|receipt|bill))\b"
)
# A template's stand-in where the logo goes ('LOGO', 'Your Logo', '[Company Logo]', 'VOTRE
# LOGO'): not part of the name printed after it ('LOGO ACME SARL').
LOGO_PLACEHOLDER = re.compile(
    r"(?i)^\s*[\[(<]?\s*(?:(?:your|company|insert|votre|ihr|firmen|uw|the)[\s-]*){0,2}"
    r"logo(?:type)?(?:\s+(?:here|ici|hier))?"
    # whose logo, ending the line ('LOGO Vendeur', 'Logo du fournisseur')
    r"(?:\s+(?:du\s+|de\s+la\s+|de\s+l['’]|of\s+the\s+|der\s+|des\s+)?(?:vendeur|seller|"
    r"supplier|fournisseur|vendor|company|entreprise|société|societe|firma|unternehmens?|"
    r"lieferanten)(?=\s*[\])>]?\s*$))?"
    r"\s*[\])>]?(?=\s|$)\s*"
)
# Who a block is addressed to, in the addressee's company ('ATTN: Jane Doe', 'c/o', 'z. Hd.'):
# a person or department, not the party's name.
ATTENTION = re.compile(
    r"(?i)^\s*(?:attn|attention(?:\s+of)?|to the attention of|for the attention of|"
    r"[àa] l['’]attention de|z\.\s?hd\.?|zu h(?:ä|ae)nden(?:\s+von)?|c/o|care of|"
    r"all['’]attenzione di|alla c\.a\.?|t\.a\.v\.?|ter attentie van|a la atención de)"
    r"(?![^\W\d_])\s*[.:]?\s*"
)
_DETAIL_KEY = re.compile(r"^([^:]{1,30}?)\s*:")


def name_start(text: str) -> int:
    """Where a name starts in a line: after a logo placeholder printed before it."""
    found = LOGO_PLACEHOLDER.match(text)
    return found.end() if found else 0


def is_detail_line(text: str) -> bool:
    """A line that is no party's name: a logo placeholder alone, an attention line ('ATTN: Jane
    Doe'), or a labelled detail ('VAT Number: GB 123', 'Tel: 0123', 'Invoice No: 42')."""
    if not text[name_start(text) :].strip() or ATTENTION.match(text):
        return True
    key = _DETAIL_KEY.match(text)
    return bool(key and STOP_ADDRESS.search(key.group(1)))


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


def overlaps(line: TextLine, head: TextLine) -> bool:
    """Whether two segments share a column: their horizontal spans overlap."""
    return line.x0 < head.x1 and head.x0 < line.x1


def column_below(index: DocumentIndex, head: TextLine, limit: int = 10) -> list[TextLine]:
    """The segments under ``head`` in its column (overlapping its span), one per row, nearest
    first: a block printed beside it (a meta box, the addressee) is not read into it. Ends at a
    wide vertical gap, or at a row with nothing in the column once the block has begun."""
    out: list[TextLine] = []
    last = head
    rows = itertools.groupby(
        (t for t in index.lines[head.index + 1 :] if t.page == head.page and t.row > head.row),
        key=lambda t: t.row,
    )
    for _, segments in rows:
        inside = [t for t in segments if overlaps(t, head)]
        if not inside:
            if out:
                break
            continue
        line = inside[0]
        if line.y0 - last.y1 > 3.0 * max(last.height, line.height, 1.0):
            break
        out.append(line)
        last = line
        if len(out) == limit:
            break
    return out

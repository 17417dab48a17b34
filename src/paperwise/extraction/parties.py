"""Supplier name and address, buyer name: who issued the document and to whom.

Evidence, strongest first: a role header ('Seller', 'Verkäufer', 'Bill to', 'Rechnungsempfänger')
with the name beside or under it; the sender line of a window envelope ('Acme GmbH · Street 1 ·
12345 Town') with the recipient's block under it; a line carrying a legal form (GmbH, Ltd,
SDN BHD, SARL...) near the top; the first line of the page (receipts print the shop first)."""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass

from paperwise.extraction.candidates import TextLine
from paperwise.extraction.doc_index import DocumentIndex
from paperwise.extraction.identifiers import TextCandidate
from paperwise.reading.model import PageSource


def _alternation(words: str) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[\s/\-]*") for w in words.split("|"))


_ROLE_SUPPLIER = re.compile(
    r"^(?:" + _alternation(
        "verkäufer|lieferant|rechnungsersteller|leistungserbringer|rechnungssteller|absender|"
        "seller|supplier|vendor|issued by|from|bill from|fournisseur|vendeur|émetteur|emetteur|"
        "fornitore|cedente prestatore|cedente|venditore|proveedor|emisor|vendedor|leverancier|"
        "verkoper|afzender|dobavitelj|izdajatelj|prodajalec|izdal"
    ) + r")\s*(?::\s*|$)", re.I,
)  # fmt: skip
_ROLE_BUYER = re.compile(
    r"^(?:" + _alternation(
        "käufer/leistungsempfänger|käufer|rechnungsempfänger|leistungsempfänger|kunde|"
        "rechnungsadresse|rechnung an|billing address|invoice address|bill to address|"
        "adresse de facturation|facturer à|indirizzo di fatturazione|fatturare a|"
        "dirección de facturación|factuuradres|gefactureerd aan|naslov za račun|račun za|"
        "an|to|aan|spett.le|spettabile|attn|para|"
        "auftraggeber|bill to|billed to|invoice to|sold to|buyer|customer|client|acheteur|"
        "facturé à|facture à|destinataire|acquirente|cessionario committente|cessionario|"
        "committente|cliente|comprador|facturar a|klant|koper|factuur aan|kupec|naročnik|prejemnik"
    ) + r")\s*(?::\s*|$)", re.I,
)  # fmt: skip
_LEGAL_FORM = re.compile(
    r"(?<![\w.])(?:gmbh|ag|kg|ohg|gbr|ug|mbh|a\.g\.|e\.k\.|ltd|limited|llc|inc|corp|plc|llp|"
    r"sdn\.?\s*bhd|bhd|berhad|enterprise|trading|s\.?a\.?r\.?l|sas|s\.a\.|s\.r\.l|srl|s\.p\.a|spa|"
    r"s\.l\.|s\.l\.u\.|s\.n\.c\.|s\.a\.s\.|s\.s\.|v\.o\.f\.|c\.v\.|b\.v\.|bv|n\.v\.|"
    r"d\.o\.o\.|doo|d\.d\.|d\.n\.o\.|k\.d\.|s\.p\.|oy|aps|kft|co\.|s/b|e\.u\.|partg)(?![\w])",
    re.I,
)
_SENDER_SEPARATORS = re.compile(r"\s*(?:[|·•●▪]|\s[-–]\s)\s*")
_POSTCODE_TOWN = re.compile(
    r"\b(?:[A-Z]{1,2}[- ]?)?\d{4,5}\s+[^\W\d]|\b[A-Z]{1,2}\d[A-Z\d]?\s?\d[A-Z]{2}\b|"
    r"\b[A-Z]{2}\s\d{5}(?:-\d{4})?\b"
)
_KEY_VALUE = re.compile(r"^([^:]{1,30}):\s*(.*)$")
_NAME_KEY = re.compile(
    r"^(?:name|firma|company|raison sociale|ragione sociale|nombre|naam|naziv)$", re.I
)
_SALUTATION = re.compile(
    r"^(?:herrn?|frau|firma|mr\.?|mrs\.?|ms\.?|messrs\.?|m\.|mme|monsieur|madame|sig\.?|sig\.ra|"
    r"spett\.le|sr\.?|sra\.?|dhr\.?|mevr\.?|g\.|ga\.)$",
    re.I,
)
_STOP_ADDRESS = re.compile(
    r"(?i)\b(?:tel|tél|téléphone|telefon|telefono|teléfono|phone|telephone|fax|e-?mail|www|http|"
    r"gst|vat|"
    r"ust|mwst|tva|iva|btw|ddv|reg|co\.? ?no|"
    r"steuer|invoice|rechnung|receipt|facture|fattura|factura|factuur|račun|date|datum|cashier|"
    r"doc|document|iban|bic|hrb|tax|counter|table|member)\b|@"
)
_TITLE = re.compile(
    r"(?i)^(?:tax invoice|invoice|receipt|official receipt|cash (?:bill|receipt|sale)|rechnung|"
    r"facture|fattura|factura|factuur|račun|quittung|beleg|welcome|copy)\b"
)


@dataclass(frozen=True)
class Parties:
    supplier: list[TextCandidate]
    supplier_address: list[TextCandidate]
    buyer: list[TextCandidate]
    # Rows that belong to the buyer's block: its VAT id or IBAN are not the supplier's.
    buyer_rows: frozenset[int]


def _candidate(line: TextLine, start: int, end: int, evidence: float) -> TextCandidate:
    return TextCandidate(" ".join(line.text[start:end].split()), line, start, end, evidence)


def _letters(text: str) -> int:
    return sum(c.isalpha() for c in text)


def _is_name_like(text: str) -> bool:
    return _letters(text) >= 2 and _letters(text) >= sum(c.isdigit() for c in text)


def _under(
    index: DocumentIndex, head: TextLine, max_rows: int = 7, indent: float = 2.0
) -> list[TextLine]:
    """The segments below ``head`` in its column, nearest first, until a gap or another block."""
    out: list[TextLine] = []
    last = head
    for nxt in itertools.islice(index.lines, head.index + 1, None):
        if nxt.page != head.page or nxt.row > head.row + max_rows:
            break
        if nxt.row == last.row and out:
            continue
        height = max(head.height, nxt.height)
        if abs(nxt.x0 - head.x0) > indent * height or nxt.row == head.row:
            continue
        if nxt.y0 - last.y1 > 2.5 * max(last.height, 1.0):
            break
        out.append(nxt)
        last = nxt
    return out


def _name_in_block(index: DocumentIndex, lines: list[TextLine]) -> tuple[TextCandidate, int] | None:
    """The name in the lines of a party's block: a 'Name:' line, else the first line that is not
    a key-value detail (number, GLN) or a salutation. Returns it and its position in ``lines``."""
    for i, line in enumerate(lines):
        text = line.text
        kv = _KEY_VALUE.match(text)
        if kv:
            if _NAME_KEY.match(kv.group(1).strip()) and _is_name_like(kv.group(2)):
                cand = _candidate(line, kv.start(2), len(text), 1.0)
                above = _value_line_above(index, line, line.x_at(kv.start(2)))
                if above is not None:
                    joined = f"{' '.join(above.text.split())} {cand.value}"
                    cand = TextCandidate(joined, line, kv.start(2), len(text), 1.0)
                return cand, i
            continue
        if _SALUTATION.match(text.strip()) or not _is_name_like(text):
            continue
        cand = _candidate(line, 0, len(text), 1.0)
        if i and _SALUTATION.match(lines[i - 1].text.strip()):  # printed as part of the name
            salutation = lines[i - 1]
            joined = f"{salutation.text.strip()} {cand.value}"
            cand = TextCandidate(joined, salutation, 0, len(salutation.text), 1.0)
        following = lines[i + 1] if i + 1 < len(lines) else None
        if following and _LEGAL_FORM.search(following.text) and not _LEGAL_FORM.search(text):
            joined = f"{cand.value} {' '.join(following.text.split())}"
            cand = TextCandidate(joined, line, 0, len(text), 1.0)
            return cand, i + 1
        return cand, i
    return None


def _value_line_above(index: DocumentIndex, line: TextLine, value_x: float) -> TextLine | None:
    """A key-value form may print a value's first line just above the key's row, in the value's
    column ('MVM Musterhafter' over 'Name: Versicherungsverein a.G.')."""
    for above in (index.lines[i] for i in range(line.index - 1, -1, -1)):
        if above.row < line.row - 1 or above.page != line.page:
            return None
        if above.row == line.row - 1 and abs(above.x0 - value_x) < line.height:
            gap = line.y0 - above.y1
            text = above.text
            if gap < line.height and _is_name_like(text) and not _KEY_VALUE.match(text):
                return above
    return None


def _address_after(lines: list[TextLine], start: int) -> str | None:
    parts: list[str] = []
    for line in lines[start:]:
        text = line.text.strip()
        if _STOP_ADDRESS.search(text) or _KEY_VALUE.match(text):
            break
        parts.append(" ".join(text.split()))
        if len(parts) == 4:
            break
    return " ".join(parts) if parts else None


def _role_blocks(
    index: DocumentIndex, role: re.Pattern[str]
) -> list[tuple[TextCandidate, str | None, TextLine]]:
    out: list[tuple[TextCandidate, str | None, TextLine]] = []
    for line in index.lines:
        m = role.match(line.text)
        rest = line.text[m.end() :].strip() if m else ""
        if not m and len(line.line.words) <= 3:  # a heading set with letter spacing
            squeezed = line.text.replace(" ", "")
            m = role.match(squeezed)
            if m and m.end() < len(squeezed):
                continue
        if not m:
            continue
        if rest and _is_name_like(rest) and not _KEY_VALUE.match(rest):
            out.append((_candidate(line, m.end(), len(line.text), 0.85), None, line))
            continue
        if rest:
            continue
        below = _under(index, line)
        found = _name_in_block(index, below)
        if found:
            cand, at = found
            out.append((cand, _address_after(below, at + 1), line))
    return out


def _sender_line(index: DocumentIndex) -> tuple[TextLine, list[str]] | None:
    """The one-line sender address above an envelope window: parts split by '|', '·', ' - '..."""
    for line in index.lines:
        if line.page != 0 or line.y0 > index.doc.pages[0].height * 0.45:
            continue
        parts = [p for p in _SENDER_SEPARATORS.split(line.text) if p.strip()]
        if (
            len(parts) >= 2
            and any(_POSTCODE_TOWN.search(p) for p in parts[1:])
            and _is_name_like(parts[0])
            and not _POSTCODE_TOWN.search(parts[0])
        ):
            return line, parts
    return None


def _top_lines(index: DocumentIndex, share: float = 0.3) -> list[TextLine]:
    if not index.doc.pages:
        return []
    limit = index.doc.pages[0].height * share
    return [t for t in index.lines if t.page == 0 and t.y0 <= limit]


_REGISTRATION = re.compile(
    r"(?i)\b(?:co|company|roc|br|reg|registration|gst|sst|business)\b[^\n]{0,14}\b(?:no|id)\b|"
    r"\(\s*[a-z]{0,3}\d{4,}[-\s]*[a-z]?\s*\)|^\s*[a-z]{0,3}\d{4,}-[a-z]\s*$|"
    r"\breg(?:istration)?\b[\s.:]*\d"
)
_LEADING_REGISTRATION = re.compile(r"^\(\s*[A-Za-z]{0,4}\d{5,}[-\w]*\s*\)\s*")
_TRAILING_REGISTRATION = re.compile(r"\s*\(\s*[A-Za-z]{0,3}\d{4,}[-\w\s]*\)\s*$")
_PHONE = re.compile(
    r"(?i)(?:\b(?:t|f)\s*:|\b(?:h/?p|hp|tel|tél|fax|phone|telephone)\s*[:.]|"
    r"\+?\b0\d{1,2}[- ]\d{3,4}[- ]?\d{3,4}\b|gstid|gstreg|taxinvoice)"
)
_COUNTRY_AT_END = re.compile(
    r"(?i)\b(?:malaysia|singapore|indonesia|thailand|germany|deutschland|austria|österreich|"
    r"switzerland|schweiz|suisse|france|italy|italia|spain|españa|netherlands|nederland|belgium|"
    r"belgique|slovenia|slovenija|croatia|hrvatska|united kingdom|uk|usa|united states)\W*$"
)
_HOUSE_NUMBER = re.compile(r"(?i)^(?:no\.?|lot|unit|\d)")
_CONTINUES = re.compile(r"(?i)(?:&|\band|-|,)\s*$")


def _without_registration(name: str) -> str:
    """A company name without the registration number printed after it ('ACME SDN BHD
    (123456-X)', 'ACME S/B 273500-U (GKJ)')."""
    name = _TRAILING_REGISTRATION.sub("", name)
    forms = list(_LEGAL_FORM.finditer(name))
    if forms and any(c.isdigit() for c in name[forms[-1].end() :]):
        name = name[: forms[-1].end()]
    return name


def _joins(upper: TextLine, lower: TextLine) -> bool:
    """Two lines set as one name: adjacent rows, like heights, no gap between them."""
    height = max(upper.height, lower.height)
    return (
        not upper.text.rstrip().endswith(":")
        and lower.row == upper.row + 1
        and lower.y0 - upper.y1 < 0.8 * height
        and min(upper.height, lower.height) > 0.75 * height
        and not any(c.isdigit() for c in upper.text)
    )


def _heading_lines(index: DocumentIndex) -> list[TextCandidate]:
    """Receipt-style: the shop's name is the first line(s) printed, often with a legal form."""
    top = [t for t in _top_lines(index) if _is_name_like(t.text) and not _TITLE.match(t.text)]
    # An OCR'd logo above the name reads as words: join fewer lines on scans.
    scanned = bool(index.doc.pages) and index.doc.pages[0].source is PageSource.OCR
    max_rest = 1 if scanned else 2
    out: list[TextCandidate] = []
    for i, line in enumerate(top[:6]):
        head = _SENDER_SEPARATORS.split(line.text, maxsplit=1)[0]
        registration = _REGISTRATION.search(head)
        if not _LEGAL_FORM.search(head) or (registration and registration.start() <= 1):
            continue
        name = _without_registration(head)
        first = line
        previous = top[i - 1] if i else None
        # 'POPULAR BOOK' over 'CO. (M) SDN BHD': the legal form's line holds little else
        rest = _LEGAL_FORM.sub(" ", name).split()
        if (
            previous is not None
            and _joins(previous, line)
            and not _LEGAL_FORM.search(previous.text)
            and (len(rest) <= max_rest or _CONTINUES.search(previous.text))
        ):
            name = f"{previous.text} {name}"
            first = previous
            out.append(_candidate(line, 0, len(head), 0.6 - 0.03 * i))
        out.append(TextCandidate(" ".join(name.split()), first, 0, len(first.text), 0.8 - 0.03 * i))
    if top:
        first = top[0]
        name = _SENDER_SEPARATORS.split(first.text, maxsplit=1)[0]
        nxt = top[1] if len(top) > 1 else None
        if nxt is not None and _CONTINUES.search(name) and _joins(first, nxt):
            name = f"{name} {nxt.text}"
        name = _without_registration(name)
        out.append(TextCandidate(" ".join(name.split()), first, 0, len(first.text), 0.45))
    return out


def _stop_at(text: str) -> int | None:
    """Where a phone, tax, document or contact detail starts in a line of an address, else None.
    A letter-spaced line ('G S T I D : 0 0 0 3') is read without its spaces."""
    found = _STOP_ADDRESS.search(text) or _PHONE.search(text)
    if found:
        return found.start()
    if sum(len(token) == 1 for token in text.split()) >= 4:
        squeezed = text.replace(" ", "")
        if _STOP_ADDRESS.search(squeezed) or _PHONE.search(squeezed):
            return 0
    return None


def _receipt_address(index: DocumentIndex, name: TextCandidate) -> str | None:
    """The lines under a shop's name up to its phone, tax, date or document line; registration
    numbers and a date printed between the name and the address are passed over."""
    if name.line is None:
        return None
    after = [t for t in index.lines if t.page == name.line.page and t.row > name.line.row]
    parts: list[str] = []
    for line in after[:10]:
        text = " ".join(line.text.split())
        if name.value.endswith(text) or (not parts and _LEGAL_FORM.search(text)):
            continue  # the rest of a name set on two lines
        bracketed = text.startswith("(") and text.endswith(")")
        noise = (
            _REGISTRATION.search(text) or bracketed or index.dates[line.index] or _letters(text) < 3
        )
        if not parts and noise:
            continue
        if not parts:
            text = _LEADING_REGISTRATION.sub("", text)
        stop = _stop_at(text)
        if noise or stop is not None:
            if stop:
                registration = _REGISTRATION.search(text)
                cut = min(stop, registration.start()) if registration else stop
                if _letters(text[:cut]) >= 3:
                    parts.append(text[:cut].strip(" ,|"))
            break
        parts.append(text)
        if len(parts) == 5 or _COUNTRY_AT_END.search(text):
            break
    # a branch or shop name between the company and its address: the address starts with a number
    if len(parts) > 1 and not any(c.isdigit() for c in parts[0]) and _HOUSE_NUMBER.match(parts[1]):
        parts = parts[1:]
    return " ".join(parts) if parts else None


def find_parties(index: DocumentIndex) -> Parties:
    supplier: list[TextCandidate] = []
    addresses: list[TextCandidate] = []
    buyer: list[TextCandidate] = []
    buyer_rows: set[int] = set()
    for cand, address, _ in _role_blocks(index, _ROLE_SUPPLIER)[:1]:
        supplier.append(cand)
        if address:
            addresses.append(TextCandidate(address, None, 0, 0, 0.8))
    for cand, _, head in _role_blocks(index, _ROLE_BUYER)[:1]:
        buyer.append(cand)
        buyer_rows.add(head.row)
        if cand.line is not None:
            buyer_rows.update(t.row for t in _under(index, cand.line, 5))
            buyer_rows.add(cand.line.row)
    sender = _sender_line(index)
    if sender:
        line, parts = sender
        name = " ".join(parts[0].split())
        start = line.text.find(parts[0])
        supplier.append(TextCandidate(name, line, start, start + len(parts[0]), 0.8))
        addresses.append(
            TextCandidate(", ".join(p.strip(" ,") for p in parts[1:]), None, 0, 0, 0.6)
        )
        window = _under(index, line, 6, indent=3.0)
        found = _name_in_block(index, window)
        if found:
            buyer.append(
                TextCandidate(found[0].value, found[0].line, found[0].start, found[0].end, 0.75)
            )
            buyer_rows.update(t.row for t in window)
    headings = _heading_lines(index)
    supplier.extend(c for c in headings if c.line is None or c.line.row not in buyer_rows)
    if supplier and not addresses:
        address = _receipt_address(index, supplier[0])
        if address:
            addresses.append(TextCandidate(address, None, 0, 0, supplier[0].evidence * 0.8))
    return Parties(_ranked(supplier), _ranked(addresses), _ranked(buyer), frozenset(buyer_rows))


def _ranked(cands: list[TextCandidate]) -> list[TextCandidate]:
    best: dict[str, TextCandidate] = {}
    for c in cands:
        if c.value and (c.value not in best or c.evidence > best[c.value].evidence):
            best[c.value] = c
    return sorted(best.values(), key=lambda c: -c.evidence)

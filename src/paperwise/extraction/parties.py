"""Supplier name and address, buyer name: who issued the document and to whom.

Evidence, strongest first: a role header ('Seller', 'Verkäufer', 'Bill to', 'Rechnungsempfänger')
with the name beside or under it; the sender line of a window envelope ('Acme GmbH · Street 1 ·
12345 Town') with the recipient's block under it; a line carrying a legal form (GmbH, Ltd,
SDN BHD, SARL...) near the top; the first line of the page (receipts print the shop first; see
letterhead.py). A buyer with no role header is the addressee after a salutation ('Herrn'), else a
name-street-postcode block near the top that is neither the supplier's nor a delivery address.
Blocks are read by column: the buyer's block printed on the letterhead's row, or a meta label
to the right of a role heading, belongs to another column. Payment slips name the payee and the
payer (Swiss QR-bill). An issuer's address missing under its name is looked for under the name
printed again (a footer) or beside it (supplier_address.py).
On OCR'd pages clear misreads in names and addresses are undone (ocr_repair.py)."""

from __future__ import annotations

import dataclasses
import itertools
import re
from collections.abc import Callable
from dataclasses import dataclass

from paperwise.extraction.candidates import TextLine
from paperwise.extraction.doc_index import DocumentIndex
from paperwise.extraction.identifiers import TextCandidate
from paperwise.extraction.letterhead import heading_lines, legal_name_of_brand, receipt_addresses
from paperwise.extraction.ocr_repair import (
    accents_are_noise,
    repair_address,
    repair_name,
    without_accents,
)
from paperwise.extraction.party_text import (
    ATTENTION,
    LEGAL_FORM,
    POSTCODE_TOWN,
    SENDER_SEPARATORS,
    STOP_ADDRESS,
    TITLE,
    column_below,
    is_detail_line,
    is_name_like,
    name_start,
    overlaps,
    squeezed,
    text_candidate,
    top_lines,
)
from paperwise.extraction.supplier_address import address_elsewhere, tidy_address
from paperwise.reading.model import PageSource


def _alternation(words: str) -> str:
    return "|".join(re.escape(w).replace(r"\ ", r"[\s/\-]*") for w in words.split("|"))


_ROLE_SUPPLIER = re.compile(
    r"^(?:" + _alternation(
        "verkäufer|lieferant|rechnungsersteller|leistungserbringer|rechnungssteller|absender|"
        "seller|supplier|vendor|issued by|from|bill from|sold by|billed by|invoice from|remit to|"
        "fournisseur|vendeur|émetteur|emetteur|"
        "fornitore|cedente prestatore|cedente|venditore|proveedor|emisor|vendedor|leverancier|"
        "verkoper|afzender|dobavitelj|izdajatelj|prodajalec|izdal|"
        # the payee of a payment slip (Swiss QR-bill: 'Konto / Zahlbar an')
        "konto / zahlbar an|compte / payable à|conto / pagabile a|account / payable to|"
        "zahlbar an|payable à|pagabile a|payable to"
    ) + r")\s*(?::\s*|$)", re.I,
)  # fmt: skip
_ROLE_BUYER = re.compile(
    r"^(?:" + _alternation(
        "käufer/leistungsempfänger|käufer|rechnungsempfänger|leistungsempfänger|kunde|"
        "rechnungsadresse|rechnung an|billing address|invoice address|bill to address|"
        "adresse de facturation|facturer à|indirizzo di fatturazione|fatturare a|"
        "dirección de facturación|factuuradres|gefactureerd aan|naslov za račun|račun za|"
        "an|to|aan|spett.le|spettabile|attn|attention|para|"
        "adresse du client|adresse client|customer address|client address|received from|"
        "kundenname|kundenname / firma|client name|nom du client|nome cliente|"
        "nombre del cliente|klantnaam|"
        "auftraggeber|bill to|billed to|invoice to|sold to|buyer|customer|client|acheteur|"
        "facturé à|facture à|destinataire|acquirente|cessionario committente|cessionario|"
        "committente|cliente|comprador|facturar a|klant|koper|factuur aan|kupec|naročnik|prejemnik|"
        "datos del cliente|dati del cliente|dati cliente|destinatario|customer details|"
        "client details|kundendaten|données client|coordonnées client|klantgegevens|"
        "podatki o kupcu|"
        # the payer of a payment slip (Swiss QR-bill: 'Zahlbar durch')
        "zahlbar durch|payable par|pagabile da|payable by"
    ) + r")\s*(?::\s*|$)", re.I,
)  # fmt: skip
# Role labels of several words run into the name without a colon in a text layer that set them
# close together ('Bill To Globex Corp', 'Sold By Acme Ltd'): a role label too.
_ROLE_INLINE = {
    _ROLE_SUPPLIER.pattern: re.compile(r"(?i)^(?:sold by|billed by|bill from|issued by)\s+(?=\w)"),
    _ROLE_BUYER.pattern: re.compile(
        r"(?i)^(?:bill(?:ed)?[\s-]to|sold to|invoice(?:d)? to|customer name)\s+(?=\w)"
    ),
}
_NEVER = re.compile(r"(?!)")
# A street with its house number ('Wiener Straße 3', '85 rue Victor Hugo', 'Via Roma 34/B').
_HOUSE_NUMBER = re.compile(r"^\d{1,4}(?:\s?[a-z])?\b\s+\D|\D\s\d{1,4}(?:\s?[a-z]|/\w+|-\w)?$", re.I)
_KEY_VALUE = re.compile(r"^([^:]{1,30}):\s*(.*)$")
_NAME_KEY = re.compile(
    r"^(?:name|firma|company|raison sociale|ragione sociale|nombre|naam|naziv)$", re.I
)
_SALUTATION = re.compile(
    r"^(?:herrn?|frau|firma|mr\.?|mrs\.?|ms\.?|messrs\.?|m\.|mme|monsieur|madame|sig\.?|sig\.ra|"
    r"spett\.le|sr\.?|sra\.?|dhr\.?|mevr\.?|g\.|ga\.)$",
    re.I,
)


@dataclass(frozen=True)
class Parties:
    supplier: list[TextCandidate]
    supplier_address: list[TextCandidate]
    buyer: list[TextCandidate]
    # Rows that belong to the buyer's block: its VAT id or IBAN are not the supplier's.
    buyer_rows: frozenset[int]


def _under(
    index: DocumentIndex, head: TextLine, max_rows: int = 7, indent: float = 2.0
) -> list[TextLine]:
    """The segments below ``head`` in its column (aligned left with it, or flush right with it),
    nearest first, until a gap or another block."""
    out: list[TextLine] = []
    last = head
    for nxt in itertools.islice(index.lines, head.index + 1, None):
        if nxt.page != head.page or nxt.row > head.row + max_rows:
            break
        if nxt.row == last.row and out:
            continue
        height = max(head.height, nxt.height)
        flush_right = abs(nxt.x1 - head.x1) <= height  # a block set flush right, like its head
        if (abs(nxt.x0 - head.x0) > indent * height and not flush_right) or nxt.row == head.row:
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
            if _NAME_KEY.match(kv.group(1).strip()) and is_name_like(kv.group(2)):
                cand = text_candidate(line, kv.start(2), len(text), 1.0)
                above = _value_line_above(index, line, line.x_at(kv.start(2)))
                if above is not None:
                    joined = f"{' '.join(above.text.split())} {cand.value}"
                    cand = TextCandidate(joined, line, kv.start(2), len(text), 1.0)
                return cand, i
            continue
        if _SALUTATION.match(text.strip()) or not is_name_like(text) or ATTENTION.match(text):
            continue  # 'ATTN Jane Doe', 'c/o ...': whom to attend, not the party
        start = name_start(text)
        if not text[start:].strip():
            continue  # a logo placeholder
        cand = text_candidate(line, start, len(text), 1.0)
        if i and _SALUTATION.match(lines[i - 1].text.strip()):  # printed as part of the name
            salutation = lines[i - 1]
            joined = f"{salutation.text.strip()} {cand.value}"
            cand = TextCandidate(joined, salutation, 0, len(salutation.text), 1.0)
        following = lines[i + 1] if i + 1 < len(lines) else None
        if following and LEGAL_FORM.search(following.text) and not LEGAL_FORM.search(text):
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
            if gap < line.height and is_name_like(text) and not _KEY_VALUE.match(text):
                return above
    return None


def _address_after(lines: list[TextLine], start: int) -> str | None:
    parts: list[str] = []
    for line in lines[start:]:
        text = line.text.strip()
        if STOP_ADDRESS.search(text) or _KEY_VALUE.match(text):
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
        m = role.match(line.text) or _ROLE_INLINE.get(role.pattern, _NEVER).match(line.text)
        rest = line.text[m.end() :].strip() if m else ""
        if not m and len(line.line.words) <= 3:  # a heading set with letter spacing
            squeezed = line.text.replace(" ", "")
            m = role.match(squeezed)
            if m and m.end() < len(squeezed):
                continue
        if not m:
            continue
        if rest and any(hit.start >= m.end() for hit in index.labels[line.index]):
            rest = ""  # another column's label on the heading's row ('Bill to:   Invoice no')
        below = _under(index, line)
        found = _name_in_block(index, below)
        if ATTENTION.match(line.text):
            company = _attended_company(index, line, below, found)
            if company is not None:
                out.append((company, None, line))
            continue
        beside = bool(rest) and _far_apart(line, m.end())  # maybe another column's text
        if rest and not (beside and found) and is_name_like(rest) and not _KEY_VALUE.match(rest):
            out.append((text_candidate(line, m.end(), len(line.text), 0.85), None, line))
            continue
        if rest and not beside:
            continue
        if found:
            cand, at = found
            out.append((cand, _address_after(below, at + 1), line))
    return out


def _attended_company(
    index: DocumentIndex,
    line: TextLine,
    below: list[TextLine],
    found: tuple[TextCandidate, int] | None,
) -> TextCandidate | None:
    """The party of an attention line ('ATTN: Jane Doe'): the company printed just above it in
    its column, else the one under it, else (weakly) the person attended."""
    above = _value_line_above(index, line, line.x0)
    if above is not None and not _is_street(above.text) and not TITLE.match(above.text):
        return text_candidate(above, name_start(above.text), len(above.text), 0.85)
    if found is not None and found[1] == 0:
        name = found[0]
        if name.line is not None and not (
            _is_street(name.line.text) or POSTCODE_TOWN.search(name.line.text)
        ):
            return name
    start = ATTENTION.match(line.text)
    rest = line.text[start.end() :].strip() if start else ""
    if is_name_like(rest) and not _KEY_VALUE.match(rest):
        return text_candidate(line, len(line.text) - len(rest), len(line.text), 0.4)
    return None


def _without_role(cand: TextCandidate) -> TextCandidate:
    """A name printed after the supplier's role label on its line ('Sold By : Acme Ltd')."""
    role = _ROLE_SUPPLIER.match(cand.value)
    rest = cand.value[role.end() :].strip() if role else ""
    if not rest:
        return cand
    return dataclasses.replace(cand, value=rest, start=cand.start + len(cand.value) - len(rest))


def _far_apart(line: TextLine, at: int) -> bool:
    """Whether the text from ``at`` on starts far right of the word before it: a column of its
    own ('Client:          Date de livraison'), set apart by more than a segment gap."""
    words, starts = line.line.words, line.starts
    i = next((k for k, start in enumerate(starts) if start >= at), None)
    if not i:
        return False
    return words[i].x0 - words[i - 1].x1 > 3.0 * max(words[i - 1].height, 1.0)


def _sender_line(index: DocumentIndex) -> tuple[TextLine, list[str]] | None:
    """The one-line sender address above an envelope window: parts split by '|', '·', ' - '..."""
    for line in index.lines:
        if line.page != 0 or line.y0 > index.doc.pages[0].height * 0.45:
            continue
        parts = [p for p in SENDER_SEPARATORS.split(line.text) if p.strip()]
        if (
            len(parts) >= 2
            and any(POSTCODE_TOWN.search(p) for p in parts[1:])
            and is_name_like(parts[0])
            and not is_detail_line(parts[0])  # 'VAT Number: GB 123 | 12 High St | ...'
            and not POSTCODE_TOWN.search(parts[0])
            and not _is_street(parts[0])  # 'Street 3 | 12345 Town': no name first
        ):
            return line, parts
    return None


def _is_street(text: str) -> bool:
    """A street and house number, not a company name with a number in it ('3M Italia S.p.A.')."""
    return bool(_HOUSE_NUMBER.search(text.strip())) and not LEGAL_FORM.search(text)


def find_parties(index: DocumentIndex) -> Parties:
    supplier: list[TextCandidate] = []
    addresses: list[TextCandidate] = []
    buyer: list[TextCandidate] = []
    buyer_rows: set[int] = set()
    buyer_lines: set[int] = set()  # the buyer's block: its lines, not their rows, are excluded

    def buyer_block(lines: list[TextLine]) -> None:
        buyer_rows.update(t.row for t in lines)
        buyer_lines.update(t.index for t in lines)

    for cand, address, _ in _role_blocks(index, _ROLE_SUPPLIER)[:1]:
        supplier.append(cand)
        if address:
            addresses.append(TextCandidate(tidy_address(address), None, 0, 0, 0.8))
    for cand, _, head in _role_blocks(index, _ROLE_BUYER)[:1]:
        buyer.append(cand)
        if cand.line is not None:
            buyer_block([head, cand.line, *_under(index, cand.line, 5)])
    sender = _sender_line(index)
    if sender:
        line, parts = sender
        name = " ".join(parts[0].split())
        start = line.text.find(parts[0])
        supplier.append(TextCandidate(name, line, start, start + len(parts[0]), 0.8))
        address = tidy_address(" ".join(p.strip(" ,") for p in parts[1:]))
        addresses.append(TextCandidate(address, None, 0, 0, 0.6))
        window = _under(index, line, 6, indent=3.0)
        found = _name_in_block(index, window)
        if found:
            buyer.append(
                TextCandidate(found[0].value, found[0].line, found[0].start, found[0].end, 0.75)
            )
            buyer_block(window)
    addressee = None if buyer else _addressee(index)
    if addressee is not None and addressee.line is not None:
        buyer.append(addressee)
        buyer_block([addressee.line, *_under(index, addressee.line, 4)])
    headings = [_without_role(c) for c in heading_lines(index) if not _ROLE_BUYER.match(c.value)]
    supplier.extend(c for c in headings if c.line is None or c.line.index not in buyer_lines)
    footer = _footer_issuer(index)
    on_top = _window_addressee(index, footer[0]) if footer and not buyer else None
    if footer and on_top is not None and on_top.line is not None:
        # no letterhead printed (pre-printed stationery): the block on top is the addressee
        buyer.append(on_top)
        buyer_block([on_top.line, *_under(index, on_top.line, 4)])
        footer = [dataclasses.replace(footer[0], evidence=_FOOTER_ISSUER_ALONE)]
        supplier = [c for c in supplier if c.line is None or c.line.index not in buyer_lines]
    supplier.extend(footer)
    if headings and not LEGAL_FORM.search(headings[-1].value):
        supplier.extend(legal_name_of_brand(index, headings[-1].value))
    if not buyer:  # after the supplier is known: a block that is not the supplier's
        block = _address_block(index, _issuer_block(supplier))
        buyer.extend(block)
        for addressee_name in block:
            if addressee_name.line is not None:
                block_lines = [addressee_name.line, *_under(index, addressee_name.line, 4)]
                buyer_lines.update(t.index for t in block_lines)
        supplier = [c for c in supplier if c.line is None or c.line.index not in buyer_lines]
    if supplier and not addresses:
        addresses.extend(_supplier_addresses(index, supplier, buyer_lines))
    parties = Parties(_ranked(supplier), _ranked(addresses), _ranked(buyer), frozenset(buyer_rows))
    scanned = bool(index.doc.pages) and index.doc.pages[0].source is PageSource.OCR
    return repaired(parties, accents_are_noise(t.text for t in index.lines)) if scanned else parties


# The footer: the lowest part of a page, where an issuer prints its legal details.
_FOOTER = 0.82
_FOOTER_ISSUER = 0.4  # below a letterhead's first line (0.45): the name printed on top wins


def _footer_issuer(index: DocumentIndex) -> list[TextCandidate]:
    """An issuer named only in the footer of the first page ('Dupont SARL – 12 rue … – SIRET …'
    or a column 'Kraus GmbH / Street 2 / 50667 Köln' beside the bank and tax columns): a name
    with a legal form followed by its address or legal details, on its line or under it."""
    if not index.doc.pages:
        return []
    limit = index.doc.pages[0].height * _FOOTER
    for line in index.lines:
        if line.page != 0 or line.y0 < limit:
            continue
        parts = [p for p in SENDER_SEPARATORS.split(line.text) if p.strip()]
        head = parts[0] if parts else ""
        if not LEGAL_FORM.search(head) or not is_name_like(head) or _is_street(head):
            continue
        if STOP_ADDRESS.search(head) or POSTCODE_TOWN.search(head):
            continue
        details = [*parts[1:], *(t.text for t in column_below(index, line, 3))]
        if any(POSTCODE_TOWN.search(d) or STOP_ADDRESS.search(d) for d in details):
            start = line.text.find(head)
            name = " ".join(head.split())
            return [TextCandidate(name, line, start, start + len(head), _FOOTER_ISSUER)]
    return []


# Where a letterhead ends and an envelope window's address begins, as a share of the page.
_BELOW_LETTERHEAD = 0.1
_FOOTER_ISSUER_ALONE = 0.7


def _window_addressee(index: DocumentIndex, issuer: TextCandidate) -> TextCandidate | None:
    """An invoice printed for pre-printed stationery has no letterhead: the first thing on the
    page is the addressee's block (a name over its street and postcode, set below where a
    letterhead would be), and the issuer is named in the footer, as another company."""
    first = next((t for t in index.lines if t.page == 0), None)
    if first is None or first.y0 < index.doc.pages[0].height * _BELOW_LETTERHEAD:
        return None
    text = first.text.strip()
    if not is_name_like(text) or TITLE.match(text) or _KEY_VALUE.match(text):
        return None
    if squeezed(text) == squeezed(issuer.value) or STOP_ADDRESS.search(text):
        return None
    below = _under(index, first, 4, indent=0.5)[:3]
    if len(below) < 2 or not any(POSTCODE_TOWN.search(t.text) for t in below[1:]):
        return None
    return text_candidate(first, 0, len(first.text), 0.6)


def _issuer_block(supplier: list[TextCandidate]) -> list[TextCandidate]:
    """The best supplier candidate, those printed with it (a shop's name over its legal name)
    and the first line printed (a brand): not one in another column or further down (the
    addressee's block, its name with a legal form)."""
    ranked = _ranked(supplier)
    placed = [c for c in ranked if c.line is not None]
    if not placed or ranked[0].line is None:
        return ranked[:1]
    best = ranked[0].line
    first = min(t.line.index for t in placed if t.line is not None)
    return [
        c
        for c in ranked
        if c.line is None
        or c.line.index == first
        or (overlaps(c.line, best) and _gap(c.line, best) < 2 * best.height)
    ]


def _gap(one: TextLine, other: TextLine) -> float:
    """The vertical space between two segments (0 when they share a row)."""
    return max(0.0, one.y0 - other.y1, other.y0 - one.y1)


def _supplier_addresses(
    index: DocumentIndex, supplier: list[TextCandidate], buyer_lines: set[int]
) -> list[TextCandidate]:
    """The address under the letterhead's name; when that has no postcode, the one under the
    name printed again or beside it ranks first."""
    found = [
        dataclasses.replace(c, value=tidy_address(c.value))
        for c in receipt_addresses(index, supplier)
    ]
    if any(POSTCODE_TOWN.search(c.value) for c in found):
        return found
    best = _ranked(supplier)[0]
    elsewhere = address_elsewhere(index, best, buyer_lines)
    return [elsewhere, *found] if elsewhere else found


def _addressee(index: DocumentIndex) -> TextCandidate | None:
    """A letter's addressee with no role header: a salutation line ('Herrn', 'Mr') near the top
    of the first page, and the name under it."""
    for line in top_lines(index, 0.4):
        if _SALUTATION.match(line.text.strip()):
            found = _name_in_block(index, [line, *_under(index, line, 2)])
            if found is not None and found[1] > 0:
                cand = found[0]
                return TextCandidate(cand.value, cand.line, cand.start, cand.end, 0.6)
    return None


_DELIVERY = re.compile(
    r"(?i)^(?:delivery address|deliver to|ship to|shipping address|lieferadresse|lieferanschrift|"
    r"warenempfänger|adresse de livraison|livré à|indirizzo di consegna|destinazione merce|"
    r"dirección de entrega|enviar a|afleveradres|leveringsadres|naslov dostave)\b"
)


def _address_block(index: DocumentIndex, supplier: list[TextCandidate]) -> list[TextCandidate]:
    """A recipient printed with no role header: near the top of the first page, a name over its
    street and postcode, not the supplier's and not under a delivery header."""
    taken = {squeezed(c.value) for c in supplier}
    taken_lines = {c.line.index for c in supplier if c.line is not None}
    for line in top_lines(index, 0.4):
        text = line.text.strip()
        if not is_name_like(text) or _KEY_VALUE.match(text) or line.index in taken_lines:
            continue
        if is_detail_line(text):
            continue  # 'Attn Jane Doe', 'c/o ...'

        if squeezed(text) in taken:
            continue
        if STOP_ADDRESS.search(text) or POSTCODE_TOWN.search(text) or TITLE.match(text):
            continue
        if _DELIVERY.match(text) or _ROLE_SUPPLIER.match(text) or _ROLE_BUYER.match(text):
            continue
        below = _under(index, line, 4, indent=0.5)[:3]
        if len(below) < 2 or not any(POSTCODE_TOWN.search(t.text) for t in below[1:]):
            continue
        above = [t for t in index.lines[: line.index] if abs(t.x0 - line.x0) < line.height]
        if above and above[-1].row >= line.row - 2 and _DELIVERY.match(above[-1].text.strip()):
            continue
        if any(
            squeezed(t.text) in taken and line.y0 - t.y1 < 2.5 * line.height for t in above[-1:]
        ):
            continue  # the supplier's own block, under its name
        return [text_candidate(line, 0, len(line.text), 0.5)]
    return []


def repaired(parties: Parties, drop_accents: bool) -> Parties:
    """The parties of an OCR'd page with clear misreads in names and addresses undone; stray
    accents dropped when ``drop_accents``."""

    def fix(cands: list[TextCandidate], repair: Callable[[str], str]) -> list[TextCandidate]:
        out = []
        for c in cands:
            value = repair(without_accents(c.value) if drop_accents else c.value)
            out.append(dataclasses.replace(c, value=value))
        return out

    return dataclasses.replace(
        parties,
        supplier=fix(parties.supplier, repair_name),
        supplier_address=fix(parties.supplier_address, repair_address),
        buyer=fix(parties.buyer, repair_name),
    )


def _ranked(cands: list[TextCandidate]) -> list[TextCandidate]:
    best: dict[str, TextCandidate] = {}
    for c in cands:
        if c.value and (c.value not in best or c.evidence > best[c.value].evidence):
            best[c.value] = c
    return sorted(best.values(), key=lambda c: -c.evidence)

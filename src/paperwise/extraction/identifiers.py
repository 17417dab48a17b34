"""Invoice number, purchase order, payment reference, VAT id and IBAN.

Numbers and references are the token printed after their label; a VAT id or an IBAN is
recognised by its shape, and an IBAN only when its ISO 13616 check digits are right."""

from __future__ import annotations

import re
from dataclasses import dataclass

from paperwise.domain.result import Box
from paperwise.extraction.candidates import TextLine
from paperwise.extraction.doc_index import RIGHT_OF_LABEL, DocumentIndex, Place

_TOKEN = re.compile(r"[^\s:]+")
# Words ending in a colon before a reference: the rest of its label ('à rappeler: X').
_LABEL_REST = re.compile(r"(?=[^\d:]*\s)[^\d:]{1,30}:\s*(?=\S)")
_LEADING_NOISE = re.compile(r"[\s:#.\-–]*(?:(?:no|nr|n°|nº|#|number|nummer)\b[\s:.#]*)?", re.I)


@dataclass(frozen=True)
class TextCandidate:
    value: str
    line: TextLine | None
    start: int
    end: int
    evidence: float
    checked: bool = False

    @property
    def box(self) -> Box | None:
        return self.line.box(self.start, self.end) if self.line else None


# A reference printed in a column next to the amount's currency ('RF86 1164 3688 70 EUR').
_TRAILING_CURRENCY = re.compile(
    r"\s+(?:EUR|USD|GBP|CHF|SEK|NOK|DKK|PLN|CZK|HUF|RON|BGN|JPY|CAD|AUD|MYR|SGD|€|\$|£)\s*$"
)


def _id_token(place: Place, *, multi_word: bool) -> tuple[str, int, int] | None:
    """The identifier at the start of a place: one token (or, for references, the rest of the
    place), holding a digit, not a date or an amount with decimals."""
    text = place.line.text
    lead = _LEADING_NOISE.match(text, place.start)
    start = lead.end() if lead else place.start
    if multi_word:
        # the rest of a longer label ('Référence à rappeler: X', 'Referenz (bitte angeben): X')
        while start < place.end and text[start] in ") :":
            start += 1
        rest = _LABEL_REST.match(text, start, place.end)
        start = rest.end() if rest else start
        value = _TRAILING_CURRENCY.sub("", text[start : place.end]).strip(" :;,.")
        if not value or not any(c.isdigit() for c in value) or len(value) > 40:
            return None
        return value, start, start + len(value)
    m = _TOKEN.match(text, start)
    if not m or m.start() >= place.end:
        return None
    token = m.group(0).strip(".,;()")
    if not any(c.isdigit() for c in token) or re.fullmatch(r"\d+[.,]\d{2}", token):
        return None
    if token.endswith("%"):
        return None  # a rate under a row of titles, not a number
    if re.fullmatch(r"\d{1,2}[./-]\d{1,2}[./-]\d{2,4}", token):
        return None
    return token, m.start(), m.start() + len(token)


def labelled_identifiers(index: DocumentIndex, meaning: str) -> list[TextCandidate]:
    """Tokens printed after the labels of ``meaning`` (invoice_number, purchase_order_number,
    payment_reference), best evidence first."""
    out: list[TextCandidate] = []
    multi = meaning == "payment_reference"
    for hit in index.hits(meaning):
        places = index.places(hit)
        if multi and hit.strength < 1.0:
            # a word that only sometimes names the reference ('Omschrijving', also a table's
            # description column) is believed with its value right after it
            places = [p for p in places if p.line is hit.line and p.weight >= RIGHT_OF_LABEL]
        for place in places:
            token = _id_token(place, multi_word=multi)
            if token:
                value, start, end = token
                value = repaired_reference(value) if multi else value
                out.append(
                    TextCandidate(value, place.line, start, end, hit.strength * place.weight)
                )
                break
    return _best_per_value(out)


def _best_per_value(cands: list[TextCandidate]) -> list[TextCandidate]:
    best: dict[str, TextCandidate] = {}
    for c in cands:
        if c.value not in best or c.evidence > best[c.value].evidence:
            best[c.value] = c
    return sorted(best.values(), key=lambda c: -c.evidence)


# An ISO 11649 creditor reference ('RF18 5390 0754 7034') whose 'RF' OCR misreads ('RP', 'KF').
_CREDITOR_REFERENCE = re.compile(r"[A-Z]{2}\d{2}[A-Z0-9]{1,21}")
_R_MISREADS = frozenset("RKPB")
_F_MISREADS = frozenset("FPET")


def _mod97(reference: str) -> int:
    return int("".join(str(int(c, 36)) for c in reference[4:] + reference[:4])) % 97


# A Slovenian model reference ('SI00 203121', 'SI12 ...') with its I read as a one.
_SI_MODEL_MISREAD = re.compile(r"^S[1l|](?=\d{2} \d)")


def repaired_reference(value: str) -> str:
    """A payment reference with the misread letters of its scheme undone: 'RF' of a creditor
    reference (the check digits then hold, and did not before), 'SI' of a Slovenian model;
    else the value as read."""
    value = _SI_MODEL_MISREAD.sub("SI", value)
    compact = value.replace(" ", "").upper()
    if compact.startswith("RF") or not _CREDITOR_REFERENCE.fullmatch(compact):
        return value
    if compact[0] not in _R_MISREADS or compact[1] not in _F_MISREADS:
        return value
    if _mod97(compact) == 1 or _mod97("RF" + compact[2:]) != 1:
        return value
    return "RF" + value.lstrip()[2:]


# ---- IBAN ---------------------------------------------------------------------------------------
_IBAN_RE = re.compile(r"\b[A-Z]{2}\d{2}(?:[ ]?[A-Z0-9]{4}){2,7}(?:[ ]?[A-Z0-9]{1,3})?\b")
_IBAN_LENGTHS = {
    "AD": 24, "AT": 20, "BA": 20, "BE": 16, "BG": 22, "CH": 21, "CY": 28, "CZ": 24, "DE": 22,
    "DK": 18, "EE": 20, "ES": 24, "FI": 18, "FR": 27, "GB": 22, "GR": 27, "HR": 21, "HU": 28,
    "IE": 22, "IS": 26, "IT": 27, "LI": 21, "LT": 20, "LU": 20, "LV": 21, "MC": 27, "ME": 22,
    "MT": 31, "NL": 18, "NO": 15, "PL": 28, "PT": 25, "RO": 24, "RS": 22, "SE": 24, "SI": 19,
    "SK": 24, "SM": 27, "TR": 26,
}  # fmt: skip


def iban_valid(iban: str) -> bool:
    """ISO 13616: the country's length and the mod-97 check digits."""
    s = iban.replace(" ", "").upper()
    if s.startswith("RF"):  # an ISO 11649 creditor reference has the same check, not an IBAN
        return False
    expected = _IBAN_LENGTHS.get(s[:2])
    if expected is not None and len(s) != expected:
        return False
    if not re.fullmatch(r"[A-Z]{2}\d{2}[A-Z0-9]{11,30}", s):
        return False
    digits = "".join(str(int(c, 36)) for c in s[4:] + s[:4])
    return int(digits) % 97 == 1


def _checked_iban(raw: str, *, repair_country: bool) -> str:
    """The IBAN without spaces when its check digits hold; with ``repair_country``, also when
    they hold once one misread letter of the country code is undone ('TT61 M794...' is 'IT61',
    the one country of that length a letter away). Else ''."""
    compact = raw.replace(" ", "")
    if iban_valid(compact):
        return compact
    if not repair_country or compact.startswith("RF"):
        return ""
    fits = [
        country + compact[2:]
        for country, length in _IBAN_LENGTHS.items()
        if length == len(compact)
        and sum(a != b for a, b in zip(country, compact[:2], strict=True)) == 1
        and iban_valid(country + compact[2:])
    ]
    return fits[0] if len(fits) == 1 else ""


def iban_candidates(index: DocumentIndex, exclude_rows: set[int]) -> list[TextCandidate]:
    """IBANs with valid check digits, the one after an IBAN label first."""
    out: list[TextCandidate] = []
    labelled = {h.line.index for h in index.hits("supplier_iban")}
    for line in index.lines:
        if line.row in exclude_rows or not any(c.isdigit() for c in line.text):
            continue
        after_label = line.index in labelled or "iban" in line.lower
        for m in _IBAN_RE.finditer(line.text.upper()):
            # Greedy grouping can swallow a following word: retreat until the checksum holds.
            raw, value = m.group(0), ""
            while raw and not value:
                value = _checked_iban(raw, repair_country=after_label)
                if not value:
                    raw = raw[: raw.rfind(" ")] if " " in raw else ""
            if not raw:
                continue
            evidence = 1.0 if after_label else 0.9
            out.append(TextCandidate(value, line, m.start(), m.start() + len(raw), evidence, True))
    return _best_per_value(out)


# ---- VAT ids ------------------------------------------------------------------------------------
_VAT_RE = re.compile(
    r"(?:ATU\d{8}|BE[01]\d{9}|BG\d{9,10}|CHE\d{9}(?:MWST|TVA|IVA)?|CY\d{8}[A-Z]|CZ\d{8,10}|DE\d{9}|DK\d{8}|"
    r"EE\d{9}|EL\d{9}|ES[A-Z0-9]\d{7}[A-Z0-9]|FI\d{8}|FR[A-HJ-NP-Z0-9]{2}\d{9}|GB\d{9}(?:\d{3})?|"
    r"HR\d{11}|HU\d{8}|IE\d[A-Z0-9+*]\d{5}[A-Z]{1,2}|IT\d{11}|LT\d{9}(?:\d{3})?|LU\d{8}|LV\d{11}|"
    r"MT\d{8}|NL\d{9}B\d{2}|PL\d{10}|PT\d{9}|RO\d{2,10}|SE\d{12}|SI\d{8}|SK\d{10})(?![A-Z0-9])"
)
# A run of capitals and digits that may hold a VAT id, tried from every word start: a label
# before it ('VAT Reg. No. GB 245 0409 82') must not take the room the id needs.
_VAT_SPACED = re.compile(r"(?=\b([A-Z]{2,3}[ .\-]?[0-9A-Z][0-9A-Z .\-]{6,16}[0-9A-Z])\b)")
_VAT_SUFFIX = re.compile(r"\s*(MWST|TVA|IVA)$")
# A Dutch VAT id's 'B' read as an 8 ('NL404622342801'): the id has nine digits, B, two digits.
_NL_B_AS_EIGHT = re.compile(r"\b(NL[ .\-]?(?:\d[ .\-]?){9})8(?=[ .\-]?\d[ .\-]?\d(?![A-Z0-9]))")


def _printed_vat_id(text: str) -> tuple[str, int, int] | None:
    """The VAT id in a run of text, as printed but without spaces ('DE 123 456 789' ->
    'DE123456789', 'CHE-123.456.789 MWST' kept with its dots and suffix), and where it is in
    the run; else None."""
    compact = re.sub(r"[ .\-]", "", text)
    shaped = _VAT_RE.search(compact)
    if not shaped:
        return None
    # map the compact match back onto the printed characters
    kept = [i for i, c in enumerate(text) if c not in " .-"]
    start, end = kept[shaped.start()], kept[shaped.end() - 1] + 1
    printed = text[start:end]
    suffix = _VAT_SUFFIX.search(printed)
    if suffix:
        return printed[: suffix.start()].replace(" ", "") + " " + suffix.group(1), start, end
    return printed.replace(" ", ""), start, end


def vat_id_candidates(index: DocumentIndex, exclude_rows: set[int]) -> list[TextCandidate]:
    """EU-style VAT ids (spaces and dots inside allowed), the one after a VAT-id label first."""
    out: list[TextCandidate] = []
    labelled = {h.line.index for h in index.hits("supplier_vat_id")}
    for line in index.lines:
        if line.row in exclude_rows:
            continue
        upper = _NL_B_AS_EIGHT.sub(r"\1B", line.text.upper())
        found: dict[int, tuple[str, int]] = {}  # start -> (id, end): the longest per start
        for m in _VAT_SPACED.finditer(upper):
            printed = _printed_vat_id(m.group(1))
            if printed is None:
                continue
            value, start, end = printed
            start, end = m.start(1) + start, m.start(1) + end
            if start not in found or end > found[start][1]:
                found[start] = (value, end)
        evidence = 1.0 if line.index in labelled else 0.75
        for start, (value, end) in found.items():
            out.append(TextCandidate(value, line, start, end, evidence))
    for hit in index.hits("supplier_vat_id"):
        for place in index.places(hit):
            token = _id_token(place, multi_word=False)
            if token and place.line.row not in exclude_rows:
                value, start, end = token
                value = _NL_B_AS_EIGHT.sub(r"\1B", value)
                out.append(TextCandidate(value, place.line, start, end, 0.6 * hit.strength))
                break
    return _best_per_value(out)

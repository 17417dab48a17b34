"""Issue and due dates: dates next to their labels, else (issue date) the first date printed.

An all-numeric date whose day and month could swap is read in the document's own order (from its
unambiguous dates, else its locale) and scored lower; its other reading is the runner-up."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date

from paperwise.extraction.candidates import FoundDate, TextLine
from paperwise.extraction.doc_index import DocumentIndex
from paperwise.extraction.normalise import DateOrder

# The first date on a document with no date label is usually its issue date.
_FIRST_DATE = 0.55
_ONLY_DATE = 0.75
_LATER_DATE = 0.35
_BESIDE_NUMBER = 0.85


@dataclass(frozen=True)
class DateCandidate:
    value: date
    found: FoundDate
    evidence: float
    ambiguous: bool


def date_candidates(index: DocumentIndex, meaning: str) -> list[DateCandidate]:
    """Candidates for issue_date or pay_due_date, best evidence first, one per distinct date."""
    out: list[DateCandidate] = []
    for hit in index.hits(meaning):
        for place in index.places(hit):
            found = index.dates_at(place)
            if found:
                out.extend(_readings(index, found[0], hit.strength * place.weight))
                break
    if meaning == "pay_due_date":
        out.extend(_payment_sentence_dates(index))
    if meaning == "issue_date":
        # 'Invoice No. 123 of 05.03.2024': the date beside the document's number is its date
        for hit in index.hits("invoice_number"):
            beside = [d for d in index.dates[hit.line.index] if d.start >= hit.end]
            if beside:
                out.extend(_readings(index, beside[0], _BESIDE_NUMBER * hit.strength))
        every = [d for ds in index.dates for d in ds]
        distinct = {d.match.resolve(index.date_order) for d in every}
        for position, first in enumerate(every[:3]):
            evidence = _LATER_DATE if position else _FIRST_DATE
            if len(distinct) == 1:
                evidence = _ONLY_DATE
            out.extend(_readings(index, first, evidence))
    best: dict[date, DateCandidate] = {}
    for c in out:
        if c.value not in best or c.evidence > best[c.value].evidence:
            best[c.value] = c
    return sorted(best.values(), key=lambda c: -c.evidence)


# The due date in the sentence asking for payment, the amount between the verb and the date:
# 'Please pay GBP 1,452.29 by 09/11/2025', 'Merci de régler 9 804,56 EUR avant le 26/01/2022',
# 'Si prega di pagare … entro il …', 'Gelieve … te voldoen vóór …', 'Prosimo, plačajte … do …'.
_PAY_VERB = re.compile(
    r"(?i)\b(?:pay|remit|settle|transfer|zahlen|bezahlen|überweisen|begleichen|régler|réglez|"
    r"payer|payez|verser|versez|acquitter|pagare|paghi|pagate|saldare|versare|bonificare|pagar|"
    r"pague|paguen|abonar|abone|abonen|ingresar|ingrese|liquidar|transferir|betalen|betaal|"
    r"voldoen|overmaken|storten|plačati|plačajte|poravnati|poravnajte|nakazati|nakažite)\b"
)
_BY_DATE = re.compile(
    r"(?i)\b(?:by|before|until|no later than|on or before|bis(?: zum| spätestens)?|"
    r"spätestens(?: am| bis(?: zum)?)?|avant(?: le)?|au plus tard le|jusqu'au|d'ici le|"
    r"entro(?: il)?|prima del|antes del?|hasta el|a más tardar el|vóór|voor|uiterlijk(?: op)?|"
    r"do|najkasneje do|najpozneje do)[\s:,]*$"
)
_IN_PAYMENT_SENTENCE = 0.85


def _payment_sentence_dates(index: DocumentIndex) -> list[DateCandidate]:
    out: list[DateCandidate] = []
    for line, found in zip(index.lines, index.dates, strict=True):
        for d in found:
            before = line.text[: d.start]
            if _BY_DATE.search(before) and _PAY_VERB.search(before):
                out.extend(_readings(index, d, _IN_PAYMENT_SENTENCE))
    return out


def _readings(index: DocumentIndex, found: FoundDate, evidence: float) -> list[DateCandidate]:
    match = found.match
    first = match.resolve(index.date_order)
    if first is None:
        return []
    if not match.ambiguous:
        return [DateCandidate(first, found, evidence, False)]
    other_order = DateOrder.MDY if index.date_order is DateOrder.DMY else DateOrder.DMY
    other = match.resolve(other_order)
    out = [DateCandidate(first, found, evidence, True)]
    if other is not None:
        out.append(DateCandidate(other, found, evidence * (1 - index.date_order_certainty), True))
    return out


# Payment terms in days ('Please pay within 30 days', 'Zahlungsziel: 14 Tage', 'Paiement à 30
# jours', 'Pagamento a 30 giorni', 'Pago a 30 días', 'Betaling binnen 30 dagen', 'Rok plačila je
# 8 dni'): a line about payment with a number of days in it.
_PAYMENT_WORD = re.compile(
    r"(?i)\b(?:pay|payment|payable|terms|zahl\w*|paiement|payer|pagamento|pagare|termini|pago|"
    r"betal\w*|plačil\w*|placil\w*|rok)\b"
)
_DAYS = re.compile(
    r"(?i)(?<![\d.,/-])(\d{1,3})\s*(?:days?|tagen?|jours|giorni|gg\.?|días|dias|dagen|dni|dneh)\b"
)
_NOT_TERMS = re.compile(r"(?i)skonto|escompte|sconto|descuento|korting|discount|%")


@dataclass(frozen=True)
class PaymentTerm:
    days: int
    line: TextLine
    start: int
    end: int


def payment_terms(index: DocumentIndex) -> list[PaymentTerm]:
    """The numbers of days given for payment, in reading order (early-payment discounts aside)."""
    out: list[PaymentTerm] = []
    for line in index.lines:
        text = line.text
        if not _PAYMENT_WORD.search(text) or _NOT_TERMS.search(text):
            continue
        for m in _DAYS.finditer(text):
            days = int(m.group(1))
            if 0 < days <= 180:
                out.append(PaymentTerm(days, line, m.start(), m.end()))
    return out

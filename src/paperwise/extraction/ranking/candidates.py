"""Candidates for the learned ranker: every value on the page that could be a field's value.

Broad on purpose (recall first): every amount for an amount, every date for a date, every
identifier-shaped token for a number or reference, every text segment for a name and every run
of up to four aligned rows for an address — plus whatever the rules proposed, with the rules'
rank and confidence kept as evidence. Choosing among them is the ranker's job."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal

from paperwise.domain.result import Box, FieldResult
from paperwise.extraction.candidates import TextLine
from paperwise.extraction.doc_index import DocumentIndex
from paperwise.extraction.layout import box_of
from paperwise.extraction.normalise import fold_whitespace, format_date, format_number
from paperwise.extraction.supplier_address import tidy_address

AMOUNT_MEANINGS = ("total_amount", "net_amount", "tax_amount")
DATE_MEANINGS = ("issue_date", "pay_due_date")
IDENTIFIER_MEANINGS = ("invoice_number", "purchase_order_number", "payment_reference")
NAME_MEANINGS = ("supplier_name", "buyer_name")
ADDRESS_MEANINGS = ("supplier_address",)
RANKED_MEANINGS = (
    *AMOUNT_MEANINGS,
    *DATE_MEANINGS,
    *IDENTIFIER_MEANINGS,
    *NAME_MEANINGS,
    *ADDRESS_MEANINGS,
)

# Text blocks looked at for names and addresses: the top and the foot of the first page.
_HEAD_SEGMENTS = 45
_FOOT_SEGMENTS = 15
_MAX_ADDRESS_ROWS = 4
_IDENTIFIER = re.compile(r"(?<![\w/-])[A-Za-z0-9#][\w\-/.#]*\d[\w\-/.]*")
_AFTER_COLON = re.compile(r"^[^:]{1,40}:\s*(\S.*)$")


@dataclass(frozen=True)
class Candidate:
    """One printed occurrence of a possible value (or a rule's value not found in print)."""

    value: str
    line: TextLine | None
    start: int
    end: int
    box: Box | None
    rows: int = 1  # rows an address run spans
    variant: int = 0  # 1: a tidied address / the text after a label's colon
    number: Decimal | None = None
    day: dt.date | None = None


@dataclass(frozen=True)
class RuleOpinion:
    """What the rules said of a value: its rank among their values and their confidence."""

    rank: int
    confidence: float


def rule_opinions(result: FieldResult) -> dict[str, RuleOpinion]:
    return {v.value: RuleOpinion(i, v.confidence) for i, v in enumerate(result.ranked())}


def _line_at(index: DocumentIndex, box: Box) -> tuple[TextLine, int, int] | None:
    """The segment a rule's box lies in, and the span its words take."""
    cx, cy = box.x + box.width / 2, box.y + box.height / 2
    for line in index.lines:
        if line.page != box.page or not (line.y0 - 1 <= cy <= line.y1 + 1):
            continue
        if not (line.x0 - 1 <= cx <= line.x1 + 1) and not (line.x0 - 1 <= box.x <= line.x1):
            continue
        start, end = len(line.text), 0
        for word, ws in zip(line.line.words, line.starts, strict=True):
            if word.x1 >= box.x - 1 and word.x0 <= box.x + box.width + 1:
                start, end = min(start, ws), max(end, ws + len(word.text))
        return (line, start, end) if end > start else (line, 0, len(line.text))
    return None


def rule_candidates(index: DocumentIndex, result: FieldResult) -> list[Candidate]:
    out: list[Candidate] = []
    for v in result.ranked():
        where = _line_at(index, v.box) if v.box is not None else None
        if where is None:
            out.append(Candidate(v.value, None, 0, 0, v.box))
        else:
            line, start, end = where
            out.append(Candidate(v.value, line, start, end, v.box))
    return out


def amount_candidates(index: DocumentIndex) -> list[Candidate]:
    return [
        Candidate(format_number(a.value), a.line, a.start, a.end, None, number=a.value)
        for found in index.amounts
        for a in found
    ]


def date_candidates(index: DocumentIndex) -> list[Candidate]:
    out: list[Candidate] = []
    for found in index.dates:
        for d in found:
            day = d.match.resolve(index.date_order)
            if day is not None:
                out.append(Candidate(format_date(day), d.line, d.start, d.end, None, day=day))
    return out


def identifier_candidates(index: DocumentIndex) -> list[Candidate]:
    out: list[Candidate] = []
    for line in index.lines:
        for m in _IDENTIFIER.finditer(line.text):
            token = m.group(0).rstrip(".,:;/-")
            if 3 <= len(token) <= 30:
                out.append(Candidate(token, line, m.start(), m.start() + len(token), None))
    return out


def _first_page_blocks(index: DocumentIndex) -> list[TextLine]:
    first = (
        [line for line in index.lines if line.page == index.lines[0].page] if index.lines else []
    )
    if len(first) <= _HEAD_SEGMENTS + _FOOT_SEGMENTS:
        return first
    return first[:_HEAD_SEGMENTS] + first[-_FOOT_SEGMENTS:]


def _has_letters(text: str) -> bool:
    return sum(c.isalpha() for c in text) >= 2


def name_candidates(index: DocumentIndex) -> list[Candidate]:
    out: list[Candidate] = []
    for line in _first_page_blocks(index):
        text = line.text.strip()
        if not _has_letters(text) or len(text) > 100:
            continue
        out.append(Candidate(fold_whitespace(text), line, 0, len(line.text), None))
        after = _AFTER_COLON.match(line.text)
        if after and _has_letters(after.group(1)):
            start = after.start(1)
            value = fold_whitespace(after.group(1))
            out.append(Candidate(value, line, start, len(line.text), None, variant=1))
    return out


def _continues(above: TextLine, below: TextLine) -> bool:
    """Whether ``below`` reads on from ``above`` in one block: the next row, aligned, near."""
    if below.page != above.page or below.row != above.row + 1:
        return False
    height = max(above.height, below.height, 1.0)
    if below.y0 - above.y1 > 1.5 * height:
        return False
    return abs(below.x0 - above.x0) < 2 * height or (below.x0 < above.x1 and above.x0 < below.x1)


def address_candidates(index: DocumentIndex) -> list[Candidate]:
    blocks = _first_page_blocks(index)
    by_row: dict[int, list[TextLine]] = {}
    for line in blocks:
        by_row.setdefault(line.row, []).append(line)
    out: list[Candidate] = []
    for first in blocks:
        if not any(c.isalnum() for c in first.text):
            continue
        run = [first]
        while len(run) < _MAX_ADDRESS_ROWS:
            nxt = next((n for n in by_row.get(run[-1].row + 1, []) if _continues(run[-1], n)), None)
            if nxt is None:
                break
            run.append(nxt)
            joined = " ".join(line.text for line in run)
            box = box_of(first.page, [w for line in run for w in line.line.words])
            out.append(Candidate(fold_whitespace(joined), first, 0, len(first.text), box, len(run)))
            tidy = tidy_address(joined)
            if tidy != fold_whitespace(joined):
                out.append(Candidate(tidy, first, 0, len(first.text), box, len(run), variant=1))
        text = fold_whitespace(first.text)
        if any(c.isdigit() for c in text) and _has_letters(text):
            out.append(Candidate(text, first, 0, len(first.text), None))
    return out


def kind_of(meaning: str) -> str:
    """What kind of value a ranked meaning takes; meanings of one kind share their candidates."""
    kinds = (
        ("amount", AMOUNT_MEANINGS),
        ("date", DATE_MEANINGS),
        ("identifier", IDENTIFIER_MEANINGS),
        ("name", NAME_MEANINGS),
        ("address", ADDRESS_MEANINGS),
    )
    return next((kind for kind, meanings in kinds if meaning in meanings), "")


_BROAD = {
    "amount": amount_candidates,
    "date": date_candidates,
    "identifier": identifier_candidates,
    "name": name_candidates,
    "address": address_candidates,
}


def broad_candidates(index: DocumentIndex, meaning: str) -> list[Candidate]:
    """Every value on the page of the kind ``meaning`` takes."""
    find = _BROAD.get(kind_of(meaning))
    return find(index) if find else []

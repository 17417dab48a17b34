"""Total, net and tax amounts: the numbers printed next to their labels, ranked by evidence."""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from paperwise.extraction.candidates import FoundAmount, TextLine
from paperwise.extraction.doc_index import BELOW_LABEL, DocumentIndex
from paperwise.extraction.labels import LabelHit

# A number without decimals ('Total 3') is a weaker amount than '3.00'.
_NO_DECIMALS = 0.6
_NOT_LAST_ON_LINE = 0.75
# A column's sum (no row of its own) is a little less sure than a printed amount.
_COLUMN_SUM = 0.95
_COLUMN_ROWS = 6
# A cash-rounding adjustment: a line naming it, a few cents, maybe printed without its zero
# ('-.01').
_ROUNDING_LINE = re.compile(r"(?i)\bround(?:ing|ed)?\b|\brnd\b|\bpembundaran\b")
MAX_ADJUSTMENT = Decimal("0.05")
_BARE_CENTS = re.compile(r"(?<![\w.,])([-−]?)\s?[.,](\d{2})(?![\w.,])")
# The evidence of the largest amount when no label names a total (a guess).
_LARGEST = 0.35


@dataclass(frozen=True)
class AmountCandidate:
    value: Decimal
    found: FoundAmount | None
    evidence: float


def amount_candidates(index: DocumentIndex, meaning: str) -> list[AmountCandidate]:
    """Candidates for one amount meaning, best evidence first, one per distinct value."""
    out: list[AmountCandidate] = []
    per_label: dict[str, list[AmountCandidate]] = {}
    for hit in index.hits(meaning):
        places = index.places(hit)
        beside = [(p, a) for p in places if p.beside for a in index.amounts_at(p)]
        if not beside:
            out.extend(_column_candidates(index, hit))
            continue
        # Beside a label the amount is the last number before the next label (a rate or a
        # count may come first); below a label, the first one.
        chosen = beside[-1][1]
        for place, amount in beside:
            evidence = hit.strength * place.weight
            evidence *= 1.0 if amount.has_decimals else _NO_DECIMALS
            evidence *= 1.0 if amount is chosen else _NOT_LAST_ON_LINE
            cand = AmountCandidate(amount.value, amount, evidence)
            out.append(cand)
            if amount is chosen and place.beside:
                per_label.setdefault(hit.line.lower[hit.start : hit.end], []).append(cand)
    if meaning == "tax_amount":
        out.extend(_breakdown_sums(per_label))
    if meaning == "total_amount" and not out:
        out.extend(_largest_amounts(index))
    return _best_per_value(out, later_first=meaning == "total_amount")


def _column_candidates(index: DocumentIndex, hit: LabelHit) -> list[AmountCandidate]:
    """Under a column heading: the row that sums the ones above it (a breakdown per rate with
    its total row), else the column's sum when it has several rows and ends (a breakdown per
    rate without one: the first rate's row is not the document's amount), else its one row."""
    rows = _header_cells(index, hit)
    ended = True
    if rows is None:
        rows, ended = _column_amounts(index, hit)
    if not rows:
        return []

    def candidate(amount: FoundAmount) -> AmountCandidate:
        evidence = hit.strength * BELOW_LABEL * (1.0 if amount.has_decimals else _NO_DECIMALS)
        return AmountCandidate(amount.value, amount, evidence)

    running = Decimal(0)
    for i, amount in enumerate(rows):
        if i >= 1 and amount.value == running:
            return [candidate(amount)]
        running += amount.value
    if len(rows) >= 2 and ended:
        evidence = hit.strength * BELOW_LABEL * _COLUMN_SUM
        return [AmountCandidate(running, None, evidence)]
    return [candidate(rows[0])]


def _column_amounts(index: DocumentIndex, hit: LabelHit) -> tuple[list[FoundAmount], bool]:
    """The first amount of each row under a column heading, down to the first row without one,
    and whether the column ends there (rather than going on past the rows looked at)."""
    places = index.column_below(hit, max_rows=_COLUMN_ROWS + 1)
    rows: list[FoundAmount] = []
    for place in places:
        found = index.amounts_at(place)
        if not found:
            return rows, True
        rows.append(found[0])
    return rows, len(places) <= _COLUMN_ROWS


def _header_cells(index: DocumentIndex, hit: LabelHit) -> list[FoundAmount] | None:
    """Under a header row of one word per column ('VAT Net VAT Gross' over 'A 20% 69.92 13.98
    83.90'), the amount in the label's column of each row below. The columns are matched by
    order, not by position: a till receipt's columns are not aligned under their titles. A row
    has as many cells as the header has words; or, where a scan ran cells together, it is a VAT
    row (net, tax, gross with net + tax = gross) whose amounts are the header's last columns.
    None when the label's row is no such header."""
    header = _row(index, hit.line)
    words = [w for seg in header for w in seg.line.words]
    label_words = hit.line.words_in(hit.start, hit.end)
    if len(words) < 3 or not label_words or any(index.amounts[seg.index] for seg in header):
        return None
    rank = next(i for i, w in enumerate(words) if w is label_words[0])
    rows: list[FoundAmount] = []
    last = header[-1]
    is_header = False
    while last.index + 1 < len(index.lines) and len(rows) < _COLUMN_ROWS:
        cells = _row(index, index.lines[last.index + 1])
        if cells[0].page != hit.line.page or cells[0].row != last.row + 1:
            break
        found = [index.amounts[cell.index] for cell in cells]
        amounts = [a for f in found for a in f]
        if len(cells) == len(words) and sum(1 for f in found if f) >= 2:
            cell = found[rank]
        elif _vat_row(amounts) and len(words) >= len(amounts):
            column = rank - (len(words) - len(amounts))
            cell = amounts[column : column + 1] if column >= 0 else []
        else:
            break
        is_header = True
        if len(cell) != 1:
            break  # the label titles a column of rates or codes
        rows.append(cell[0])
        last = cells[-1]
    return rows if is_header else None


def _vat_row(amounts: list[FoundAmount]) -> bool:
    """Net, tax and gross, in that order: net + tax = gross."""
    if len(amounts) != 3:
        return False
    net, tax, gross = (a.value for a in amounts)
    return abs(net + tax - gross) <= Decimal("0.011") and abs(tax) < abs(net)


def _row(index: DocumentIndex, line: TextLine) -> list[TextLine]:
    """The segments of a line's visual row, left to right."""
    first = line.index
    while first > 0 and index.lines[first - 1].row == line.row:
        first -= 1
    last = line.index
    while last + 1 < len(index.lines) and index.lines[last + 1].row == line.row:
        last += 1
    return index.lines[first : last + 1]


def _breakdown_sums(per_label: dict[str, list[AmountCandidate]]) -> list[AmountCandidate]:
    """A label repeated on several rows (one tax line per VAT rate): their sum is a candidate."""
    out = []
    for cands in per_label.values():
        if len(cands) >= 2:
            total = sum((c.value for c in cands), Decimal(0))
            out.append(AmountCandidate(total, None, 0.9 * min(c.evidence for c in cands)))
    return out


def _largest_amounts(index: DocumentIndex) -> list[AmountCandidate]:
    """With no total label, the three largest amounts with decimals are a guess at the total,
    the largest first; not the cash handed over or the change (rows labelled so), which are
    often larger than the total."""
    payment = {(h.line.page, h.line.row) for m in ("paid", "change") for h in index.hits(m)}
    amounts = [
        a
        for line in index.amounts
        for a in line
        if a.has_decimals and a.value > 0 and (a.line.page, a.line.row) not in payment
    ]
    amounts.sort(key=lambda a: -a.value)
    distinct: dict[Decimal, FoundAmount] = {}
    for a in amounts:
        distinct.setdefault(a.value, a)
    largest = list(distinct.values())[:3]
    return [AmountCandidate(a.value, a, _LARGEST - 0.01 * i) for i, a in enumerate(largest)]


def _best_per_value(
    cands: list[AmountCandidate], *, later_first: bool = False
) -> list[AmountCandidate]:
    """One candidate per value, best evidence first; among equals the earlier one, or for a total
    the later one (a total printed after rounding or charges is the final one)."""
    best: dict[Decimal, AmountCandidate] = {}
    for c in cands:
        if c.value not in best or c.evidence > best[c.value].evidence:
            best[c.value] = c
    sign = -1 if later_first else 1

    def key(c: AmountCandidate) -> tuple[float, int]:
        return -round(c.evidence, 6), sign * (c.found.line.index if c.found else 0)

    return sorted(best.values(), key=key)


def after_rounding(index: DocumentIndex, totals: list[AmountCandidate]) -> list[AmountCandidate]:
    """Totals that are a total candidate plus a rounding adjustment printed below it ('Total
    22.91 / Rounding Adj -0.01'), when that sum is printed again further down ('22.90'): the
    final total, which the customer paid. An unsigned adjustment may go either way."""
    out: list[AmountCandidate] = []
    for where, adjustments in _rounding_adjustments(index):
        for total in totals[:3]:
            if total.found is None or (total.found.line.page, total.found.line.row) >= where:
                continue
            for adjustment in adjustments:
                final = total.value + adjustment
                printed = next(
                    (
                        a
                        for found in index.amounts
                        for a in found
                        if a.value == final and (a.line.page, a.line.row) > where
                    ),
                    None,
                )
                if printed is not None:
                    out.append(AmountCandidate(final, printed, total.evidence))
    return out


def _rounding_adjustments(index: DocumentIndex) -> list[tuple[tuple[int, int], list[Decimal]]]:
    """Per row naming a rounding, (page, row) and the adjustment's possible signed values."""
    out: list[tuple[tuple[int, int], list[Decimal]]] = []
    for line in index.lines:
        if not _ROUNDING_LINE.search(line.text):
            continue
        row = [t for t in _row(index, line) if t.index >= line.index]
        small = [
            a.value
            for t in row
            for a in index.amounts[t.index]
            if 0 < abs(a.value) <= MAX_ADJUSTMENT
        ]
        if not small:
            bare = (m for t in row for m in _BARE_CENTS.finditer(t.text))
            small = [
                Decimal(f"{'-' if m.group(1) else ''}0.{m.group(2)}")
                for m in bare
                if 0 < int(m.group(2)) <= MAX_ADJUSTMENT * 100
            ]
        if not small:
            continue
        value = small[0]
        out.append(((line.page, line.row), [value] if value < 0 else [value, -value]))
    return out
